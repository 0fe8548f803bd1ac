"""TOTP second factor: enrolment, sign-in with a code, and every way around it that must fail."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from territoire.comptes import double_facteur

MOT_DE_PASSE = "mot-de-passe-solide-42"


def code_de(appareil: TOTPDevice, decalage: int = 0) -> str:
    totp = TOTP(appareil.bin_key, appareil.step, appareil.t0, appareil.digits, appareil.drift)
    totp.time = totp.time + decalage
    return f"{totp.token():0{appareil.digits}d}"


def appareil_pour(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Téléphone", confirmed=True)


def _connexion(client, identifiant="alice", **params):
    return client.post("/comptes/connexion/", {"username": identifiant, "password": MOT_DE_PASSE, **params})


@pytest.mark.django_db
def test_l_enrolement_montre_un_qr_local_et_active_le_code(client, territoire, alice, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # no waiting between the wrong and the right code here
    client.force_login(alice)
    page = client.get(reverse("comptes:double_facteur")).content.decode()
    assert "<svg" in page and "Clé à saisir à la main" in page
    assert "http" not in page.split("<svg", 1)[1].split("</svg>", 1)[0].replace("http://www.w3.org/2000/svg", "")
    assert 'style="' not in page
    appareil = TOTPDevice.objects.get(user=alice, confirmed=False)
    reponse = client.post(reverse("comptes:double_facteur"), {"action": "activer", "code": "000000" if code_de(appareil) != "000000" else "111111"})
    assert "Code incorrect" in reponse.content.decode()
    reponse = client.post(reverse("comptes:double_facteur"), {"action": "activer", "code": code_de(appareil)})
    assert reponse.status_code == 302
    appareil.refresh_from_db()
    assert appareil.confirmed


@pytest.mark.django_db
def test_avec_un_appareil_la_connexion_demande_le_code_puis_mene_a_l_espace(client, territoire, alice):
    appareil = appareil_pour(alice)
    reponse = _connexion(client)
    assert reponse["Location"].startswith(reverse("comptes:verification"))
    reponse = client.post(reverse("comptes:verification"), {"code": code_de(appareil)})
    assert reponse["Location"] == reverse("comptes:espace", kwargs={"territoire": territoire.slug})
    assert client.get(reponse["Location"]).status_code == 200


@pytest.mark.django_db
def test_une_session_sans_le_code_n_atteint_aucune_page_de_l_equipe(client, territoire, alice):
    appareil_pour(alice)
    _connexion(client)
    for url in (
        reverse("comptes:espace", kwargs={"territoire": territoire.slug}),
        reverse("guichet:demandes", kwargs={"territoire": territoire.slug}),
        reverse("reseau:organisations", kwargs={"territoire": territoire.slug}),
        reverse("programme:tableau", kwargs={"territoire": territoire.slug}),
        reverse("comptes:gestion", kwargs={"territoire": territoire.slug}),
        reverse("comptes:double_facteur"),  # no new device without the code
        reverse("comptes:mot_de_passe"),
        "/admin/",
    ):
        reponse = client.get(url)
        assert reponse.status_code == 302, url
        assert reponse["Location"].startswith(reverse("comptes:verification")), url
    # Writes and the API are refused outright.
    assert client.post(reverse("comptes:inviter", kwargs={"territoire": territoire.slug}), {}).status_code == 403
    assert client.get("/api/v1/territoires/").status_code == 403
    # The public pages too: the session belongs to nobody until the code is given.
    assert client.get(reverse("portail:accueil", kwargs={"territoire": territoire.slug})).status_code == 302


@pytest.mark.django_db
def test_la_connexion_de_l_administration_ne_contourne_pas_le_code(client, territoire, alice):
    alice.is_staff = alice.is_superuser = True
    alice.save()
    appareil_pour(alice)
    reponse = client.post("/admin/login/", {"username": "alice", "password": MOT_DE_PASSE, "next": "/admin/"})
    assert reponse.status_code == 302
    reponse = client.get("/admin/")
    assert reponse["Location"].startswith(reverse("comptes:verification"))


@pytest.mark.django_db
def test_force_login_d_un_compte_a_code_est_retenu_aussi(client, territoire, alice):
    appareil_pour(alice)
    client.force_login(alice)
    assert client.get(reverse("comptes:espace", kwargs={"territoire": territoire.slug})).status_code == 302


@pytest.mark.django_db
def test_un_code_deja_utilise_ou_faux_est_refuse_et_les_essais_sont_freines(client, territoire, alice):
    appareil = appareil_pour(alice)
    _connexion(client)
    code = code_de(appareil)
    assert client.post(reverse("comptes:verification"), {"code": code}).status_code == 302
    client.logout()
    _connexion(client)
    page = client.post(reverse("comptes:verification"), {"code": code}).content.decode()
    assert "Code incorrect ou déjà utilisé" in page  # replay of the same code
    # After a wrong code, django-otp makes the next try wait (1 s, then 2, 4…): even the right
    # code is refused meanwhile, and a burst of guesses gets nowhere.
    page = client.post(reverse("comptes:verification"), {"code": code_de(appareil, 30)}).content.decode()
    assert "attendez" in page
    for faux in ("12345", "abcdef", "9999999", "<script>"):
        assert "attendez" in client.post(reverse("comptes:verification"), {"code": faux}).content.decode()
    appareil.refresh_from_db()
    assert appareil.throttling_failure_count >= 1
    assert client.get(reverse("comptes:espace", kwargs={"territoire": territoire.slug})).status_code == 302


def test_un_code_mal_forme_compte_comme_un_echec(db, alice):
    appareil = appareil_pour(alice)
    assert not double_facteur.verifier_code(alice, appareil, "<b>12</b>")
    appareil.refresh_from_db()
    assert appareil.throttling_failure_count == 1


@pytest.mark.django_db
def test_une_attente_trop_longue_entre_mot_de_passe_et_code_deconnecte(client, territoire, alice):
    appareil_pour(alice)
    _connexion(client)
    session = client.session
    session[double_facteur.CLE_DEPUIS] = (dt.datetime.now(dt.UTC) - dt.timedelta(minutes=11)).isoformat()
    session.save()
    reponse = client.get(reverse("comptes:verification"))
    assert reponse["Location"].startswith(reverse("comptes:connexion"))
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_la_suite_garde_sa_protection_contre_les_redirections_ouvertes(client, territoire, alice):
    appareil = appareil_pour(alice)
    _connexion(client, next="//pirate.example/")
    reponse = client.post(reverse("comptes:verification"), {"code": code_de(appareil), "next": "https://pirate.example/"})
    assert "pirate" not in reponse["Location"]


@pytest.mark.django_db
def test_obligatoire_pour_equipe_et_pilotage_quand_le_reglage_le_dit(client, territoire, alice, bruno, chloe, settings):
    settings.COMPTES_DOUBLE_FACTEUR_OBLIGATOIRE = True
    reponse = _connexion(client, "alice")
    assert reponse["Location"].startswith(reverse("comptes:double_facteur"))
    assert client.get(reverse("programme:tableau", kwargs={"territoire": territoire.slug}))["Location"].startswith(
        reverse("comptes:double_facteur")
    )
    page = client.get(reverse("comptes:double_facteur")).content.decode()
    assert "Obligatoire pour votre rôle" in page
    appareil = TOTPDevice.objects.get(user=alice, confirmed=False)
    client.post(reverse("comptes:double_facteur"), {"action": "activer", "code": code_de(appareil)})
    assert client.get(reverse("programme:tableau", kwargs={"territoire": territoire.slug})).status_code == 200
    # It cannot be removed while compulsory.
    page = client.post(reverse("comptes:double_facteur"), {"action": "desactiver", "code": code_de(appareil, 30)}).content.decode()
    assert "obligatoire" in page and TOTPDevice.objects.filter(user=alice, confirmed=True).exists()
    # A partner is not concerned.
    client.logout()
    assert _connexion(client, "chloe")["Location"] == reverse("comptes:espace", kwargs={"territoire": territoire.slug})


@pytest.mark.django_db
def test_retirer_son_code_demande_un_code_valable(client, territoire, chloe, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    appareil = appareil_pour(chloe)
    _connexion(client, "chloe")
    client.post(reverse("comptes:verification"), {"code": code_de(appareil)})
    client.post(reverse("comptes:double_facteur"), {"action": "desactiver", "code": "000000" if code_de(appareil, 30) != "000000" else "111111"})
    assert TOTPDevice.objects.filter(user=chloe, confirmed=True).exists()
    client.post(reverse("comptes:double_facteur"), {"action": "desactiver", "code": code_de(appareil, 30)})
    assert not TOTPDevice.objects.filter(user=chloe).exists()


@pytest.mark.django_db
def test_l_equipe_reinitialise_le_code_d_un_membre_qui_a_perdu_son_telephone(client, territoire, alice, chloe, eve):
    appareil_pour(chloe)
    client.force_login(eve)
    url = reverse("comptes:double_facteur_reinitialiser", kwargs={"territoire": territoire.slug, "pk": chloe.pk})
    assert client.post(url).status_code == 403
    client.force_login(alice)
    assert client.post(url).status_code == 302
    assert not TOTPDevice.objects.filter(user=chloe).exists()
    autre = reverse("comptes:double_facteur_reinitialiser", kwargs={"territoire": territoire.slug, "pk": eve.pk})
    appareil_pour(eve)
    assert client.post(autre).status_code == 404  # not a member of this territory
    assert TOTPDevice.objects.filter(user=eve).exists()
