"""The public form never lands a stranger's request on an existing firm (issue 11 §8)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from territoire.guichet import actions
from territoire.guichet.models import Demande
from territoire.historique.actions import historique_de
from territoire.reseau.models import Contact, Organisation
from tests.guichet import factories as f
from tests.reseau import factories as reseau

pytestmark = pytest.mark.django_db


def _url(nom, territoire, **kw):
    return reverse(f"guichet:{nom}", kwargs={"territoire": territoire.slug, **kw})


def _saisie(communes, **modifs):
    donnees = {
        "entreprise": "Fonderie Dupont", "siret": "", "commune": communes["Ruitz"].pk,
        "sujet": f.sujet("recrutement").pk, "description": "Je voudrais les coordonnées de vos clients.",
        "prenom": "Inconnu", "nom": "Étranger", "fonction": "", "email": "camille.martin@example.org",
        "telephone": "06 00 00 00 00", "consentement": "on", "site_internet": "",
    }
    donnees.update(modifs)
    return donnees


def test_un_depot_au_nom_d_une_entreprise_suivie_reste_a_part_et_ses_comptes_ne_le_voient_pas(
        client, territoire, communes, david, alice):
    existante = reseau.organisation(territoire, nom="Fonderie Dupont")
    camille = reseau.contact(existante)  # camille.martin@example.org, legitimate interest
    reseau.rattacher(david, territoire, "entreprise", existante)
    client.post(_url("deposer", territoire), _saisie(communes, entreprise="FONDERIE DUPONT"))
    d = Demande.objects.get()
    assert d.organisation != existante and d.organisation.doublon_probable == existante
    # The firm's users see neither the request nor the stranger's details.
    client.force_login(david)
    assert client.get(_url("demande", territoire, pk=d.pk)).status_code == 404
    page = client.get(_url("demandes", territoire)).content.decode()
    assert "coordonnées de vos clients" not in page and "06 00 00 00 00" not in page
    fiche = client.get(reverse("reseau:organisation", kwargs={"territoire": territoire.slug, "pk": existante.pk}))
    assert "Étranger" not in fiche.content.decode()
    # Typing an existing contact's email changed nothing about that contact.
    camille.refresh_from_db()
    assert camille.base_legale == "interet_legitime" and camille.date_consentement is None
    assert Contact.objects.filter(email="camille.martin@example.org").count() == 2


def test_un_siret_connu_ne_rattache_pas_non_plus_sans_l_equipe(client, territoire, communes):
    from tests.etablissements import factories as ef

    etab = ef.etablissement(communes["Ruitz"], denomination="Fonderie Dupont")
    existante = reseau.organisation(territoire, nom="Fonderie Dupont SAS", etablissement=etab, siret=etab.siret)
    siret = f"{etab.siret[:3]} {etab.siret[3:9]} {etab.siret[9:]}"
    client.post(_url("deposer", territoire), _saisie(communes, entreprise="Autre nom", siret=siret))
    d = Demande.objects.get()
    assert d.organisation.doublon_probable == existante and d.organisation.etablissement == etab


def test_l_equipe_confirme_et_la_demande_rejoint_l_entreprise_avec_tous_ses_liens(client, territoire, communes, alice, david):
    existante = reseau.organisation(territoire, nom="Fonderie Dupont")
    reseau.rattacher(david, territoire, "entreprise", existante)
    client.post(_url("deposer", territoire), _saisie(communes))
    d = Demande.objects.get()
    provisoire = d.organisation
    client.force_login(alice)
    assert "Rattachement à confirmer" in client.get(_url("demande", territoire, pk=d.pk)).content.decode()
    client.post(_url("confirmer_rattachement", territoire, pk=d.pk))
    d.refresh_from_db()
    assert d.organisation == existante and not Organisation.objects.filter(pk=provisoire.pk).exists()
    assert d.contact.organisation == existante
    assert historique_de(d).filter(action__startswith="Rattachement confirmé", auteur=alice).exists()
    client.force_login(david)
    assert client.get(_url("demande", territoire, pk=d.pk)).status_code == 200


def test_l_equipe_ecarte_le_rattachement_et_les_deux_entreprises_restent_distinctes(client, territoire, communes, alice):
    existante = reseau.organisation(territoire, nom="Fonderie Dupont")
    client.post(_url("deposer", territoire), _saisie(communes))
    d = Demande.objects.get()
    client.force_login(alice)
    reponse = client.post(reverse("reseau:rapprochement_ecarter", kwargs={"territoire": territoire.slug, "pk": d.organisation_id}),
                          {"suite": _url("demande", territoire, pk=d.pk)})
    assert reponse["Location"] == _url("demande", territoire, pk=d.pk)
    d.organisation.refresh_from_db()
    assert d.organisation.doublon_probable is None and d.organisation != existante
    assert "Rattachement à confirmer" not in client.get(_url("demande", territoire, pk=d.pk)).content.decode()
    # A forged "suite" pointing elsewhere is ignored.
    reponse = client.post(reverse("reseau:rapprochement_ecarter", kwargs={"territoire": territoire.slug, "pk": d.organisation_id}),
                          {"suite": "//pirate.example/"})
    assert reponse["Location"].startswith("/") and "pirate" not in reponse["Location"]


def test_un_partenaire_ou_l_entreprise_ne_confirment_pas_un_rattachement(client, territoire, communes, chloe, david):
    existante = reseau.organisation(territoire, nom="Fonderie Dupont")
    reseau.rattacher(david, territoire, "entreprise", existante)
    client.post(_url("deposer", territoire), _saisie(communes))
    d = Demande.objects.get()
    for qui in (chloe, david):
        client.force_login(qui)
        assert client.post(_url("confirmer_rattachement", territoire, pk=d.pk)).status_code in (403, 404)
    d.refresh_from_db()
    assert d.organisation != existante


def test_un_depot_d_un_compte_ou_de_l_equipe_reste_sur_l_entreprise_choisie(territoire, alice):
    orga = reseau.organisation(territoire, nom="Fonderie Dupont")
    d = actions.deposer_demande(territoire, sujet=f.sujet(), description="Besoin de soudeurs", organisation=orga,
                                origine="equipe", par=alice)
    assert d.organisation == orga and orga.rapprochements.count() == 0
