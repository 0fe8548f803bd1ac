"""Invitations: the team invites, the invited person sets a password and lands on their
workspace; forged, expired, reused and revoked links, and addresses that already have an account."""

from __future__ import annotations

import html
import re
import smtplib
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from territoire.comptes import actions
from territoire.comptes.models import Adhesion, Invitation

from . import donnees

MOT_DE_PASSE = "mot-de-passe-solide-42"
NOUVEAU = "Un mot de passe bien long 2027"


def _lien(message) -> str:
    return re.search(r"http://testserver(/comptes/invitation/[^\s]+/)", message.body).group(1)


def _inviter(client, territoire, **champs):
    return client.post(reverse("comptes:inviter", kwargs={"territoire": territoire.slug}), champs)


@pytest.mark.django_db
def test_parcours_l_equipe_se_connecte_invite_un_conseiller_qui_arrive_sur_son_espace(client, territoire, alice, chloe, david):
    """Issue 10, "Done when": sign in, land on the workspace, invite a partner advisor who sets a
    password and lands on their own workspace (and sees the requests routed to them)."""
    conseiller = donnees.annuaire(territoire, None)
    donnees.remplir(territoire, 2, chloe=chloe, david=david, conseiller=conseiller)
    reponse = client.post("/comptes/connexion/", {"username": "alice", "password": MOT_DE_PASSE})
    assert reponse["Location"] == reverse("comptes:espace", kwargs={"territoire": territoire.slug})
    assert "Demandes à orienter" in client.get(reponse["Location"]).content.decode()
    reponse = _inviter(client, territoire, courriel="Lea.Conseil@CCI.example", prenom="Léa", nom="Conseil",
                       role="partenaire", organisation=conseiller.antenne.organisation_id, conseiller=conseiller.pk)
    assert reponse.status_code == 302, reponse.content.decode()[:2000]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["lea.conseil@cci.example"]
    lien = _lien(mail.outbox[0])
    client.post(reverse("comptes:deconnexion"))

    page = client.get(lien).content.decode()
    assert "Créer votre compte" in page and "lea.conseil@cci.example" in page
    # In the territory's layout: its name in the header, its footer pages.
    assert territoire.nom in page and reverse("portail:plan_du_site", kwargs={"territoire": territoire.slug}) in page
    reponse = client.post(lien, {"prenom": "Léa", "nom": "Conseil", "mot_de_passe": NOUVEAU, "confirmation": NOUVEAU})
    assert reponse["Location"] == reverse("comptes:espace", kwargs={"territoire": territoire.slug})
    page = client.get(reponse["Location"]).content.decode()
    assert "Mes demandes" in page and "En retard : plus de 5 jours ouvrés" in page
    lea = get_user_model().objects.get(username="lea.conseil@cci.example")
    assert Adhesion.objects.get(utilisateur=lea).role == "partenaire"
    conseiller.refresh_from_db()
    assert conseiller.utilisateur == lea
    # The password works for the next sign-in.
    client.post(reverse("comptes:deconnexion"))
    assert client.post("/comptes/connexion/", {"username": "lea.conseil@cci.example", "password": NOUVEAU}).status_code == 302


@pytest.mark.django_db
def test_un_utilisateur_d_entreprise_invite_arrive_sur_son_espace(client, territoire, alice):
    from tests.reseau import factories as reseau

    firme = reseau.organisation(territoire, nom="Forges invitées")
    client.force_login(alice)
    _inviter(client, territoire, courriel="patron@forges.example", role="entreprise", organisation=firme.pk)
    lien = _lien(mail.outbox[0])
    client.logout()
    client.post(lien, {"prenom": "Paul", "nom": "Patron", "mot_de_passe": NOUVEAU, "confirmation": NOUVEAU})
    page = client.get(reverse("comptes:espace", kwargs={"territoire": territoire.slug})).content.decode()
    assert "Forges invitées" in page and "Mes inscriptions aux événements" in page


