"""Hostile input on the network's screens (organisations, events, registrations, exchanges):
refused with a message and nothing written, or kept inert."""

from __future__ import annotations

import pytest
from django.urls import reverse

from territoire.historique.models import Entree
from territoire.referentiel.models import Commune
from territoire.reseau.models import EvenementReseau, Inscription, Interaction, Organisation
from tests.reseau import factories as f

pytestmark = pytest.mark.django_db

NUL = "Le caractère nul n’est pas autorisé"


def _url(nom, territoire, **kw):
    return reverse(f"reseau:{nom}", kwargs={"territoire": territoire.slug, **kw})


@pytest.fixture
def lille(autre_territoire):
    commune = Commune.objects.create(code_insee="59350", nom="Lille", population=1, departement="59")
    autre_territoire.communes.add(commune)
    return commune


@pytest.mark.parametrize("modifs, message", [
    ({"nom": "Fonderie \x00 Dupont"}, NUL),
    ({"nom": "F" * 10_000}, "250 caractères"),
    ({"naf": "=SUM(A1)"}, ""),
    ({"etiquettes": ["999999"]}, "999999"),
    ({"nouvelles_etiquettes": "x" * 400}, "300 caractères"),
])
def test_une_organisation_hostile_est_refusee_sans_rien_ecrire(client, territoire, alice, modifs, message):
    client.force_login(alice)
    avant = Entree.objects.count()
    reponse = client.post(_url("organisation_nouvelle", territoire), {"nom": "Fonderie", "type": "entreprise", **modifs})
    assert reponse.status_code == 400 and message in reponse.content.decode()
    assert not Organisation.objects.exists() and Entree.objects.count() == avant


def test_une_commune_d_un_autre_territoire_est_refusee_partout(client, territoire, alice, lille):
    client.force_login(alice)
    reponse = client.post(_url("organisation_nouvelle", territoire), {"nom": "Fonderie", "type": "entreprise",
                                                                     "commune": lille.pk})
    assert reponse.status_code == 400 and not Organisation.objects.exists()
    reponse = client.post(_url("evenement_nouveau", territoire), {"titre": "Club", "type": "club",
                                                                 "date": "2026-06-04T18:00", "commune": lille.pk})
    assert reponse.status_code == 400 and not EvenementReseau.objects.exists()


def test_un_html_hostile_dans_une_description_reste_inerte(client, territoire, alice):
    client.force_login(alice)
    client.post(_url("organisation_nouvelle", territoire), {
        "nom": "<img src=x onerror=alert(1)>", "type": "entreprise", "description": "<script>alert(2)</script>"})
    orga = Organisation.objects.get()
    assert orga.nom == "<img src=x onerror=alert(1)>", "gardé tel quel"
    for url in (_url("organisation", territoire, pk=orga.pk), _url("organisations", territoire)):
        page = client.get(url).content.decode()
        assert "<img src=x" not in page and "<script>alert(2)" not in page and "&lt;img src=x" in page


@pytest.mark.parametrize("modifs, message", [
    ({"titre": "Club \x00"}, NUL),
    ({"titre": "T" * 300}, "250 caractères"),
    ({"date": "2026-13-45T25:61"}, "date"),
    ({"date": ""}, "obligatoire"),
])
def test_un_evenement_hostile_est_refuse_sans_rien_ecrire(client, territoire, alice, modifs, message):
    client.force_login(alice)
    reponse = client.post(_url("evenement_nouveau", territoire), {"titre": "Club", "type": "club",
                                                                 "date": "2026-06-04T18:00", **modifs})
    assert reponse.status_code == 400 and message.lower() in reponse.content.decode().lower()
    assert not EvenementReseau.objects.exists()


def test_on_n_inscrit_ni_n_organise_avec_une_organisation_d_ailleurs_ou_une_entreprise(client, territoire, autre_territoire,
                                                                                        alice):
    ev = f.evenement(territoire)
    etrangere = f.organisation(autre_territoire, nom="Ailleurs SA")
    entreprise = f.organisation(territoire, nom="Fonderie")
    client.force_login(alice)
    reponse = client.post(_url("inscrire", territoire, pk=ev.pk), {"organisation": etrangere.pk}, follow=True)
    assert "Choisissez une organisation du territoire." in reponse.content.decode()
    assert not Inscription.objects.exists()
    for organisateur in (etrangere, entreprise):
        reponse = client.post(_url("evenement_modifier", territoire, pk=ev.pk), {
            "titre": ev.titre, "type": ev.type, "date": "2026-06-04T18:00", "organisateur": organisateur.pk})
        assert reponse.status_code == 400
    ev.refresh_from_db()
    assert ev.organisateur_id is None


def test_un_echange_ne_cite_pas_le_contact_d_une_autre_organisation(client, territoire, alice):
    orga, autre = f.organisation(territoire, nom="Fonderie"), f.organisation(territoire, nom="Tôlerie")
    inconnu = f.contact(autre, nom="Lemaire")
    client.force_login(alice)
    reponse = client.post(_url("interaction_nouvelle", territoire, pk=orga.pk), {
        "type": "appel", "date": "2026-04-02", "objet": "Appel", "contacts": [inconnu.pk]})
    assert reponse.status_code == 400 and not Interaction.objects.exists()
