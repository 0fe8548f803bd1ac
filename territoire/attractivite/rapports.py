"""The inventory report the intercommunality files: one HTML template, rendered to PDF
(WeasyPrint) and to DOCX (the programme's converter), with the standard's files beside it."""

from __future__ import annotations

from pathlib import Path

from django.template.loader import render_to_string

from territoire.programme.exports.documents import pdf_depuis_html

from . import inventaire


def precedent(inv):
    from .models import Inventaire

    return (Inventaire.objects.filter(territoire_id=inv.territoire_id, date__lte=inv.date)
            .exclude(pk=inv.pk).order_by("-date", "-pk").first())


def donnees(inv) -> dict:
    from territoire.etablissements.models import ImportSirene

    avant = precedent(inv)
    dernier_import = (ImportSirene.objects.filter(territoire_id=inv.territoire_id, statut="reussi")
                      .order_by("-debut").first())
    return {
        "inventaire": inv,
        "territoire": inv.territoire,
        "lignes": inv.sites,
        "totaux": inv.totaux,
        "precedent": avant,
        "differences": inventaire.differences(avant.sites if avant else None, inv.sites),
        "echeance": inv.echeance,
        "import_sirene": dernier_import,
        "a_qualifier": [(ligne["site_nom"], q) for ligne in inv.sites for q in ligne["a_qualifier"]],
    }


def html(inv) -> str:
    d = donnees(inv)
    return render_to_string("attractivite/documents/inventaire.html", {"d": d, "territoire": d["territoire"]})


def inventaire_pdf(inv) -> bytes:
    return pdf_depuis_html(html(inv))