@pytest.mark.django_db
def test_un_lien_forge_expire_revoque_ou_deja_utilise_ne_sert_pas(client, territoire, alice):
    invitation, jeton = actions.inviter(territoire, "x@exemple.fr", "pilotage", par=alice, lien_de=lambda j: j)
    url = reverse("comptes:invitation", kwargs={"jeton": jeton})
    forge = reverse("comptes:invitation", kwargs={"jeton": jeton[:-1] + ("A" if jeton[-1] != "A" else "B")})
    assert client.get(forge).status_code == 404
    assert client.get(reverse("comptes:invitation", kwargs={"jeton": "x" * 5000})).status_code == 404
    # The token itself is not stored, only its digest.
    assert not Invitation.objects.filter(empreinte=jeton).exists()

    Invitation.objects.filter(pk=invitation.pk).update(expire_le=timezone.now() - timedelta(seconds=1))
    reponse = client.post(url, {"prenom": "X", "nom": "Y", "mot_de_passe": NOUVEAU, "confirmation": NOUVEAU})
    assert reponse.status_code == 410 and "a expiré" in reponse.content.decode()
    assert not get_user_model().objects.filter(username="x@exemple.fr").exists()

    Invitation.objects.filter(pk=invitation.pk).update(expire_le=timezone.now() + timedelta(days=1))
    actions.revoquer_invitation(invitation, alice)
    assert "annulée" in client.get(url).content.decode()

    autre, jeton2 = actions.inviter(territoire, "y@exemple.fr", "pilotage", par=alice, lien_de=lambda j: j)
    url2 = reverse("comptes:invitation", kwargs={"jeton": jeton2})
    donnees_form = {"prenom": "Y", "nom": "Z", "mot_de_passe": NOUVEAU, "confirmation": NOUVEAU}
    assert client.post(url2, donnees_form).status_code == 302
    client.logout()
    reponse = client.post(url2, {**donnees_form, "mot_de_passe": "Autre mot de passe 2028", "confirmation": "Autre mot de passe 2028"})
    assert reponse.status_code == 410 and "déjà servi" in reponse.content.decode()
    assert get_user_model().objects.get(username="y@exemple.fr").check_password(NOUVEAU)


@pytest.mark.django_db
def test_une_invitation_ne_s_accepte_qu_une_fois_meme_a_deux_en_meme_temps(territoire, alice):
    _inv, jeton = actions.inviter(territoire, "z@exemple.fr", "pilotage", par=alice, lien_de=lambda j: j)
    actions.accepter_invitation(jeton, prenom="Z", nom="Z", mot_de_passe=NOUVEAU)
    with pytest.raises(actions.InvitationInvalide):
        actions.accepter_invitation(jeton, prenom="Z", nom="Z", mot_de_passe=NOUVEAU)
    assert get_user_model().objects.filter(username="z@exemple.fr").count() == 1


@pytest.mark.django_db
def test_une_adresse_qui_a_deja_un_compte_ne_recoit_pas_de_quoi_changer_son_mot_de_passe(client, territoire, autre_territoire, alice, eve):
    eve.email = "eve@autre.example"
    eve.save()
    client.force_login(alice)
    _inviter(client, territoire, courriel="EVE@autre.example", role="pilotage")
    invitation = Invitation.objects.get(courriel="eve@autre.example")
    assert invitation.compte_existant == eve
    assert "déjà un compte" in mail.outbox[0].body
    lien = _lien(mail.outbox[0])
    client.logout()
    # Without signing in, the link sets nothing: a password posted to it is ignored.
    page = client.get(lien).content.decode()
    assert "Se connecter pour accepter" in page
    client.post(lien, {"prenom": "Pirate", "nom": "X", "mot_de_passe": NOUVEAU, "confirmation": NOUVEAU})
    eve.refresh_from_db()
    assert eve.check_password(MOT_DE_PASSE) and not Adhesion.objects.filter(utilisateur=eve, territoire=territoire).exists()
    # Signed in as someone else: refused.
    client.force_login(alice)
    client.post(lien)
    assert not Adhesion.objects.filter(utilisateur=eve, territoire=territoire).exists()
    # Signed in as Eve: the role is added, the password unchanged.
    client.force_login(eve)
    reponse = client.post(lien)
    assert reponse["Location"] == reverse("comptes:espace", kwargs={"territoire": territoire.slug})
    assert Adhesion.objects.filter(utilisateur=eve, territoire=territoire, role="pilotage").exists()


