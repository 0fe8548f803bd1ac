"""Events: proposed from an import's differences, confirmed or dismissed by the team; never
published unconfirmed; bad input refused with a message that says what to do."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from territoire.etablissements.models import Changement
from territoire.observatoire import evenements
from territoire.observatoire.models import Evenement
from territoire.referentiel.models import ZoneActivite
from tests.etablissements import factories

pytestmark = pytest.mark.django_db

AUJOURDHUI = timezone.localdate()


@pytest.fixture
def ruitz(territoire):
    return territoire.communes.get(code_insee="62729")


def _changement(run, e, type, avant="", apres=""):
    return Changement.objects.create(import_sirene=run, etablissement=e, type=type, avant=avant, apres=apres)


def test_les_differences_d_un_import_proposent_des_evenements(territoire, ruitz):
    run = factories.import_sirene(territoire)
    grande = factories.etablissement(ruitz, denomination="Grande Usine", tranche_effectifs="41", etat="F",
                                     date_debut=AUJOURDHUI - dt.timedelta(days=20))
    petite = factories.etablissement(ruitz, denomination="Petit Atelier", tranche_effectifs="11", etat="F")
    nouvelle = factories.etablissement(ruitz, denomination="Nouvelle Usine", tranche_effectifs="12")
    hausse = factories.etablissement(ruitz, denomination="Croissance", tranche_effectifs="22")
    partie = factories.etablissement(ruitz, denomination="Partie", tranche_effectifs="11")
    _changement(run, grande, "fermeture", "Actif", "Fermé")
    _changement(run, petite, "fermeture", "Actif", "Fermé")
    _changement(run, nouvelle, "creation", "", "25.62A à 62729")
    _changement(run, hausse, "tranche", "20 à 49 salariés", "100 à 199 salariés")
    _changement(run, hausse, "activite", "25.62A", "25.62B")
    _changement(run, partie, "disparition", "Actif", "Absent du fichier")
    assert evenements.proposer_depuis_import(run) == 4
    proposes = {e.etablissement.nom_affiche(public=False): e for e in Evenement.objects.all()}
    assert set(proposes) == {"Grande Usine", "Nouvelle Usine", "Croissance", "Partie"}
    fermeture = proposes["Grande Usine"]
    assert (fermeture.type, fermeture.statut, fermeture.visibilite) == ("fermeture", "propose", "equipe")
    assert fermeture.date == grande.date_debut and (fermeture.emplois_min, fermeture.emplois_max) == (500, 999)
    assert fermeture.emplois_source == "Tranche d'effectifs SIRENE « 500 à 999 salariés », millésime 2023"
    assert proposes["Croissance"].type == "extension" and proposes["Partie"].type == "depart"
    assert evenements.proposer_depuis_import(run) == 0  # each change proposes once
    assert not evenements.publies(territoire).exists()


def _champs(**kw):
    champs = {"type": "fermeture", "titre": "Fermeture de l'usine", "date": dt.date(2021, 4, 30),
              "visibilite": "public", "source_url": "https://www.francetvinfo.fr/article.html",
              "emplois_min": 863, "emplois_max": 863, "emplois_source": "annonce du groupe, 16 septembre 2020"}
    champs.update(kw)
    return champs


def test_un_evenement_confirme_et_public_est_publie(territoire, alice):
    e = evenements.creer(territoire, alice, **_champs())
    assert list(evenements.publies(territoire)) == [e] and e.emplois_affiches() == "863 emplois"
    from territoire.historique.models import Entree

    assert Entree.objects.filter(object_id=e.pk, content_type__model="evenement").count() == 1


@pytest.mark.parametrize("champs, champ_en_erreur", [
    ({"date": AUJOURDHUI + dt.timedelta(days=10)}, "date"),
    ({"type": "label", "date": AUJOURDHUI + dt.timedelta(days=1)}, "date"),
    ({"emplois_min": 900, "emplois_max": 800}, "emplois_max"),
    ({"emplois_source": ""}, "emplois_source"),
    ({"source_url": ""}, "source_url"),
    ({"source_url": "pas une adresse"}, "source_url"),
    ({"source_url": "javascript:alert(1)"}, "source_url"),
    ({"date_annonce": AUJOURDHUI + dt.timedelta(days=2)}, "date_annonce"),
])
def test_une_saisie_incoherente_est_refusee(territoire, alice, champs, champ_en_erreur):
    with pytest.raises(ValidationError) as erreur:
        evenements.creer(territoire, alice, **_champs(**champs))
    assert champ_en_erreur in erreur.value.message_dict
    assert not Evenement.objects.exists()


def test_un_investissement_peut_etre_prevu_dans_le_futur(territoire, alice):
    e = evenements.creer(territoire, alice, **_champs(type="investissement", date=AUJOURDHUI + dt.timedelta(days=90)))
    assert e.pk


def test_des_emplois_negatifs_sont_refuses(territoire, alice):
    with pytest.raises(ValidationError, match="emplois_min"):
        evenements.creer(territoire, alice, **_champs(emplois_min=-5))


def test_confirmer_un_evenement_propose_public_sans_source_est_refuse(territoire, alice):
    e = evenements.creer(territoire, alice, statut="propose", **_champs(source_url="", visibilite="equipe"))
    evenements.modifier(e, alice, visibilite="public")
    with pytest.raises(ValidationError, match="source"):
        evenements.confirmer(e, alice)
    evenements.modifier(e, alice, source_url="https://www.rfi.fr/fr/")
    evenements.confirmer(e, alice)
    assert e.publie


def test_ecarter_un_evenement_propose(territoire, alice):
    e = evenements.creer(territoire, alice, statut="propose", **_champs(visibilite="equipe"))
    evenements.ecarter(e, alice)
    assert e.statut == "ecarte" and not evenements.pour_equipe(territoire).exists()
    publie = evenements.creer(territoire, alice, **_champs())
    with pytest.raises(ValidationError, match="publié ne s'écarte pas"):
        evenements.ecarter(publie, alice)


def test_filtrer_par_filiere_zone_et_type(territoire, alice):
    zone = ZoneActivite.objects.get(territoire=territoire)
    a = evenements.creer(territoire, alice, **_champs(zone=zone))
    evenements.creer(territoire, alice, **_champs(type="label", titre="Label"))
    assert list(evenements.filtrer(evenements.publies(territoire), zone=zone)) == [a]
    assert evenements.filtrer(evenements.publies(territoire), type="label").count() == 1


def test_la_date_s_affiche_a_sa_precision():
    e = Evenement(date=dt.date(2018, 1, 1), precision_date="annee")
    assert e.date_affichee() == "2018"
    e.precision_date = "mois"
    assert e.date_affichee() == "janvier 2018"
    e.precision_date = "jour"
    assert e.date_affichee() == "1er janvier 2018"
