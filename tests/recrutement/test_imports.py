"""Imports into the database: LHEO (idempotent, archived, atomic) and France Travail offers."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from territoire.recrutement.lheo.importation import importer_lheo
from territoire.recrutement.models import (
    Formation,
    ImportRecrutement,
    OffreEmploi,
    SessionFormation,
)
from territoire.recrutement.offres import importer_offres
from territoire.reseau.models import Organisation
from tests.conftest import SHARED_REAL, shared_file
from tests.recrutement.factories import NS23, document_lheo, offre_lheo

pytestmark = pytest.mark.django_db


def _fichier(tmp_path, nom, texte):
    chemin = tmp_path / nom
    chemin.write_text(texte, encoding="utf-8")
    return chemin


def test_import_cree_formations_actions_sessions_et_l_organisme_de_formation(territoire, tmp_path):
    run = importer_lheo(territoire, _fichier(tmp_path, "offres.xml", document_lheo(offre_lheo("F1"), offre_lheo("F2"))))
    assert run.statut == "reussi" and run.crees == 2 and run.version == "2.2"
    f = Formation.objects.get(numero="F1")
    assert f.industrielle and "H2903" in f.raison_classement and f.filiere.code == "mecanique"
    assert f.actions.get().distance_km == 0 and f.actions.get().commune.code_insee == "62119"
    assert SessionFormation.objects.filter(action__formation=f).get().debut.isoformat() == "2027-01-05"
    orga = Organisation.objects.get(siret="73282932000074")
    assert orga.type == "formation" and f.organisme == orga and territoire in orga.territoires.all()
    assert f.contact_nom == "Camille Martin" and f.contact_courriel == "camille.martin@example.org"


def test_reimport_identique_ne_change_rien_et_une_offre_disparue_est_archivee_puis_restauree(territoire, tmp_path):
    deux = document_lheo(offre_lheo("F1"), offre_lheo("F2"))
    importer_lheo(territoire, _fichier(tmp_path, "catalogue.xml", deux))
    run = importer_lheo(territoire, _fichier(tmp_path, "catalogue.xml", deux))
    assert (run.crees, run.mis_a_jour, run.inchanges, run.archives) == (0, 0, 2, 0)
    run = importer_lheo(territoire, _fichier(tmp_path, "catalogue.xml", document_lheo(offre_lheo("F1", intitule="Usinage CN"))))
    assert (run.mis_a_jour, run.archives) == (1, 1)
    assert Formation.objects.get(numero="F2").archivee and Formation.objects.get(numero="F1").intitule == "Usinage CN"
    assert Formation.objects.count() == 2  # archived, never deleted
    run = importer_lheo(territoire, _fichier(tmp_path, "catalogue.xml", deux))
    assert not Formation.objects.get(numero="F2").archivee


def test_une_offre_en_erreur_n_est_pas_archivee_et_les_autres_sont_importees(territoire, tmp_path):
    importer_lheo(territoire, _fichier(tmp_path, "c.xml", document_lheo(offre_lheo("F1"), offre_lheo("F2"))))
    run = importer_lheo(territoire, _fichier(tmp_path, "c.xml", document_lheo(offre_lheo("F1", debut="20231345"), offre_lheo("F2"))))
    assert run.statut == "reussi" and run.en_erreur == 1 and run.archives == 0
    assert run.erreurs[0]["numero"] == "F1" and run.erreurs[0]["ligne"] and "20231345" in run.erreurs[0]["message"]
    assert not Formation.objects.get(numero="F1").archivee


def test_un_fichier_casse_laisse_le_catalogue_precedent_intact(territoire, tmp_path):
    importer_lheo(territoire, _fichier(tmp_path, "c.xml", document_lheo(offre_lheo("F1"), offre_lheo("F2"))))
    avant = list(Formation.objects.values_list("numero", "intitule", "archivee_le"))
    tronque = document_lheo(offre_lheo("F3"), offre_lheo("F4"))[:-200]
    run = importer_lheo(territoire, _fichier(tmp_path, "c.xml", tronque))
    assert run.statut == "refuse" and "bien formé" in run.message and run.crees == 0
    assert list(Formation.objects.values_list("numero", "intitule", "archivee_le")) == avant
    assert not Formation.objects.filter(numero="F3").exists()


def test_un_fichier_23_est_valide_par_offre(territoire, tmp_path):
    mauvaise = offre_lheo("F2").replace("<certifiante>1</certifiante>", "<certifiante>oui</certifiante>")
    run = importer_lheo(territoire, _fichier(tmp_path, "c23.xml", document_lheo(offre_lheo("F1"), mauvaise, ns=NS23)))
    assert run.version == "2.3" and run.crees == 1 and run.en_erreur == 1


def test_les_offres_loin_du_territoire_sont_comptees_hors_territoire(territoire, tmp_path):
    loin = offre_lheo("F9", commune="31555")  # Toulouse
    run = importer_lheo(territoire, _fichier(tmp_path, "c.xml", document_lheo(offre_lheo("F1"), loin)), rayon_km=30)
    assert (run.crees, run.hors_territoire) == (1, 1)
    run = importer_lheo(territoire, _fichier(tmp_path, "d.xml", document_lheo(loin)), tout=True)
    assert run.crees == 1 and Formation.objects.get(numero="F9").actions.get().distance_km > 600


@pytest.mark.shared
def test_les_cinq_echantillons_reels_s_importent_par_la_commande(territoire, capsys):
    shared_file("lheo/trefle_formation.xml")
    for chemin in sorted((SHARED_REAL / "lheo").glob("*.xml")):
        call_command("formations", "import", str(chemin), "--territoire", territoire.slug, "--tout")
    assert Formation.objects.count() == 5
    assert ImportRecrutement.objects.filter(statut="reussi").count() == 5
    assert Organisation.objects.filter(type="formation").count() == 5
    afpa = Formation.objects.get(numero="07_10")
    assert afpa.actions.count() == 2 and not afpa.industrielle  # plaquiste: building, not industry
    sortie = capsys.readouterr().out
    assert "5 lus" not in sortie and "1 créés" in sortie


def test_la_commande_refuse_un_fichier_qui_n_est_pas_lheo(territoire, tmp_path):
    with pytest.raises(CommandError, match="refusé"):
        call_command("formations", "import", str(_fichier(tmp_path, "x.xml", "<html/>")))


# -- job offers ------------------------------------------------------------------------------

def _offre_ft(identifiant, commune="62119", rome="H2903", **kw):
    return {"id": identifiant, "intitule": "Opérateur régleur CN H/F", "romeCode": rome, "romeLibelle": "Usinage",
            "lieuTravail": {"libelle": "62 - BETHUNE", "commune": commune}, "typeContrat": "CDI",
            "dateCreation": "2026-11-02T10:00:00.000Z", "entreprise": kw.pop("entreprise", {}), **kw}


def test_offres_avec_ou_sans_enveloppe_filtrees_sur_les_communes(territoire, tmp_path):
    offres = [_offre_ft("A1"), _offre_ft("A2", commune="75056"), _offre_ft("A3", commune="62729")]
    run = importer_offres(territoire, _fichier(tmp_path, "o.json", json.dumps(offres)))
    assert (run.crees, run.hors_territoire) == (2, 1)
    run = importer_offres(territoire, _fichier(tmp_path, "o.json", json.dumps({"resultats": offres[:1]})))
    assert (run.inchanges, run.archives) == (1, 1)
    assert not OffreEmploi.objects.get(identifiant="A3").ouverte and OffreEmploi.objects.get(identifiant="A1").ouverte


def test_offres_partielles_ne_closent_rien_et_les_mauvaises_sont_signalees(territoire, tmp_path):
    importer_offres(territoire, _fichier(tmp_path, "o.json", json.dumps([_offre_ft("A1")])))
    mauvaises = [_offre_ft("B1", rome="??"), "pas un objet", _offre_ft("B2", entreprise={"siret": "73282932000075"})]
    run = importer_offres(territoire, _fichier(tmp_path, "p.json", json.dumps(mauvaises)), partiel=True)
    assert run.en_erreur == 2 and run.crees == 1 and run.archives == 0
    assert OffreEmploi.objects.get(identifiant="B2").siret == ""
    assert any("Luhn" in e["message"] for e in run.erreurs)


def test_offre_liee_a_l_entreprise_par_son_siret(territoire, tmp_path):
    from tests.reseau import factories as reseau

    orga = reseau.organisation(territoire, nom="Usinage du Marais", siret="73282932000074")
    importer_offres(territoire, _fichier(tmp_path, "o.json", json.dumps([_offre_ft("S1", entreprise={"siret": "73282932000074"})])))
    assert OffreEmploi.objects.get(identifiant="S1").organisation == orga


@pytest.mark.parametrize("contenu, attendu", [
    ("", "vide"), ("{pas du json", "JSON invalide ligne 1"), ('{"autre": 1}', "resultats"), ("42", "tableau"),
])
def test_un_json_invalide_est_refuse_sans_rien_changer(territoire, tmp_path, contenu, attendu):
    run = importer_offres(territoire, _fichier(tmp_path, "o.json", contenu))
    assert run.statut == "refuse" and attendu in run.message


def test_un_json_mal_encode_est_refuse(territoire, tmp_path):
    chemin = tmp_path / "o.json"
    chemin.write_bytes('[{"id": "é"}]'.encode("latin-1"))
    run = importer_offres(territoire, chemin)
    assert run.statut == "refuse" and "UTF-8" in run.message


@pytest.mark.shared
def test_les_vrais_fichiers_france_travail_gardent_les_offres_des_communes_du_territoire(territoire):
    from territoire.referentiel.models import Commune

    chemin = shared_file("job_offers/ft_api_offres_489091_database_administrator_980_2025-01-12.json")
    offres = json.loads(chemin.read_text(encoding="utf-8"))
    communes = sorted({o["lieuTravail"].get("commune") for o in offres if o["lieuTravail"].get("commune", "").startswith("59")})
    for code in communes:
        territoire.communes.add(Commune.objects.create(code_insee=code, nom=f"Commune {code}"))
    attendues = sum(1 for o in offres if o["lieuTravail"].get("commune") in set(communes) | {"62119", "62729"})
    run = importer_offres(territoire, chemin)
    assert run.statut == "reussi" and run.lus == 980 and run.crees == attendues > 0
    assert run.hors_territoire + run.crees + run.en_erreur == 980
    enveloppe = shared_file("job_offers/ft_api_offres_404939_biostatisticien_147_2025-01-12.json")
    run = importer_offres(territoire, enveloppe, partiel=True)
    assert run.statut == "reussi" and run.lus == 147


def test_un_code_rome_inconnu_du_repertoire_est_signale_par_enregistrement(territoire, tmp_path):
    from territoire.recrutement.models import MetierRome

    MetierRome.objects.create(code="H2903", libelle="Conduite d'équipement d'usinage")
    run = importer_lheo(territoire, _fichier(tmp_path, "c.xml", document_lheo(
        offre_lheo("F1"), offre_lheo("F2", rome="H9999"))))
    assert run.statut == "reussi" and run.crees == 2 and run.en_erreur == 0
    assert [(e["numero"], e["niveau"]) for e in run.erreurs] == [("F2", "avertissement")]
    assert "« H9999 » inconnu du répertoire ROME" in run.erreurs[0]["message"]
    run = importer_offres(territoire, _fichier(tmp_path, "o.json", json.dumps([_offre_ft("A1"), _offre_ft("A2", rome="H9999")])))
    assert run.crees == 2 and [e["numero"] for e in run.erreurs] == ["A2"] and "inconnu" in run.erreurs[0]["message"]


def test_un_json_trop_gros_est_refuse_sans_etre_lu_et_rien_ne_change(territoire, tmp_path, monkeypatch):
    from territoire.recrutement import offres

    importer_offres(territoire, _fichier(tmp_path, "a.json", json.dumps([_offre_ft("A1")])))
    monkeypatch.setattr(offres, "TAILLE_MAX_OCTETS", 100)
    run = importer_offres(territoire, _fichier(tmp_path, "b.json", json.dumps([_offre_ft(f"B{i}") for i in range(5)])))
    assert run.statut == "refuse" and "Mo" in run.message and "au-delà" in run.message
    assert list(OffreEmploi.objects.values_list("identifiant", "ouverte")) == [("A1", True)]