@pytest.mark.django_db
def test_les_refus_de_l_invitation_disent_quoi_corriger(client, territoire, autre_territoire, alice, bruno):
    from tests.reseau import factories as reseau

    client.force_login(alice)
    page = html.unescape(_inviter(client, territoire, courriel="a@b.example", role="partenaire").content.decode())
    assert "Choisissez l'organisation" in page
    ailleurs = reseau.organisation(autre_territoire, nom="Firme d'ailleurs")
    page = _inviter(client, territoire, courriel="a@b.example", role="entreprise", organisation=ailleurs.pk).content.decode()
    assert "Sélectionnez un choix valide" in page  # not offered: another territory's organisation
    with pytest.raises(Exception) as exc:
        actions.inviter(territoire, "a@b.example", "entreprise", par=alice, organisation=ailleurs, lien_de=lambda j: j)
    assert "n'appartient pas à ce territoire" in str(exc.value)
    bruno.email = "bruno@region.example"
    bruno.save()
    page = html.unescape(_inviter(client, territoire, courriel="bruno@region.example", role="pilotage").content.decode())
    assert "déjà un compte avec ce rôle" in page
    page = _inviter(client, territoire, courriel="<script>@x", role="pilotage").content.decode()
    assert "<script>@x" not in page and "adresse de courriel valide" in page
    assert not mail.outbox and not Invitation.objects.exists()


@pytest.mark.django_db
def test_reinviter_la_meme_adresse_annule_l_ancien_lien(territoire, alice):
    premiere, jeton1 = actions.inviter(territoire, "r@exemple.fr", "pilotage", par=alice, lien_de=lambda j: j)
    actions.inviter(territoire, "r@exemple.fr", "pilotage", par=alice, lien_de=lambda j: j)
    with pytest.raises(actions.InvitationInvalide) as exc:
        actions.invitation_par_jeton(jeton1)
    assert exc.value.raison == "revoquee"


@pytest.mark.django_db
def test_un_mot_de_passe_faible_est_refuse_en_francais(client, territoire, alice):
    _inv, jeton = actions.inviter(territoire, "faible@exemple.fr", "pilotage", par=alice, lien_de=lambda j: j)
    url = reverse("comptes:invitation", kwargs={"jeton": jeton})
    for faible, message in (("court", "trop court"), ("123456789012345", "entièrement numérique"),
                            ("faible@exemple.fr", "trop semblable"), ("Q1w2e3r4t5y6", "trop courant")):
        page = client.post(url, {"prenom": "F", "nom": "F", "mot_de_passe": faible, "confirmation": faible}).content.decode()
        assert message in page, (faible, message)
    page = client.post(url, {"prenom": "F", "nom": "F", "mot_de_passe": NOUVEAU, "confirmation": NOUVEAU + "x"}).content.decode()
    assert "ne sont pas identiques" in page
    assert not get_user_model().objects.filter(username="faible@exemple.fr").exists()
    assert actions.invitation_par_jeton(jeton)  # still usable after the refusals


@pytest.mark.django_db
def test_si_le_courriel_ne_part_pas_rien_n_est_garde(client, territoire, alice, settings, monkeypatch):
    def refus(*args, **kwargs):
        raise smtplib.SMTPConnectError(421, "service indisponible")

    monkeypatch.setattr("territoire.comptes.actions.send_mail", refus)
    client.force_login(alice)
    page = html.unescape(_inviter(client, territoire, courriel="p@exemple.fr", role="pilotage").content.decode())
    assert "n'a pas pu partir" in page and "EMAIL_HOST" in page
    assert not Invitation.objects.exists()


@pytest.mark.django_db
def test_seule_l_equipe_invite(client, territoire, bruno, chloe, david, eve):
    for user in (bruno, chloe, david, eve):
        client.force_login(user)
        assert _inviter(client, territoire, courriel="p@exemple.fr", role="equipe").status_code == 403
    assert not Invitation.objects.exists()


@pytest.mark.django_db
def test_l_equipe_revoque_une_invitation_de_son_territoire_seulement(client, territoire, autre_territoire, alice, eve):
    inv, _ = actions.inviter(territoire, "q@exemple.fr", "pilotage", par=alice, lien_de=lambda j: j)
    client.force_login(eve)
    url_ailleurs = reverse("comptes:invitation_revoquer", kwargs={"territoire": autre_territoire.slug, "pk": inv.pk})
    assert client.post(url_ailleurs).status_code == 404
    client.force_login(alice)
    client.post(reverse("comptes:invitation_revoquer", kwargs={"territoire": territoire.slug, "pk": inv.pk}))
    inv.refresh_from_db()
    assert inv.revoquee_le is not None
    page = client.get(reverse("comptes:gestion", kwargs={"territoire": territoire.slug})).content.decode()
    assert "q@exemple.fr" in page and "Révoquée" in page
