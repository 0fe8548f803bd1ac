"""`territoire bodacc import`: collective procedures of the territory's firms from the DILA's
BODACC export (both layouts, CSV or JSON), classified by the judgment's nature."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command

from territoire.etablissements.importer import ImportRefuse
from territoire.observatoire import bodacc
from territoire.observatoire.models import AnnonceBodacc, Evenement, ImportBodacc, Signal
from tests.conftest import shared_file
from tests.etablissements import factories

pytestmark = pytest.mark.django_db

FICHIER_10_FEVRIER = "bodacc/bodacc_procedures_collectives_2026-02-10_500_checking-m-a.json"
LJ, CLOTURE, CREANCES, RJ = "811625987", "881852271", "822790507", "929762367"


@pytest.fixture
def entreprises(territoire):
    ruitz = territoire.communes.get(code_insee="62729")
    return {
        siren: factories.etablissement(ruitz, unite=factories.unite_legale(siren=siren, denomination=f"Société {siren}"))
        for siren in (LJ, CLOTURE, CREANCES, RJ)
    }


def test_le_fichier_reel_donne_les_annonces_du_territoire_classees_par_nature(territoire, entreprises):
    run = bodacc.importer(territoire, shared_file(FICHIER_10_FEVRIER))
    assert (run.format, run.disposition, run.lignes_lues) == ("json", "renommee", 500)
    assert run.sans_siren == 44 and run.annonces == AnnonceBodacc.objects.count() >= 4
    categories = dict(AnnonceBodacc.objects.values_list("siren", "categorie"))
    assert categories[LJ] == "liquidation" and categories[RJ] == "redressement"
    assert categories[CLOTURE] == "cloture" and categories[CREANCES] == "autre"
    lj = AnnonceBodacc.objects.get(siren=LJ)
    assert (str(lj.date_parution), lj.numero_annonce, lj.code_postal) == ("2026-02-10", "5195", "62780")
    assert sorted(Signal.objects.values_list("siren", flat=True)) == sorted([LJ, RJ])
    proposes = Evenement.objects.filter(type="procedure")
    assert proposes.count() == 2 and {e.statut for e in proposes} == {"propose"}
    assert {e.visibilite for e in proposes} == {"equipe"}


def test_reimporter_le_meme_fichier_n_ajoute_rien(territoire, entreprises):
    bodacc.importer(territoire, shared_file(FICHIER_10_FEVRIER))
    run = bodacc.importer(territoire, shared_file(FICHIER_10_FEVRIER))
    assert run.nouvelles == 0
    assert Signal.objects.count() == 2 and Evenement.objects.count() == 2


def _ods(jugement, **champs):
    ligne = {
        "id": "A202600051950", "publicationavis": "A", "typeavis": "annonce", "typeavis_lib": "Avis initial",
        "familleavis": "collective", "familleavis_lib": "Procédures collectives", "numerodepartement": "62",
        "tribunal": "Tribunal judiciaire de Béthune", "commercant": "SAS COLLART BATIMENT",
        "registre": "811 625 987,811625987", "cp": "62780", "ville": "Cucq", "dateparution": "2026-02-10",
        "numeroannonce": "5195", "jugement": json.dumps(jugement, ensure_ascii=False),
    }
    ligne.update(champs)
    return ligne


OUVERTURE_LJ = {"type": "initial", "famille": "Jugement d'ouverture",
                "nature": "Jugement d'ouverture de liquidation judiciaire", "date": "2026-02-05"}


def _csv(chemin, lignes, separateur=";", encodage="utf-8"):
    sortie = io.StringIO()
    ecrivain = csv.DictWriter(sortie, fieldnames=list(lignes[0]), delimiter=separateur)
    ecrivain.writeheader()
    ecrivain.writerows(lignes)
    chemin.write_bytes(sortie.getvalue().encode(encodage))
    return chemin


def test_l_export_officiel_de_la_dila_en_csv_et_en_json(territoire, entreprises, tmp_path):
    run = bodacc.importer(territoire, _csv(tmp_path / "annonces.csv", [_ods(OUVERTURE_LJ)]))
    assert (run.format, run.disposition, run.annonces) == ("csv", "ods", 1)
    annonce = AnnonceBodacc.objects.get()
    assert annonce.categorie == "liquidation" and str(annonce.date_jugement) == "2026-02-05"
    chemin = tmp_path / "annonces.json"
    chemin.write_text(json.dumps([_ods(OUVERTURE_LJ, numeroannonce="5196")]), encoding="utf-8")
    run = bodacc.importer(territoire, chemin)
    assert (run.format, run.disposition, run.nouvelles) == ("json", "ods", 1)


def test_une_annonce_mal_formee_est_rejetee_avec_sa_ligne(territoire, entreprises, tmp_path):
    lignes = [_ods(OUVERTURE_LJ), {**_ods(OUVERTURE_LJ, numeroannonce="2"), "jugement": "{pas du json"},
              _ods(OUVERTURE_LJ, dateparution="10/02/2026", numeroannonce="3")]
    run = bodacc.importer(territoire, _csv(tmp_path / "a.csv", lignes))
    assert run.annonces == 1 and run.lignes_rejetees == 2
    assert run.exemples_rejets == [
        {"ligne": "ligne 3", "motif": "champ jugement qui n'est pas un JSON lisible"},
        {"ligne": "ligne 4", "motif": "date de parution illisible « 10/02/2026 » (AAAA-MM-JJ attendu)"},
    ]


@pytest.mark.parametrize("contenu, motif", [
    (b'[{"dateparution": "2026-02-10", "registre": ', "JSON invalide"),
    (b'{"source": "x", "count": 0}', "sans liste d'annonces"),
    (b"PK\x03\x04 zip", "compressé ou binaire"),
    (b"", "vide"),
    (b"RCS,DATE,EFFECTIFS,NATURE\n345086177,2021-04-14,51,jugement\n", "disposition inconnue"),
])
def test_un_fichier_mal_forme_est_refuse_sans_rien_ecrire(territoire, entreprises, tmp_path, contenu, motif):
    chemin = tmp_path / "bodacc.json"
    chemin.write_bytes(contenu)
    with pytest.raises(ImportRefuse, match=motif):
        bodacc.importer(territoire, chemin)
    assert not ImportBodacc.objects.exists() and not AnnonceBodacc.objects.exists()


def test_un_csv_qui_n_est_pas_en_utf_8_est_refuse(territoire, entreprises, tmp_path):
    chemin = _csv(tmp_path / "a.csv", [_ods(OUVERTURE_LJ, ville="Béthune")], encodage="latin-1")
    with pytest.raises(ImportRefuse, match="UTF-8"):
        bodacc.importer(territoire, chemin)


def test_un_autre_fichier_reel_d_une_autre_disposition_est_refuse(territoire, entreprises):
    with pytest.raises(ImportRefuse, match="disposition inconnue"):
        bodacc.importer(territoire, shared_file("bodacc/plansde_liquidations_grandes_entreprises_1y_2021.csv"))


@pytest.mark.parametrize("nature, categorie", [
    ("Jugement d'ouverture de liquidation judiciaire", "liquidation"),
    ("Jugement d'ouverture d'une procédure de redressement judiciaire", "redressement"),
    ("Jugement d'ouverture d'une procédure de sauvegarde", "sauvegarde"),
    ("Jugement de conversion en liquidation judiciaire", "liquidation"),
    ("Jugement prononçant la résolution du plan de redressement et la liquidation judiciaire", "liquidation"),
    ("Jugement arrêtant un plan de cession", "plan"),
    ("Jugement de clôture pour insuffisance d'actif", "cloture"),
    ("Liste des créances nées après le jugement d'ouverture d'une procédure de liquidation judiciaire", "autre"),
    ("Dépôt de l'état des créances", "autre"),
    ("", "autre"),
])
def test_classement_par_la_nature_du_jugement(nature, categorie):
    assert bodacc.classer(nature) == categorie


def test_le_siren_est_lu_dans_les_deux_formes_du_registre():
    assert bodacc.sirens("811 625 987,811625987") == ["811625987"]
    assert bodacc.sirens(["811625987", "811 625 987"]) == ["811625987"]
    assert bodacc.sirens(None) == [] and bodacc.sirens(["94130994"]) == []


def test_la_commande(territoire, entreprises, tmp_path):
    sortie = io.StringIO()
    call_command("bodacc", "import", str(_csv(tmp_path / "a.csv", [_ods(OUVERTURE_LJ)])), stdout=sortie)
    assert "du territoire : 1 (nouvelles : 1)" in sortie.getvalue()
    with pytest.raises(CommandError, match="introuvable"):
        call_command("bodacc", "import", str(tmp_path / "absent.csv"))


def test_une_colonne_obligatoire_absente_est_refusee_en_citant_les_champs(territoire, entreprises, tmp_path):
    ligne = _ods(OUVERTURE_LJ)
    del ligne["jugement"]
    with pytest.raises(ImportRefuse, match=r"disposition inconnue \(champs : .*dateparution"):
        bodacc.importer(territoire, _csv(tmp_path / "a.csv", [ligne]))
    assert not ImportBodacc.objects.exists()


def test_une_ligne_qui_a_plus_de_colonnes_que_l_en_tete_refuse_le_fichier(territoire, entreprises, tmp_path):
    chemin = _csv(tmp_path / "a.csv", [_ods(OUVERTURE_LJ)])
    chemin.write_bytes(chemin.read_bytes() + b"2026-02-11;x;y;z;" + b";" * 30 + b"\n")
    with pytest.raises(ImportRefuse, match="ligne 3 : plus de colonnes que l'en-tête"):
        bodacc.importer(territoire, chemin)
    assert not AnnonceBodacc.objects.exists() and not ImportBodacc.objects.exists()


def test_un_json_demesure_est_refuse_avec_le_conseil_du_csv(territoire, entreprises, tmp_path):
    chemin = tmp_path / "annonces.json"
    with open(chemin, "wb") as fh:
        fh.write(b"[" + b" " * 4096)
        fh.truncate(bodacc.TAILLE_JSON_MAX + 1)  # sparse beyond the first bytes
    with pytest.raises(ImportRefuse, match="plus de 200 Mo.*export CSV"):
        bodacc.importer(territoire, chemin)
    assert not ImportBodacc.objects.exists()


def test_un_fichier_de_2_go_binaire_est_refuse_des_ses_premiers_octets(territoire, entreprises, tmp_path):
    chemin = tmp_path / "annonces.csv"
    with open(chemin, "wb") as fh:
        fh.truncate(2 << 30)  # sparse: 2 GiB of zero bytes
    with pytest.raises(ImportRefuse, match="binaire"):
        bodacc.importer(territoire, chemin)
    assert not ImportBodacc.objects.exists()
