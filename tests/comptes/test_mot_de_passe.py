"""Password reset by email and password change: single-use links, French rules, no leaks."""

from __future__ import annotations

import re

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.urls import reverse

MOT_DE_PASSE = "mot-de-passe-solide-42"
NOUVEAU = "Un tout nouveau mot de passe 2027"


def _lien_de_reinitialisation() -> str:
    return re.search(r"http://testserver(/comptes/reinitialisation/[^\s]+/)", mail.outbox[-1].body).group(1)


@pytest.mark.django_db
def test_reinitialisation_par_courriel_puis_le_lien_ne_sert_plus(client, alice, settings):
    alice.email = "alice@interco.example"
    alice.save()
    reponse = client.post(reverse("comptes:oubli"), {"email": "ALICE@interco.example"})
    assert reponse["Location"] == reverse("comptes:oubli_envoye")
    assert mail.outbox[-1].to == ["alice@interco.example"]
    assert "Nouveau mot de passe" in mail.outbox[-1].subject and "24 heures" in mail.outbox[-1].body
    lien = _lien_de_reinitialisation()
    formulaire = client.get(lien, follow=True)
    assert "Enregistrer le mot de passe" in formulaire.content.decode()
    url_formulaire = formulaire.redirect_chain[-1][0]
    page = client.post(url_formulaire, {"new_password1": "court", "new_password2": "court"}).content.decode()
    assert "trop court" in page
    reponse = client.post(url_formulaire, {"new_password1": NOUVEAU, "new_password2": NOUVEAU})
    assert reponse["Location"] == reverse("comptes:reinitialisation_terminee")
    alice.refresh_from_db()
    assert alice.check_password(NOUVEAU)
    # Reused: the link is dead once the password changed.
    assert "Lien invalide" in client.get(lien, follow=True).content.decode()


@pytest.mark.django_db
def test_un_lien_forge_ne_change_rien(client, alice):
    page = client.get(reverse("comptes:reinitialisation", kwargs={"uidb64": "MQ", "token": "abc-123"}), follow=True)
    assert "Lien invalide" in page.content.decode()
    alice.refresh_from_db()
    assert alice.check_password(MOT_DE_PASSE)


@pytest.mark.django_db
def test_la_demande_ne_revele_pas_quelles_adresses_ont_un_compte(client, alice):
    alice.email = "alice@interco.example"
    alice.save()
    connue = client.post(reverse("comptes:oubli"), {"email": "alice@interco.example"})
    inconnue = client.post(reverse("comptes:oubli"), {"email": "personne@nulle-part.example"})
    assert connue.status_code == inconnue.status_code == 302
    assert connue["Location"] == inconnue["Location"]
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_la_reinitialisation_leve_la_suspension_du_compte(client, alice, settings):
    alice.email = "alice@interco.example"
    alice.save()
    for i in range(settings.COMPTES_ECHECS_PAR_COMPTE):
        client.post("/comptes/connexion/", {"username": "alice", "password": "faux"}, REMOTE_ADDR=f"203.0.113.{i + 1}")
    client.post(reverse("comptes:oubli"), {"email": "alice@interco.example"})
    url_formulaire = client.get(_lien_de_reinitialisation(), follow=True).redirect_chain[-1][0]
    client.post(url_formulaire, {"new_password1": NOUVEAU, "new_password2": NOUVEAU})
    assert not AccessAttempt.objects.filter(username="alice").exists()
    assert client.post("/comptes/connexion/", {"username": "alice", "password": NOUVEAU}).status_code == 302


@pytest.mark.django_db
def test_changer_de_mot_de_passe_demande_l_ancien(client, alice):
    client.force_login(alice)
    url = reverse("comptes:mot_de_passe")
    page = client.post(url, {"old_password": "faux", "new_password1": NOUVEAU, "new_password2": NOUVEAU}).content.decode()
    assert "ancien mot de passe est incorrect" in page
    reponse = client.post(url, {"old_password": MOT_DE_PASSE, "new_password1": NOUVEAU, "new_password2": NOUVEAU})
    assert reponse["Location"] == reverse("comptes:mot_de_passe_change")
    alice.refresh_from_db()
    assert alice.check_password(NOUVEAU)
