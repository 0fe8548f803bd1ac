"""The RNSR import: read by column name, multi-valued fields, personal columns never read, the real
Hauts-de-France extract, and bad files refused with nothing changed."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import CommandError, call_command

from territoire.innovation import rnsr
from territoire.innovation.actions import importer_structures
from territoire.innovation.models import (
    CompetenceDetenue,
    DetenteurCompetences,
    ImportRecherche,
    Tutelle,
)
from territoire.referentiel.actions import DonneesInvalides
from tests.conftest import shared_file

FICHIER = "recherche/rnsr_structures_recherche_actives_hauts-de-france_2022-02.csv"
LGCGE = {
    "numero_national_de_structure": "201019043K", "libelle": "LGCgE LABORATOIRE GÉNIE CIVIL ET GÉO-ENVIRONNEMENT",
    "sigle": "ULR 4515", "annee_de_creation": "2010", "type_de_structure": "Unité mixte", "code_de_type_de_structure": "22",
    "site_web": "https://www.lgcge.fr", "adresse": "Université d'Artois - Technoparc FUTURA", "code_postal": "62400",
    "commune": "BETHUNE", "label_numero": "ULR 4515;;EA 4515;", "tutelles": "Université Artois;Université de Lille",
    "sigles_des_tutelles": "ARTOIS;LILLE", "nature_de_tutelle": "Université;Université", "uai_des_tutelles": "0623957P;0597065J",
    "siret_des_tutelles": "19624401600016;13002358300011", "code_de_type_de_tutelle": "TUTE;PART",
    "type_de_tutelle": "établissement tutelle;établissement participant", "numero_de_structure_parent": "",
    "code_domaine_scientifique": "8", "domaine_scientifique": "Sciences pour l'ingénieur", "code_panel_erc": "PE8;PE10",
    "panel_erc": "Products and Processes Engineering : x;Earth System Science : y", "fiche_rnsr": "https://appliweb.dgri.education.fr/rnsr/x",
}


def _csv(lignes: list[dict], colonnes=None) -> bytes:
    colonnes = colonnes or list(lignes[0])
    sortie = io.StringIO()
    w = csv.DictWriter(sortie, fieldnames=colonnes, delimiter=";")
    w.writeheader()
    w.writerows(lignes)
    return sortie.getvalue().encode("utf-8")


def test_une_ligne_du_registre_donne_labels_tutelles_panels_sans_doublons():
    s = rnsr.structure_depuis_ligne(LGCGE, 2)
    assert s.labels == ["ULR 4515", "EA 4515"]
    assert [(t.sigle, t.participant) for t in s.tutelles] == [("ARTOIS", False), ("LILLE", True)]
    assert [p["code"] for p in s.panels] == ["PE8", "PE10"]
    assert s.panels[0]["libelle"] == "Products and Processes Engineering"
    assert s.type_detenteur == "laboratoire" and s.departement == "62"


def test_les_competences_derivees_du_registre_citent_leur_champ():
    s = rnsr.structure_depuis_ligne(LGCGE)
    derivees = rnsr.competences_du_registre(s, {"genie-procedes", "environnement-milieux", "genie-civil"}, None)
    assert derivees["genie-procedes"].startswith("RNSR, panel ERC PE8")
    assert "genie-civil" not in derivees  # only the name would give it, and no detector was given


@pytest.mark.parametrize("champ, valeur, attendu", [
    ("numero_national_de_structure", "12345", "9 chiffres et une lettre"),
    ("libelle", "", "libelle vide"),
    ("code_postal", "6240", "5 chiffres"),
])
def test_une_valeur_fausse_est_refusee_avec_sa_colonne(champ, valeur, attendu):
    with pytest.raises(ValueError, match=attendu):
        rnsr.structure_depuis_ligne({**LGCGE, champ: valeur})


def test_une_adresse_web_malformee_est_ecartee_sans_refuser_la_structure():
    s = rnsr.structure_depuis_ligne({**LGCGE, "site_web": "CATALYSE ET CHIMIE MOLECULAIRE", "fiche_rnsr": "javascript:alert(1)"})
    assert s.site_web == "" and s.fiche == ""


def test_les_colonnes_du_responsable_ne_sont_jamais_lues():
    ligne = {**LGCGE, "nom_du_responsable": "Dupont", "prenom_du_responsable": "Jean", "titre_du_responsable": "Directeur"}
    s = rnsr.structure_depuis_ligne(ligne)
    assert "Dupont" not in repr(s) and "Jean" not in repr(s)


def test_un_fichier_qui_n_est_pas_un_export_du_rnsr_est_refuse():
    with pytest.raises(DonneesInvalides, match="colonnes manquantes"):
        rnsr.lire(b"siret,nom\n1,2\n", "autre.csv")


def test_une_ligne_avec_trop_de_valeurs_est_refusee_avec_son_numero():
    contenu = _csv([LGCGE]) + b"x;" * 40 + b"\n"
    with pytest.raises(DonneesInvalides, match="ligne 3"):
        rnsr.lire(contenu, "casse.csv")


def test_un_fichier_latin1_est_refuse_en_disant_d_utiliser_utf8():
    with pytest.raises(DonneesInvalides, match="UTF-8"):
        rnsr.lire(_csv([LGCGE]).decode("utf-8").encode("latin-1"), "latin1.csv")


def test_un_fichier_demesure_est_refuse_avant_lecture(monkeypatch):
    monkeypatch.setattr(rnsr, "TAILLE_MAX", 100)
    with pytest.raises(DonneesInvalides, match="Est-ce le bon fichier"):
        rnsr.lire(_csv([LGCGE]), "gros.csv")


def test_une_structure_en_double_est_refusee():
    with pytest.raises(DonneesInvalides, match="déjà à la ligne 2"):
        rnsr.lire(_csv([LGCGE, LGCGE]), "double.csv")


def test_l_extrait_reel_des_hauts_de_france_se_lit_en_entier():
    structures, lues = rnsr.lire(shared_file(FICHIER).read_bytes(), "rnsr.csv")
    assert lues == len(structures) == 406
    par_numero = {s.numero: s for s in structures}
    assert par_numero["201019043K"].labels[0] == "ULR 4515"
    assert par_numero["200615276H"].label_numero == "UR 4025" and par_numero["200415185T"].label_numero == "UR 3926"
    assert sum(s.departement == "62" for s in structures) == 27
    assert all(t.siret == "" or len(t.siret) == 14 for s in structures for t in s.tutelles)
    assert sum(s.type_detenteur == "equipe_recherche" for s in structures) == 196


def _sans_lieu(code_postal, commune):
    return None


@pytest.mark.django_db
def test_l_import_cree_organisations_tutelles_et_competences_puis_ne_change_rien_au_second_passage(territoire, vocabulaire):
    contenu = _csv([LGCGE, {**LGCGE, "numero_national_de_structure": "201023989L", "libelle": "Équipe couches minces",
                            "code_de_type_de_structure": "1", "numero_de_structure_parent": "201019043K"}])
    run = importer_structures(territoire, contenu, "essai.csv", trouver_lieu=_sans_lieu)
    assert (run.lignes, run.creees) == (2, 2)
    labo = DetenteurCompetences.objects.get(numero_rnsr="201019043K")
    equipe = DetenteurCompetences.objects.get(numero_rnsr="201023989L")
    assert equipe.structure_parente == labo and equipe.type == "equipe_recherche"
    assert labo.etablissement_parent.nom == "Université Artois" and labo.etablissement_parent.siret == "19624401600016"
    assert list(Tutelle.objects.filter(detenteur=labo).values_list("type", flat=True)) == ["tutelle", "participant"]
    sources = dict(CompetenceDetenue.objects.filter(detenteur=labo).values_list("competence__code", "source"))
    assert sources["genie-civil"] == "RNSR, intitulé de la structure (« génie civil »)"
    assert labo.organisation.territoires.filter(pk=territoire.pk).exists()
    second = importer_structures(territoire, contenu, "essai.csv", trouver_lieu=_sans_lieu)
    assert (second.creees, second.mises_a_jour, second.inchangees) == (0, 0, 2)


@pytest.mark.django_db
def test_le_html_d_un_libelle_est_garde_comme_texte(territoire, vocabulaire):
    importer_structures(territoire, _csv([{**LGCGE, "libelle": "<script>alert(1)</script> Laboratoire"}]), "x.csv",
                        trouver_lieu=_sans_lieu)
    assert DetenteurCompetences.objects.get().organisation.nom == "<script>alert(1)</script> Laboratoire"


@pytest.mark.django_db
def test_l_essai_a_blanc_et_le_fichier_refuse_ne_laissent_rien(territoire, vocabulaire, tmp_path):
    importer_structures(territoire, _csv([LGCGE]), "x.csv", trouver_lieu=_sans_lieu, dry_run=True)
    assert not DetenteurCompetences.objects.exists() and not ImportRecherche.objects.exists()
    casse = tmp_path / "casse.csv"
    casse.write_bytes(_csv([LGCGE]) + _csv([{**LGCGE, "numero_national_de_structure": "abc"}]).split(b"\n", 1)[1])
    with pytest.raises(CommandError, match="ligne 3"):
        call_command("recherche", "import", str(casse), "--territoire", territoire.slug)
    assert not DetenteurCompetences.objects.exists()


@pytest.mark.django_db
@pytest.mark.shared
def test_la_commande_importe_les_structures_du_pas_de_calais_du_fichier_reel(territoire, vocabulaire, capsys):
    call_command("recherche", "import", str(shared_file(FICHIER)), "--territoire", territoire.slug, "--departement", "62")
    assert "406 structures lues, 27 retenues ; 27 créées" in capsys.readouterr().out
    lgcge = DetenteurCompetences.objects.get(numero_rnsr="201019043K")
    assert lgcge.code_commune == "62119" and lgcge.latitude is not None  # Béthune, from the official data
    lens = DetenteurCompetences.objects.get(numero_rnsr="200812835W")  # CRIL, « LENS CEDEX »
    assert lens.code_commune == "62498"
    assert CompetenceDetenue.objects.filter(detenteur__numero_rnsr="200615276H", competence__code="electrotechnique").exists()
