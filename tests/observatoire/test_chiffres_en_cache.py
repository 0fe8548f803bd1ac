"""Key figures from the cache are never stale: every kind of change shows at the next request."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.models.signals import post_save
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from territoire.etablissements.importer import importer_stock
from territoire.etablissements.models import Etablissement, Filiere
from territoire.guichet import actions as guichet
from territoire.observatoire import cache as chiffres_cache
from territoire.observatoire.cache import chiffres_cles_memorises, invalider_chiffres
from territoire.observatoire.chiffres import chiffres_cles
from territoire.observatoire.models import VersionDonnees
from territoire.programme import actions as programme
from territoire.reseau import actions as reseau
from tests.concertation import factories as fc
from tests.etablissements import factories as fe
from tests.etablissements import fichiers
from tests.guichet import factories as fg
from tests.programme import factories as fp
from tests.reseau import factories as fr

pytestmark = pytest.mark.django_db


def _memorises_en_une_requete(territoire, applications=None) -> dict:
    """The cached figures, asserting that they came from the cache (one query: the tokens)."""
    with CaptureQueriesContext(connection) as requetes:
        chiffres = chiffres_cles_memorises(territoire, applications)
    assert len(requetes) == 1, [q["sql"] for q in requetes]
    return chiffres


def _frais(territoire) -> dict:
    """The cached figures right after a change: equal to a fresh computation."""
    chiffres = chiffres_cles_memorises(territoire)
    assert chiffres == chiffres_cles(territoire)
    return chiffres


def test_les_chiffres_viennent_du_cache_tant_que_rien_ne_change(territoire):
    fe.petit_recensement(territoire)
    premier = chiffres_cles_memorises(territoire)
    assert _memorises_en_une_requete(territoire) == premier == chiffres_cles(territoire)


def test_un_etablissement_ajoute_modifie_ou_supprime_se_voit_aussitot(territoire):
    recensement = fe.petit_recensement(territoire)
    chiffres_cles_memorises(territoire)
    avant = _memorises_en_une_requete(territoire)
    ruitz = territoire.communes.get(code_insee="62729")
    fe.etablissement(ruitz, naf="28.11Z", tranche_effectifs="21")
    apres = _frais(territoire)
    assert apres["etablissements_industriels"] == avant["etablissements_industriels"] + 1

    etab = recensement["decolletage"]
    etab.tranche_effectifs, etab.emplois_central = "31", 224.5
    etab.save()
    assert _frais(territoire)["emplois_industriels"]["central"] != apres["emplois_industriels"]["central"]

    Etablissement.objects.filter(pk=etab.pk).delete()
    assert _frais(territoire)["etablissements_industriels"] == avant["etablissements_industriels"]


def test_un_import_sirene_se_voit_aussitot_sur_l_accueil(client, territoire, tmp_path):
    url = reverse("portail:accueil", kwargs={"territoire": territoire.slug})
    importer_stock(territoire, fichiers.ecrire_csv(tmp_path / "un.csv", [fichiers.etablissement(1)]))
    assert "<dd>1</dd>" in client.get(url).content.decode()
    assert "<dd>1</dd>" in client.get(url).content.decode()  # from the cache

    lignes = [fichiers.etablissement(i) for i in range(1, 4)]
    importer_stock(territoire, fichiers.ecrire_csv(tmp_path / "trois.csv", lignes))
    assert "<dd>3</dd>" in client.get(url).content.decode()
    # The home page keeps the census's part only (a desk submission does not renew it).
    assert _memorises_en_une_requete(territoire, ("etablissements",))["etablissements_industriels"] == 3


def test_un_import_a_blanc_ne_change_pas_les_chiffres(territoire, tmp_path):
    importer_stock(territoire, fichiers.ecrire_csv(tmp_path / "un.csv", [fichiers.etablissement(1)]))
    avant = chiffres_cles_memorises(territoire)
    lignes = [fichiers.etablissement(i) for i in range(1, 4)]
    importer_stock(territoire, fichiers.ecrire_csv(tmp_path / "trois.csv", lignes), dry_run=True)
    assert _memorises_en_une_requete(territoire) == avant


def test_communes_zones_et_filieres_modifiees_se_voient_aussitot(client, territoire):
    fe.petit_recensement(territoire)
    avant = chiffres_cles_memorises(territoire)
    bethune = territoire.communes.get(code_insee="62119")
    bethune.population = 26000
    bethune.save()
    assert _frais(territoire)["population"] == avant["population"] + 1000

    territoire.communes.remove(bethune)  # a many-to-many change
    assert _frais(territoire)["communes"] == avant["communes"] - 1
    territoire.communes.add(bethune)

    zone = territoire.zones.get()
    zone.nom = "Parc d'activités de Ruitz"
    zone.save()
    assert "Parc d'activités de Ruitz" in _frais(territoire)["par_zone"]

    Filiere.objects.filter(code="metallurgie").update(libelle="Métaux")  # bulk: no signal…
    invalider_chiffres()  # …so the writer says so
    assert "Métaux" in _frais(territoire)["par_filiere"]


def test_une_fiche_action_creee_ou_mise_a_jour_se_voit_aussitot(territoire, alice):
    phase = fp.phase(territoire)
    fp.fiche(phase, numero="1")
    avant = chiffres_cles_memorises(territoire)["programme"]
    fiche = fp.fiche(phase, numero="2", titre="Campus des métiers")
    apres = _frais(territoire)["programme"]
    assert apres["fiches_actions"] == avant["fiches_actions"] + 1

    programme.enregistrer_mise_a_jour(
        fiche, alice, date=dt.date(2020, 1, 1), note="Lancée.", statut=fp.statut(territoire, "en-cours"),
    )
    assert _frais(territoire)["programme"]["par_statut"] != apres["par_statut"]
    fp.argent(fiche)
    assert _frais(territoire)["programme"]["cout_total"] == 100000.0


def test_une_reunion_de_concertation_se_voit_aussitot(territoire):
    consultation = fc.consultation(territoire)
    fc.reunion(consultation)
    avant = chiffres_cles_memorises(territoire)["concertation"]
    fc.reunion(consultation, titre="Entretien", type="individuelle")
    apres = _frais(territoire)["concertation"]
    assert apres["entretiens_individuels"] == avant["entretiens_individuels"] + 1


def test_une_interaction_du_reseau_se_voit_aussitot(territoire):
    orga = fr.organisation(territoire)
    avant = chiffres_cles_memorises(territoire)["reseau"]
    assert avant["entreprises_non_rencontrees_12_mois"] == 1
    reseau.enregistrer_interaction(territoire, orga, type="visite", date=dt.date.today(), objet="Visite")
    apres = _frais(territoire)["reseau"]
    assert apres["interactions_12_mois"] == avant["interactions_12_mois"] + 1
    assert apres["entreprises_non_rencontrees_12_mois"] == 0


def test_une_demande_au_guichet_se_voit_aussitot(territoire):
    fg.demande(territoire)
    avant = chiffres_cles_memorises(territoire)["guichet"]
    demande = fg.demande(territoire)
    apres = _frais(territoire)["guichet"]
    assert apres["demandes"] == avant["demandes"] + 1
    guichet.changer_statut(demande, "prise_en_charge")
    assert _frais(territoire)["guichet"]["par_statut"]["prise_en_charge"] == 1


def test_la_cle_change_chaque_jour(territoire, monkeypatch):
    """"En retard", "12 mois", "5 jours ouvrés": the figures depend on the day too."""
    aujourdhui = chiffres_cache.cle_des_chiffres(territoire)
    demain = dt.date.today() + dt.timedelta(days=1)
    monkeypatch.setattr(chiffres_cache.timezone, "localdate", lambda *a, **k: demain)
    assert chiffres_cache.cle_des_chiffres(territoire) != aujourdhui


def test_sans_ligne_de_version_rien_n_est_garde(territoire):
    """A flushed database (transactional tests) has no version row: compute, keep nothing."""
    VersionDonnees.objects.all().delete()
    assert chiffres_cache.cle_des_chiffres(territoire) is None
    assert chiffres_cles_memorises(territoire) == chiffres_cles(territoire)
    invalider_chiffres()
    assert VersionDonnees.objects.count() == 1
    assert chiffres_cache.cle_des_chiffres(territoire) is not None


@pytest.mark.parametrize("modele", [
    "referentiel.Territoire", "referentiel.Commune", "referentiel.ZoneActivite", "etablissements.Etablissement",
    "etablissements.Filiere", "etablissements.RegleNaf", "etablissements.ImportSirene", "programme.FicheAction",
    "programme.MiseAJour", "programme.Cofinancement", "programme.Seance", "concertation.Reunion",
    "concertation.Contribution", "concertation.Constat", "reseau.Organisation", "reseau.Contact",
    "reseau.Interaction", "guichet.Demande", "guichet.Conseiller", "guichet.Sujet",
])
def test_chaque_modele_lu_par_les_chiffres_renouvelle_la_cle(modele):
    from django.apps import apps

    assert post_save.has_listeners(apps.get_model(modele))
