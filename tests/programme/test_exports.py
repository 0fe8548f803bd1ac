"""Exports (DOCX, PDF, XLSX) and the plan import: content, round trip, hostile input."""

import datetime as dt
import io
import re
import zipfile

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import Workbook, load_workbook

from territoire.programme import actions
from territoire.programme.exports import documents, tableur
from territoire.programme.exports.tableur import ENTETES, ImportRefuse
from territoire.programme.models import FicheAction, MiseAJour

from . import factories


@pytest.fixture
def plan(programme, alice, cci):
    f1 = factories.fiche(
        programme,
        alice,
        "1",
        statut_code="en-cours",
        pilote_organisation=cci,
        axes=[programme.axes.get(code="innover")],
        date_debut=dt.date(2020, 1, 1),
    )
    factories.fiche(programme, alice, "1.1", parent=f1, statut_code="a-lancer", partenaires=[cci])
    factories.fiche(
        programme,
        alice,
        "2",
        titre='=HYPERLINK("http://x.example";"clic")',
        description="@SUM(1+1)",
        statut_code="en-cours",
    )
    return programme


def _texte_docx(contenu: bytes) -> str:
    d = Document(io.BytesIO(contenu))
    morceaux = [p.text for p in d.paragraphs]
    for t in d.tables:
        morceaux += [c.text for r in t.rows for c in r.cells]
    return "\n".join(morceaux)


def _classeur(lignes, entetes=ENTETES) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Plan"
    ws.append(entetes)
    for ligne in lignes:
        ws.append(ligne)
    sortie = io.BytesIO()
    wb.save(sortie)
    return sortie.getvalue()


def _ligne(**valeurs):
    base = dict.fromkeys(ENTETES, "")
    base.update(
        {
            "Numéro": "9",
            "Titre": "Nouvelle fiche",
            "Axes": "recruter",
            "Statut": "en-cours",
            "Priorité": "haute",
            "Confidentielle": "non",
        }
    )
    base.update(valeurs)
    return [base[e] for e in ENTETES]


def test_l_export_du_plan_neutralise_les_formules(plan):
    wb = load_workbook(io.BytesIO(tableur.exporter_plan(plan)))
    ws = wb["Plan"]
    assert [c.value for c in ws[1]] == ENTETES
    cellules = {ws.cell(row=r, column=1).value: r for r in range(2, ws.max_row + 1)}
    titre = ws.cell(row=cellules["2"], column=2)
    assert titre.value.startswith("'=HYPERLINK") and titre.data_type == "s"
    assert ws.cell(row=cellules["2"], column=5).value == "'@SUM(1+1)"
    assert all(c.data_type != "f" for ligne in ws.iter_rows() for c in ligne)


def test_les_dates_de_l_export_sont_des_cellules_de_date(plan, alice):
    """Dates are real date cells (a spreadsheet sorts and filters them as dates), shown the
    French way; an empty date is an empty cell, never the text "None"."""
    f1 = FicheAction.objects.get(programme=plan, numero="1")
    actions.enregistrer_mise_a_jour(f1, alice, date=dt.date(2021, 6, 15), note="Point d'étape.", statut=f1.statut)
    contenu = tableur.exporter_plan(plan)
    wb = load_workbook(io.BytesIO(contenu))
    feuille = wb["Plan"]
    debut = ENTETES.index("Date de début") + 1
    cellule = feuille.cell(row=2, column=debut)
    assert feuille.cell(row=2, column=1).value == "1"
    assert cellule.is_date and cellule.number_format == "DD/MM/YYYY"
    # Stored as a serial number (43831 is 1 January 2020), not as a text cell.
    with zipfile.ZipFile(io.BytesIO(contenu)) as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode()
    brut = re.search(rf'<c r="{cellule.coordinate}"([^>]*)><v>([^<]*)</v>', xml)
    assert brut and re.search(r't="(s|str|inlineStr)"', brut.group(1)) is None and brut.group(2) == "43831"
    assert cellule.value.date() == dt.date(2020, 1, 1)
    assert feuille.cell(row=3, column=debut).value is None  # fiche 1.1 has no start date
    synthese = wb["Synthèse"]
    entetes = [c.value for c in synthese[1]]
    maj = synthese.cell(row=2, column=entetes.index("Dernière mise à jour") + 1)
    assert maj.is_date and maj.value.date() == dt.date(2021, 6, 15)


