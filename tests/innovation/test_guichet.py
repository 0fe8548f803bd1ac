"""The desk: the public « Innover » form files a request through the desk's own actions and rules,
and an innovation request's page shows the competence holders that could answer it."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

from territoire.guichet.models import Demande
from territoire.innovation.models import BesoinInnovation
from tests.innovation import factories

FORMULAIRE = {
    "entreprise": "Vernis du Nord", "siret": "", "description": "Remplacer notre vernis solvanté par un vernis à l'eau, vite.",
    "prenom": "Camille", "nom": "Martin", "fonction": "", "email": "camille@example.org", "telephone": "",
    "consentement": "on", "site_internet": "",
}


def _donnees(territoire, **kw):
    from territoire.guichet.models import Sujet
    from tests.guichet.factories import sujet

    sujet("innovation")
    return {**FORMULAIRE, "commune": territoire.communes.first().pk, "sujet": Sujet.objects.get(code="innovation").pk, **kw}


@pytest.mark.django_db
def test_le_formulaire_public_depose_une_demande_innovation_au_guichet_et_ouvre_un_besoin(client, territoire, vocabulaire):
    url = reverse("innovation:deposer", kwargs={"territoire": territoire.slug})
    reponse = client.post(url, _donnees(territoire))
    assert reponse.status_code == 302 and reponse["Location"] == reverse("guichet:merci", kwargs={"territoire": territoire.slug})
    demande = Demande.objects.get()
    assert demande.sujet.code == "innovation" and demande.origine == "formulaire"
    assert demande.contact.base_legale == "consentement"
    besoin = BesoinInnovation.objects.get(demande=demande)
    assert besoin.origine == "guichet" and besoin.confidentiel


@pytest.mark.django_db
def test_le_formulaire_public_suit_les_regles_du_guichet_pot_de_miel_et_limite(client, territoire, vocabulaire):
    url = reverse("innovation:deposer", kwargs={"territoire": territoire.slug})
    assert client.post(url, _donnees(territoire, site_internet="http://spam.example")).status_code == 302
    assert not Demande.objects.exists()
    with override_settings(GUICHET_DEPOTS_PAR_HEURE=1):
        assert client.post(url, _donnees(territoire)).status_code == 302
        reponse = client.post(url, _donnees(territoire, entreprise="Autre"))
        assert reponse.status_code == 429 and "Autre" in reponse.content.decode()
    assert Demande.objects.count() == 1


@pytest.mark.django_db
def test_le_formulaire_public_refuse_sans_consentement_et_garde_la_saisie(client, territoire, vocabulaire):
    url = reverse("innovation:deposer", kwargs={"territoire": territoire.slug})
    donnees = _donnees(territoire)
    donnees.pop("consentement")
    reponse = client.post(url, donnees)
    assert reponse.status_code == 400 and "Vernis du Nord" in reponse.content.decode()
    assert not Demande.objects.exists()


@pytest.mark.django_db
def test_la_page_d_une_demande_innovation_montre_les_detenteurs_qui_pourraient_aider(client, territoire, alice, vocabulaire):
    factories.detenteur(territoire, nom="Centre revêtements")
    demande = factories.demande_innovation(territoire)
    Demande.objects.filter(pk=demande.pk).update(description="Passer de notre vernis solvanté à un vernis à l'eau.")
    client.force_login(alice)
    page = client.get(reverse("guichet:demande", kwargs={"territoire": territoire.slug, "pk": demande.pk})).content.decode()
    assert "Qui pourrait aider" in page and "Centre revêtements" in page
    reponse = client.post(reverse("innovation:besoin_depuis_demande", kwargs={"territoire": territoire.slug, "pk": demande.pk}))
    besoin = BesoinInnovation.objects.get(demande=demande)
    assert reponse["Location"].endswith(f"/innovation/besoins/{besoin.pk}/")


@pytest.mark.django_db
def test_une_demande_d_un_autre_sujet_ne_montre_pas_les_detenteurs(client, territoire, alice, vocabulaire):
    from tests.guichet.factories import demande

    d = demande(territoire)
    client.force_login(alice)
    page = client.get(reverse("guichet:demande", kwargs={"territoire": territoire.slug, "pk": d.pk})).content.decode()
    assert "Qui pourrait aider" not in page
