"""Classification, key figures, the match and the gap, hiring potential (database, no pages)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from territoire.recrutement import actions
from territoire.recrutement.appariement import appariement, ecart
from territoire.recrutement.chiffres import chiffres_recrutement
from territoire.recrutement.classement import Classeur, Regle, apercu, codes_de
from territoire.recrutement.models import BesoinRecrutement, EmbaucheRomeNaf, RegleClassement
from territoire.recrutement.potentiel import potentiel
from tests.recrutement import factories as f
from tests.reseau import factories as reseau

pytestmark = pytest.mark.django_db

CLES = {"formations", "formations_industrielles", "sessions_a_venir", "besoins", "postes", "offres",
        "besoins_sans_formation", "organismes"}


def test_classeur_rome_d_abord_puis_le_plus_long_prefixe():
    regles = [Regle("rome", "H29", 1, "Mécanique"), Regle("rome", "H2913", 2, "Métallurgie"), Regle("nsf", "251", 1, "Mécanique")]
    c = Classeur(regles)
    assert c.classer({"rome": ["H2913"], "nsf": ["251"]}).filiere_id == 2
    assert "ROME H2913" in c.classer({"rome": ["H2913"]}).raison
    assert c.classer({"rome": ["D1402"], "nsf": ["251"]}).raison.startswith("code NSF 251")
    assert not c.classer({"rome": ["D1402"]}).industrielle


def test_le_catalogue_onisep_classe_un_diplome_par_son_code_rncp():
    c = Classeur([Regle("onisep", "matières premières, fabrication, industries", None, "")],
                 {"35190": ["matières premières, fabrication, industries/plasturgie"]})
    resultat = c.classer({"rncp": ["35190"]})
    assert resultat.industrielle and "ONISEP" in resultat.raison


def test_les_regles_par_defaut_sont_des_donnees_chargees():
    assert RegleClassement.objects.filter(critere="rome", prefixe="H29", filiere__code="mecanique").exists()
    assert RegleClassement.objects.filter(critere="nsf").count() >= 10


def test_apercu_montre_ce_qu_une_regle_changerait_sans_rien_ecrire(territoire):
    plaquiste = f.formation(territoire, romes=("F1604",), industrielle=False, raison_classement="")
    proposee = Classeur([Regle("rome", "F16", None, "", True)])
    changements = apercu(territoire, proposee)
    assert [c["formation"].pk for c in changements] == [plaquiste.pk]
    plaquiste.refresh_from_db()
    assert not plaquiste.industrielle


def test_enregistrer_une_regle_reclasse_et_se_journalise(territoire, alice):
    plaquiste = f.formation(territoire, romes=("F1604",), industrielle=False)
    n = actions.enregistrer_regle(RegleClassement(critere="rome", prefixe="F16", industriel=True), auteur=alice,
                                  territoire=territoire)
    plaquiste.refresh_from_db()
    assert n >= 1 and plaquiste.industrielle and "F1604" in plaquiste.raison_classement


def test_chiffres_recrutement_a_exactement_les_cles_de_l_issue(territoire):
    communes = {c.nom: c for c in territoire.communes.all()}
    f.formation(territoire, romes=("H2903",), commune=communes["Béthune"], debut=date.today() + timedelta(days=10))
    f.formation(territoire, romes=("D1402",), industrielle=False, commune=communes["Ruitz"])
    orga = reseau.organisation(territoire, commune=communes["Ruitz"])
    actions.enregistrer_besoin(territoire, orga, rome="H2903", nombre=5)
    actions.enregistrer_besoin(territoire, orga, rome="H2913", nombre=2)
    f.offre(territoire, commune=communes["Béthune"])
    chiffres = chiffres_recrutement(territoire)["recrutement"]
    assert set(chiffres) == CLES
    assert chiffres == {"formations": 2, "formations_industrielles": 1, "sessions_a_venir": 1, "besoins": 2,
                        "postes": 7, "offres": 1, "besoins_sans_formation": 1, "organismes": 0}


def test_un_besoin_doit_etre_celui_d_une_entreprise_avec_un_rome_valide(territoire):
    from django.core.exceptions import ValidationError

    ecole = reseau.organisation(territoire, type="formation")
    with pytest.raises(ValidationError):
        actions.enregistrer_besoin(territoire, ecole, rome="H2903")
    with pytest.raises(ValidationError):
        actions.enregistrer_besoin(territoire, reseau.organisation(territoire), rome="H29")


def test_appariement_et_ecart_en_requetes_constantes(territoire):
    communes = {c.nom: c for c in territoire.communes.all()}

    def remplir(n):
        for i in range(n):
            orga = reseau.organisation(territoire, commune=communes["Ruitz"])
            actions.enregistrer_besoin(territoire, orga, rome=f"H29{i % 10:02d}", nombre=1 + i % 3)
            f.formation(territoire, romes=(f"H29{i % 7:02d}",), commune=communes["Béthune"])
            f.offre(territoire, rome=f"H29{i % 5:02d}", commune=communes["Ruitz"])

    def compter():
        with CaptureQueriesContext(connection) as requetes:
            lignes = appariement(territoire, BesoinRecrutement.objects.du_territoire(territoire).ouverts(), 30)
            ecart(territoire, 30)
        return len(requetes), lignes

    remplir(3)
    peu, _ = compter()
    remplir(20)
    beaucoup, lignes = compter()
    assert peu == beaucoup
    assert {ligne.rome for ligne in lignes} == {f"H29{i:02d}" for i in range(10)}


def test_ecart_besoins_sans_formation_et_formations_sans_debouche(territoire):
    communes = {c.nom: c for c in territoire.communes.all()}
    orga = reseau.organisation(territoire, commune=communes["Ruitz"])
    actions.enregistrer_besoin(territoire, orga, rome="H2903", nombre=5)
    actions.enregistrer_besoin(territoire, orga, rome="H2913", nombre=2)
    f.formation(territoire, romes=("H2903",), commune=communes["Béthune"])
    loin = f.formation(territoire, romes=("H2913",), distance_km=25)
    inutile = f.formation(territoire, romes=("H3404",), commune=communes["Béthune"])
    resultat = ecart(territoire, 30)
    assert [ligne.rome for ligne in resultat["besoins_sans_formation"]] == ["H2913"]
    assert resultat["besoins_sans_formation"][0].formations[0]["pk"] == loin.pk
    assert [x["formation_id"] for x in resultat["formations_sans_debouche"]] == [inutile.pk]


def test_potentiel_en_fourchette_et_le_refus_de_l_entreprise_est_respecte(territoire):
    from territoire.etablissements.models import Etablissement

    ruitz = territoire.communes.get(nom="Ruitz")
    e = Etablissement.objects.create(siret="73282932000074", siren="732829320", nic="00074", naf="25.62A",
                                     tranche_effectifs="21", code_commune="62729", commune=ruitz, annee_effectifs="2023")
    EmbaucheRomeNaf.objects.bulk_create([EmbaucheRomeNaf(rome="H2903", naf="2562A", embauches=30),
                                         EmbaucheRomeNaf(rome="H2913", naf="2562A", embauches=70)])
    equipe = potentiel(territoire, "H2903", public=False)
    assert len(equipe) == 1 and equipe[0].part == pytest.approx(0.3)
    assert equipe[0].bas == pytest.approx(0.3 * 50 * 0.05) and equipe[0].haut == pytest.approx(0.3 * 99 * 0.25)
    assert potentiel(territoire, "H2903", public=True) == []
    orga = reseau.organisation(territoire, etablissement=e)
    actions.choisir_apparition(orga, "accepte")
    assert len(potentiel(territoire, "H2903", public=True)) == 1
    actions.choisir_apparition(orga, "refuse")
    assert potentiel(territoire, "H2903", public=False) == []


def test_codes_de_lit_une_formation_ou_un_dict(territoire):
    formation = f.formation(territoire, romes=("H2903", "H2912"))
    assert codes_de(formation)["rome"] == ["H2903", "H2912"]
    assert codes_de({"romes": "", "rncp": "320", "nsf": "", "formacodes": ""})["rncp"] == ["320"]


def test_la_demo_a_le_repertoire_rome_et_l_extrait_reel_rome_naf_sans_ecraser_une_table_complete():
    import csv
    import json

    from territoire.recrutement.models import MetierRome
    from territoire.recrutement.referentiels import EMBAUCHES_DEMO, charger_referentiels_demo

    codes = set(json.loads((EMBAUCHES_DEMO.parent / "demo_recrutement.json").read_text(encoding="utf-8"))["rome"])
    with open(EMBAUCHES_DEMO, encoding="utf-8") as fh:
        lignes = list(csv.DictReader(fh))
    assert {ligne["rome_id"] for ligne in lignes} <= codes and "H2903" in {ligne["rome_id"] for ligne in lignes}
    EmbaucheRomeNaf.objects.all().delete()
    assert charger_referentiels_demo() == (532, len(lignes)) and EmbaucheRomeNaf.objects.count() == len(lignes)
    assert EmbaucheRomeNaf.objects.filter(rome="H2903", naf="2562B").exists()
    assert MetierRome.objects.get(code="H2903").libelle == "Conduite d'équipement d'usinage"
    EmbaucheRomeNaf.objects.exclude(rome="H2903").delete()
    assert charger_referentiels_demo()[1] == 0 and not EmbaucheRomeNaf.objects.exclude(rome="H2903").exists()


def test_une_formation_au_seul_formacode_du_genie_industriel_est_industrielle(territoire):
    from territoire.recrutement.classement import classeur_en_vigueur

    regle = RegleClassement.objects.get(critere="formacode", prefixe="316")
    assert regle.industriel and regle.filiere_id is None
    classeur = classeur_en_vigueur()
    resultat = classeur.classer({"rome": [], "rncp": [], "nsf": [], "formacode": ["31654"]})
    assert resultat.industrielle and "316" in resultat.raison
    assert not classeur.classer({"rome": [], "rncp": [], "nsf": [], "formacode": ["15234"]}).industrielle
    # ROME first: a training declaring a non-industrial ROME code and Formacode 316 is decided by ROME only if a
    # ROME rule knows it; here none does, so the Formacode rule decides.
    assert classeur.classer({"rome": ["D1402"], "rncp": [], "nsf": [], "formacode": ["31606"]}).industrielle
