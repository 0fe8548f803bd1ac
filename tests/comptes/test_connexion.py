"""Sign-in: where it lands, `next` without open redirects, throttling per account and per address."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from territoire.comptes.models import Adhesion

MOT_DE_PASSE = "mot-de-passe-solide-42"  # tests/conftest.py personas
CONNEXION = "/comptes/connexion/"


def _connexion(client, identifiant, mot_de_passe=MOT_DE_PASSE, adresse="127.0.0.1", **extra):
    return client.post(CONNEXION + extra.pop("query", ""), {"username": identifiant, "password": mot_de_passe},
                       REMOTE_ADDR=adresse, **extra)


@pytest.mark.django_db
def test_un_membre_de_l_equipe_arrive_sur_son_espace(client, territoire, alice):
    reponse = _connexion(client, "alice")
    assert reponse.status_code == 302
    assert reponse["Location"] == reverse("comptes:espace", kwargs={"territoire": territoire.slug})
    assert "Demandes à orienter" in client.get(reponse["Location"]).content.decode()


@pytest.mark.django_db
def test_qui_a_des_roles_sur_plusieurs_territoires_choisit(client, territoire, autre_territoire, alice):
    Adhesion.objects.create(utilisateur=alice, territoire=autre_territoire, role="pilotage")
    reponse = _connexion(client, "alice")
    assert reponse["Location"] == reverse("comptes:espaces")
    page = client.get(reponse["Location"]).content.decode()
    assert territoire.nom in page and autre_territoire.nom in page
    assert reverse("comptes:espace", kwargs={"territoire": autre_territoire.slug}) in page


@pytest.mark.django_db
def test_la_suite_demandee_est_suivie_quand_elle_est_du_site(client, territoire, alice):
    suite = reverse("guichet:demandes", kwargs={"territoire": territoire.slug})
    reponse = _connexion(client, "alice", query=f"?next={suite}")
    assert reponse["Location"] == suite


@pytest.mark.django_db
@pytest.mark.parametrize("suite", [
    "https://pirate.example/", "//pirate.example/", "///pirate.example", "/\\pirate.example",
    "\\\\pirate.example", "https:pirate.example", "javascript:alert(1)", " //pirate.example",
    "http://testserver@pirate.example/", "/%5Cpirate.example",
])
def test_la_suite_ne_mene_jamais_hors_du_site(client, territoire, alice, suite):
    reponse = client.post(CONNEXION, {"username": "alice", "password": MOT_DE_PASSE, "next": suite})
    assert reponse.status_code == 302
    destination = reponse["Location"]
    # Resolved as a browser would (a backslash counts as a slash), it stays on this site.
    absolue = urljoin("http://testserver/comptes/connexion/", destination.replace("\\", "/").strip())
    assert urlsplit(absolue).hostname == "testserver", destination


@pytest.mark.django_db
def test_un_mauvais_mot_de_passe_dit_quoi_faire_en_francais(client, alice):
    page = _connexion(client, "alice", "faux").content.decode()
    assert "Identifiant ou mot de passe incorrect" in page
    assert 'aria-describedby' in page or "resume-erreurs" in page


@pytest.mark.django_db
def test_force_brute_sur_un_compte_depuis_plusieurs_adresses(client, territoire, alice, settings):
    for i in range(settings.COMPTES_ECHECS_PAR_COMPTE):
        _connexion(client, "alice", "faux", adresse=f"203.0.113.{i + 1}")
    # The right password from yet another address: the account is locked, not the address.
    reponse = _connexion(client, "alice", adresse="198.51.100.7")
    assert reponse.status_code == 429
    page = reponse.content.decode()
    assert "Trop d'échecs sur ce compte" in page and "réinitialisez votre mot de passe" in page
    assert "_auth_user_id" not in client.session
    # « ALICE » is the same account (identifiers are counted in lower case).
    assert _connexion(client, "ALICE", adresse="198.51.100.8").status_code == 429
    # Another account from the same addresses still signs in.


@pytest.mark.django_db
def test_force_brute_sur_plusieurs_comptes_depuis_une_adresse(client, territoire, alice, bruno, settings):
    for i in range(settings.COMPTES_ECHECS_PAR_ADRESSE):
        _connexion(client, f"inconnu{i}", "faux", adresse="203.0.113.50")
    reponse = _connexion(client, "alice", adresse="203.0.113.50")
    assert reponse.status_code == 429
    assert "Trop d'échecs depuis cette adresse" in reponse.content.decode()
    # The account itself is not locked: from another address it signs in.
    assert _connexion(client, "alice", adresse="198.51.100.9").status_code == 302


@pytest.mark.django_db
def test_sous_les_limites_on_se_connecte_et_ses_propres_erreurs_sont_oubliees(client, alice, settings):
    for _ in range(settings.COMPTES_ECHECS_PAR_COMPTE - 1):
        _connexion(client, "alice", "faux")
    assert _connexion(client, "alice").status_code == 302
    assert not AccessAttempt.objects.filter(username="alice", ip_address="127.0.0.1").exists()


@pytest.mark.django_db
def test_une_connexion_reussie_n_efface_pas_les_echecs_d_un_attaquant(client, alice, settings):
    for i in range(settings.COMPTES_ECHECS_PAR_COMPTE - 1):
        _connexion(client, "alice", "faux", adresse=f"203.0.113.{i + 1}")
    assert _connexion(client, "alice", adresse="198.51.100.1").status_code == 302
    client.logout()
    _connexion(client, "alice", "faux", adresse="203.0.113.99")
    assert _connexion(client, "alice", adresse="198.51.100.1").status_code == 429


@pytest.mark.django_db
def test_l_equipe_debloque_un_compte_de_son_territoire(client, territoire, alice, chloe, settings):
    for i in range(settings.COMPTES_ECHECS_PAR_COMPTE):
        _connexion(client, "chloe", "faux", adresse=f"203.0.113.{i + 1}")
    client.force_login(alice)
    gestion = reverse("comptes:gestion", kwargs={"territoire": territoire.slug})
    assert "Suspendue" in client.get(gestion).content.decode()
    reponse = client.post(reverse("comptes:deverrouiller", kwargs={"territoire": territoire.slug}),
                          {"type": "compte", "valeur": "chloe"})
    assert reponse.status_code == 302
    client.logout()
    assert _connexion(client, "chloe", adresse="203.0.113.1").status_code == 302


@pytest.mark.django_db
def test_l_equipe_d_un_autre_territoire_ne_debloque_pas_nos_comptes(client, territoire, autre_territoire, chloe, eve, settings):
    for i in range(settings.COMPTES_ECHECS_PAR_COMPTE):
        _connexion(client, "chloe", "faux", adresse=f"203.0.113.{i + 1}")
    client.force_login(eve)
    reponse = client.post(reverse("comptes:deverrouiller", kwargs={"territoire": autre_territoire.slug}),
                          {"type": "compte", "valeur": "chloe"})
    assert reponse.status_code == 404
    assert AccessAttempt.objects.filter(username="chloe").exists()
    # And not through our territory's page either.
    reponse = client.post(reverse("comptes:deverrouiller", kwargs={"territoire": territoire.slug}),
                          {"type": "compte", "valeur": "chloe"})
    assert reponse.status_code == 403


@pytest.mark.django_db
def test_l_equipe_debloque_une_adresse_qui_a_echoue_sur_ses_membres(client, territoire, alice, chloe, settings):
    for i in range(settings.COMPTES_ECHECS_PAR_ADRESSE):
        _connexion(client, "chloe" if i == 0 else f"inconnu{i}", "faux", adresse="203.0.113.77")
    client.force_login(alice)
    page = client.get(reverse("comptes:gestion", kwargs={"territoire": territoire.slug})).content.decode()
    assert "203.0.113.77" in page
    client.post(reverse("comptes:deverrouiller", kwargs={"territoire": territoire.slug}),
                {"type": "adresse", "valeur": "203.0.113.77"})
    client.logout()
    assert _connexion(client, "chloe", adresse="203.0.113.77").status_code == 302


@pytest.mark.django_db
def test_seule_l_equipe_voit_la_page_des_comptes(client, territoire, bruno, chloe, david):
    url = reverse("comptes:gestion", kwargs={"territoire": territoire.slug})
    for user in (bruno, chloe, david):
        client.force_login(user)
        assert client.get(url).status_code == 403


@pytest.mark.django_db
def test_la_session_expire_apres_la_duree_reglee(client, alice, settings):
    reponse = _connexion(client, "alice")
    cookie = reponse.cookies[settings.SESSION_COOKIE_NAME]
    assert int(cookie["max-age"]) == settings.SESSION_COOKIE_AGE == 10 * 3600
