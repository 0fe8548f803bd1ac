"""The importer against real public SIRENE files (../shared/data/real/sirene, see its README)."""

from __future__ import annotations

import csv

import pytest

from territoire.etablissements.importer import importer_stock
from territoire.etablissements.importer.colonnes import ETABLISSEMENTS
from territoire.etablissements.importer.lecture import Lecteur
from territoire.etablissements.importer.transformation import Contexte, transformer_lot
from territoire.etablissements.models import Etablissement, ImportSirene, UniteLegale
from tests.conftest import shared_file
from tests.etablissements import fichiers as f

pytestmark = [pytest.mark.django_db, pytest.mark.shared]


def test_fixture_geo_siret_d_etalab_est_acceptee_par_nom_de_colonne(territoire):
    chemin = shared_file("sirene/etalab_sirene_as_api_fixture_geo_siret_3rows.csv")
    imp = importer_stock(territoire, chemin)
    # Its three companies closed in 1984 have no commune: none belongs to the territory.
    assert imp.statut == ImportSirene.Statut.REUSSI
    assert imp.lignes_lues == 3 and imp.lignes_retenues == 0 and imp.siret_invalides == 0


def test_fixture_geo_siret_se_transforme_sans_rejet():
    lecteur = Lecteur(shared_file("sirene/etalab_sirene_as_api_fixture_geo_siret_3rows.csv"), ETABLISSEMENTS)
    lots = list(lecteur.lots("true"))
    lignes, rejets = transformer_lot(lots[0], Contexte(communes={}, regles={"57": 1}))
    assert rejets == [] and len(lignes) == 3
    assert {ligne["etat"] for ligne in lignes} == {"F"}
    assert {ligne["nomenclature_naf"] for ligne in lignes} == {"NAP"}
    # An old NAP code is kept as it is but counts neither as industry nor in a filière.
    assert not any(ligne["est_industriel"] or ligne["filiere_id"] for ligne in lignes)
    assert lignes[0]["siret"] == "00588003400011" and lignes[0]["date_debut"].year == 1984


def test_export_csv_de_l_api_sirene_importe_par_nom_de_colonne(db, tmp_path):
    from territoire.referentiel.models import Commune, Territoire

    chemin = shared_file("sirene/api_sirene_v3_csv_isere_4711_973rows.csv")
    with open(chemin, encoding="utf-8", newline="") as fh:
        lignes = list(csv.DictReader(fh))
    codes = sorted({ligne["codeCommuneEtablissement"] for ligne in lignes if ligne["codeCommuneEtablissement"]})
    isere = Territoire.objects.create(nom="Isère (épiceries)", slug="isere")
    isere.communes.set([Commune.objects.create(code_insee=c, nom=f"Commune {c}", departement="38") for c in codes])

    imp = importer_stock(isere, chemin)
    assert imp.lignes_lues == 973
    assert imp.lignes_retenues + imp.siret_invalides == len({ligne["siret"] for ligne in lignes})
    assert imp.lignes_retenues > 900
    etablissements = Etablissement.objects.filter(commune__territoires=isere)
    assert etablissements.count() == imp.lignes_retenues
    # Read by name although the export's columns are not in the stock's order: every value lands
    # in its own field.
    par_siret = {ligne["siret"]: ligne for ligne in lignes}
    for siret, naf, code, etat in etablissements.values_list("siret", "naf", "code_commune", "etat"):
        source = par_siret[siret]
        assert (naf, code, etat) == (source["activitePrincipaleEtablissement"],
                                     source["codeCommuneEtablissement"], source["etatAdministratifEtablissement"])
    assert etablissements.filter(naf__startswith="47.11").count() > 900
    # The export embeds the legal unit's columns: names come with the establishments.
    ul = UniteLegale.objects.get(siren="304688922")
    assert ul.denomination == "ISERE DISTRIBUTION" and ul.categorie_entreprise == "ETI"
    premier = Etablissement.objects.get(siret="30468892200026")
    assert premier.tranche_effectifs == "31" and premier.emplois_bas == 200 and premier.annee_effectifs == "2019"
    assert premier.date_debut is None  # the export has no dateDebut column


def test_fixture_unites_legales_d_etalab_importee_comme_fichier_d_unites_legales(territoire, tmp_path):
    chemin_ul = shared_file("sirene/etalab_sirene_as_api_fixture_unites_legales.csv")
    with open(chemin_ul, encoding="utf-8", newline="") as fh:
        sirens = [ligne["siren"] for ligne in csv.DictReader(fh)]
    lignes = [f.etablissement(i, siret=f.siret(i, siren=siren)) for i, siren in enumerate(sirens, start=1)]
    imp = importer_stock(territoire, f.ecrire_csv(tmp_path / "e.csv", lignes), chemin_unites_legales=chemin_ul)
    assert imp.unites_legales == 3
    janoyer = UniteLegale.objects.get(siren="000325175")
    assert janoyer.nom == "JANOYER" and janoyer.prenom == "THIERRY" and janoyer.est_personne_physique
    assert janoyer.categorie_entreprise == "PME" and janoyer.nic_siege == "00065"
    assert UniteLegale.objects.get(siren="001807254").etat == "C"
    e = Etablissement.objects.get(siret=lignes[0]["siret"])
    assert e.unite_legale == janoyer
    assert e.nom_affiche(public=True) != "THIERRY JANOYER"  # a sole trader's name stays private