def inventaire_docx(inv) -> bytes:
    """The same report as the PDF, written with python-docx directly: the programme's HTML
    converter addresses table cells one by one, quadratic in the rows (20 s for 50 sites)."""
    import io

    from django.utils.formats import date_format
    from docx import Document
    from docx.table import _Cell

    d = donnees(inv)
    t = d["totaux"]
    doc = Document()
    doc.core_properties.title = f"Inventaire des zones d'activité du {inv.date:%d/%m/%Y}"

    def jour(v) -> str:
        return date_format(v, "j F Y") if v else "—"

    def nombre(v, decimales=0) -> str:
        if v is None or v == "":
            return "—"
        texte = f"{v:,.{decimales}f}".replace(",", "\u202f").replace(".", ",")
        return texte

    def tableau(entetes: list[str], lignes: list[list[str]]) -> None:
        table = doc.add_table(rows=1, cols=len(entetes))
        table.style = "Table Grid"
        for tc, texte in zip(table.rows[0]._tr.tc_lst, entetes, strict=True):
            _Cell(tc, table).text = texte
        for valeurs in lignes:
            tr = table.add_row()._tr  # row by row: constant time (no cell lookup through the grid)
            for tc, texte in zip(tr.tc_lst, valeurs, strict=True):
                _Cell(tc, table).text = texte

    territoire = d["territoire"]
    doc.add_paragraph(f"{territoire.nom} — Territoire d'industrie")
    doc.add_heading("Inventaire des zones d'activité économique", level=1)
    doc.add_paragraph(
        "Code de l'urbanisme, article L. 318-8-2 (loi n° 2021-1104 du 22 août 2021, article 220). Inventaire établi le "
        f"{jour(inv.date)}, au standard CNIG « sites économiques » (v1.0.1)."
        + (" Démonstration : établissements fictifs, valeurs illustratives." if territoire.donnees_fictives else "")
    )
    doc.add_paragraph().add_run(f"Prochain inventaire au plus tard le {jour(d['echeance'])} "
                                "(mise à jour au moins tous les six ans).").bold = True
    doc.add_heading("Synthèse", level=2)
    tableau(["Chiffre", "Valeur"], [
        ["Sites économiques", nombre(t["sites"])],
        ["Établissements actifs (recensement SIRENE)", nombre(t["etablissements"])],
        ["Emplois (estimation basse – centrale – haute)",
         f"{nombre(t['emplois_bas'])} – {nombre(t['emplois_central'])} – {nombre(t['emplois_haut'])}"],
        ["Terrains (unités foncières) pris en compte", nombre(t["terrains"])],
        ["Terrains vacants", nombre(t["terrains_vacants"])],
        ["Taux de vacance", "inconnu" if t["taux_vacance"] is None else f"{nombre(t['taux_vacance'], 1)} %"],
        ["Terrains bâtis", nombre(t["terrains_batis"])],
        ["Terrains disponibles à la vente", f"{nombre(t['terrains_disponibles'])} ({nombre(t['surface_disponible_ha'], 2)} ha)"],
    ])
    millesimes = ", ".join(t["millesimes"]) or "inconnu"
    doc.add_paragraph(f"Emplois déduits des tranches d'effectifs SIRENE (millésime {millesimes}), d'où une fourchette. "
                      "Taux de vacance : terrains vacants sur terrains dont l'occupation est connue.")
    doc.add_heading("Par site", level=2)
    tableau(["Site", "Identifiant", "Établissements", "Emplois (bas – central – haut)", "Terrains", "Vacants",
             "Taux de vacance", "Bâtis", "Mise à jour"], [
        [x["site_nom"], x["site_id"], nombre(x["etablissements"]),
         f"{nombre(x['emplois_bas'])} – {nombre(x['emplois_central'])} – {nombre(x['emplois_haut'])}",
         nombre(x["terrains"]), nombre(x["terrains_vacants"]),
         "inconnu" if x["taux_vacance"] is None else f"{nombre(x['taux_vacance'], 1)} %", nombre(x["terrains_batis"]),
         x["mise_a_jour"] or "—"] for x in d["lignes"]
    ])
    doc.add_heading("Ce qui a changé depuis l'inventaire précédent", level=2)
    ecarts = d["differences"]
    if ecarts["premier"]:
        doc.add_paragraph("Premier inventaire établi sur la plateforme : pas de comparaison.")
    else:
        doc.add_paragraph(f"Inventaire précédent : {jour(d['precedent'].date)}.")
        if ecarts["ajoutes"]:
            doc.add_paragraph(f"Sites ajoutés : {', '.join(ecarts['ajoutes'])}.")
        if ecarts["retires"]:
            doc.add_paragraph(f"Sites retirés : {', '.join(ecarts['retires'])}.")
        if ecarts["changes"]:
            tableau(["Site", "Chiffre", "Avant", "Après"], [
                [c["site_nom"], ch["libelle"], "—" if ch["avant"] is None else str(ch["avant"]),
                 "—" if ch["apres"] is None else str(ch["apres"])] for c in ecarts["changes"] for ch in c["champs"]
            ])
        if not (ecarts["ajoutes"] or ecarts["retires"] or ecarts["changes"]):
            doc.add_paragraph("Aucun changement.")
    if d["a_qualifier"]:
        doc.add_heading("Terrains à qualifier", level=2)
        doc.add_paragraph("Leur état d'occupation ou leur usage est vide ou n'est pas dans la liste des valeurs classées : "
                          "ils ne comptent pas dans le taux de vacance tant que l'équipe ne les a pas qualifiés.")
        tableau(["Site", "Terrain", "Champs"], [[site, q["terr_id"], ", ".join(q["champs"])] for site, q in d["a_qualifier"]])
    doc.add_paragraph("Fichiers joints au standard CNIG : site-eco.csv, terrain-eco.csv, pole-eco.csv, etablissement.csv, "
                      "sites_economiques.gpkg. Schémas : Licence Ouverte 2.0 (CNIG).")
    sortie = io.BytesIO()
    doc.save(sortie)
    return sortie.getvalue()


def nom_fichier(inv, extension: str) -> str:
    return f"inventaire-zae-{inv.territoire.slug}-{inv.date:%Y-%m-%d}.{extension}"


def ecrire_rapports(inv, dossier: Path) -> list[Path]:
    dossier = Path(dossier)
    dossier.mkdir(parents=True, exist_ok=True)
    pdf = dossier / nom_fichier(inv, "pdf")
    pdf.write_bytes(inventaire_pdf(inv))
    docx = dossier / nom_fichier(inv, "docx")
    docx.write_bytes(inventaire_docx(inv))
    return [pdf, docx]
