"""The inventory report the intercommunality files: one HTML template, rendered to PDF
(WeasyPrint) and to DOCX (the programme's converter), with the standard's files beside it."""

from __future__ import annotations

from pathlib import Path

from django.template.loader import render_to_string

from territoire.programme.exports.documents import pdf_depuis_html
from territoire.programme.exports.docx_html import docx_depuis_html

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
    return docx_depuis_html(html(inv), f"Inventaire des zones d'activité du {inv.date:%d/%m/%Y}")


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