def test_reimporter_l_export_ne_change_rien(plan, alice):
    avant = {f.numero: (f.titre, f.description, f.statut_id) for f in FicheAction.objects.all()}
    bilan = tableur.importer_plan(tableur.exporter_plan(plan), plan, alice)
    assert (bilan.creees, bilan.modifiees, bilan.inchangees) == (0, 0, 3)
    assert {
        f.numero: (f.titre, f.description, f.statut_id) for f in FicheAction.objects.all()
    } == avant


def test_l_import_met_a_jour_par_numero_et_signe_le_changement_de_statut(plan, alice):
    wb = load_workbook(io.BytesIO(tableur.exporter_plan(plan)))
    ws = wb["Plan"]
    for r in range(2, ws.max_row + 1):
        if ws.cell(row=r, column=1).value == "1":
            ws.cell(row=r, column=2).value = "Titre revu"
            ws.cell(row=r, column=14).value = "terminee"
            ws.cell(row=r, column=15).value = None
    ws.append(_ligne())
    sortie = io.BytesIO()
    wb.save(sortie)
    bilan = tableur.importer_plan(sortie.getvalue(), plan, alice, "plan.xlsx")
    assert (bilan.creees, bilan.modifiees, bilan.statuts_changes) == (1, 1, 1)
    f1 = FicheAction.objects.get(numero="1")
    assert f1.titre == "Titre revu" and f1.statut.code == "terminee"
    maj = f1.mises_a_jour.first()
    assert maj.auteur == alice and "import du plan (plan.xlsx)" in maj.note
    assert FicheAction.objects.get(numero="9").axes.get().code == "recruter"


def test_l_import_refuse_tout_le_fichier_et_dit_chaque_ligne_fautive(plan, alice):
    contenu = _classeur(
        [
            _ligne(**{"Numéro": "20", "Titre": "Valide"}),
            _ligne(**{"Numéro": "21", "Axes": "axe-inconnu"}),
            _ligne(**{"Numéro": "20", "Titre": "Doublon"}),
            _ligne(**{"Numéro": "22", "Avancement (%)": "150"}),
            _ligne(**{"Numéro": "23", "Date de début": "01/02/2022", "Date de fin": "01/01/2021"}),
            _ligne(**{"Numéro": "24", "Statut": "n'existe pas", "Date de fin": "32/13/2022"}),
            _ligne(**{"Numéro": "25", "Fiche parente": "999"}),
        ]
    )
    with pytest.raises(ImportRefuse) as exc:
        tableur.importer_plan(contenu, plan, alice)
    erreurs = "\n".join(exc.value.erreurs)
    assert "Ligne 3 : axe inconnu « axe-inconnu »" in erreurs
    assert "Ligne 4 : numéro 20 en double (déjà ligne 2)" in erreurs
    assert "Ligne 5 : avancement 150 hors de 0 à 100" in erreurs
    assert "Ligne 6 : la date de fin précède la date de début" in erreurs
    assert (
        "Ligne 7 : statut inconnu" in erreurs and "Ligne 7, date de fin : date illisible" in erreurs
    )
    assert "Ligne 8 : fiche parente 999 inconnue" in erreurs
    assert not FicheAction.objects.filter(numero__in=["20", "21", "22"]).exists()


def test_l_import_refuse_les_mauvaises_colonnes_les_formules_et_les_faux_fichiers(plan, alice):
    with pytest.raises(ImportRefuse, match="colonnes manquantes : Confidentielle"):
        tableur.importer_plan(_classeur([], ENTETES[:-1]), plan, alice)
    with pytest.raises(ImportRefuse, match="formule refusée"):
        tableur.importer_plan(_classeur([_ligne(**{"Titre": "=1+1"})]), plan, alice)
    with pytest.raises(ImportRefuse, match="pas un classeur XLSX lisible"):
        tableur.importer_plan("Numéro;Titre\n1;é".encode("latin-1"), plan, alice)
    assert FicheAction.objects.count() == 3


def test_la_page_d_import_montre_les_erreurs_et_n_enregistre_rien(client, territoire, alice, plan):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(alice)
    fichier = SimpleUploadedFile("plan.xlsx", _classeur([_ligne(**{"Axes": "nulle-part"})]))
    reponse = client.post(
        reverse("programme:plan_import", kwargs={"territoire": territoire.slug}),
        {"fichier": fichier},
    )
    assert reponse.status_code == 400
    assert "axe inconnu « nulle-part »" in reponse.content.decode()
    assert not FicheAction.objects.filter(numero="9").exists()


def test_la_fiche_en_docx_et_pdf_vient_d_un_seul_gabarit(plan, alice, territoire):
    f = FicheAction.objects.get(numero="1")
    actions.enregistrer_mise_a_jour(
        f, alice, date=dt.date(2022, 5, 1), note="Douze diagnostics réalisés.", statut=f.statut
    )
    factories.argent(f, alice, cout="100000", accorde="40000", demande="0", verse="0")
    d = documents.donnees_fiche(f, interne=True)
    texte = _texte_docx(documents.fiche_docx(d, territoire))
    assert "Fiche-action 1 — Accompagner l'industrie du futur" in texte
    assert "Douze diagnostics réalisés." in texte and "il manque 60\u202f000\u00a0€" in texte
    assert documents.fiche_pdf(d, territoire).startswith(b"%PDF")


def test_la_fiche_publique_exportee_n_a_ni_argent_ni_nom_de_personne(plan, alice, territoire):
    f = FicheAction.objects.get(numero="1")
    factories.argent(f, alice)
    actions.publier_fiche(f, alice)
    texte = _texte_docx(documents.fiche_docx(documents.donnees_fiche(f, interne=False), territoire))
    assert "Version publiée" in texte and "Budget" not in texte and "alice" not in texte


def test_le_rapport_cite_la_derniere_mise_a_jour_a_la_fin_de_la_periode(plan, alice, territoire):
    f = FicheAction.objects.get(numero="1")
    actions.enregistrer_mise_a_jour(
        f, alice, date=dt.date(2021, 3, 1), note="Point de mars 2021.", statut=f.statut
    )
    actions.enregistrer_mise_a_jour(
        f, alice, date=dt.date(2022, 3, 1), note="Point de mars 2022.", statut=f.statut
    )
    r = documents.donnees_rapport(plan, dt.date(2021, 1, 1), dt.date(2021, 12, 31))
    texte = _texte_docx(documents.rapport_docx(r, territoire))
    assert "Point de mars 2021." in texte and "Point de mars 2022." not in texte
    assert documents.rapport_pdf(r, territoire).startswith(b"%PDF")
    assert MiseAJour.objects.filter(fiche=f).count() == 3


def test_le_reporting_national_porte_l_id_ti_et_les_fonds_engages(plan, alice, territoire):
    f = FicheAction.objects.get(numero="1")
    factories.argent(f, alice, cout="100000", accorde="30000", demande="5000", verse="20000")
    t = tableur.tableau_national(plan)
    ligne = next(x for x in t["lignes"] if x["axe"] == "Innover" and x["statut"] == "En cours")
    assert ligne["id_ti"] == "TI-TEST" and ligne["fiches"] == 1 and ligne["engage"] == 50000
    ws = load_workbook(io.BytesIO(tableur.exporter_tableau_national(plan))).active
    assert ws["A1"].value == "id_ti" and ws["A2"].value == "TI-TEST"


def test_le_rapport_donne_le_statut_a_la_fin_de_la_periode(plan, alice):
    f = FicheAction.objects.get(numero="1")
    actions.enregistrer_mise_a_jour(
        f,
        alice,
        date=dt.date(2022, 6, 1),
        note="Close.",
        statut=factories.statut(plan.territoire, "terminee"),
    )
    r = documents.donnees_rapport(plan, dt.date(2021, 1, 1), dt.date(2021, 12, 31))
    ligne = next(x for x in r["lignes"] if x["fiche"].numero == "1")
    assert ligne["statut"].code == "en-cours"
    assert ligne["retard"] == []  # its end date is not set and it was running
