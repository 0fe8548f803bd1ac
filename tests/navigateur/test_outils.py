"""The shared browser toolkit itself: its accessibility checks find what they promise to find,
and a request leaving the live server is aborted and recorded."""

from __future__ import annotations

import pytest

from tests.navigateur_outils import Ouvreur, problemes_accessibilite, violations_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PAGE_FAUTIVE = """<!doctype html><html lang="en"><body><main>
<input name="sans_etiquette"><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<svg viewBox="0 0 10 10"><rect width="5" height="5"></rect></svg>
<svg role="img" aria-labelledby="vide"><title id="vide"> </title></svg>
</main></body></html>"""

PAGE_CORRECTE = """<!doctype html><html lang="fr"><head><title>Page correcte</title></head><body><main><h1>Titre</h1>
<label for="q">Chercher</label><input id="q" name="q"><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="">
<svg aria-hidden="true" viewBox="0 0 1 1"></svg>
<figure><svg role="img" aria-labelledby="t"><title id="t">Emplois par année</title></svg>
<table><caption>Emplois par année</caption><tr><th scope="col">2025</th></tr><tr><td>12</td></tr></table></figure>
</main></body></html>"""


def test_les_verifications_trouvent_chaque_probleme(page):
    page.set_content(PAGE_FAUTIVE)
    problemes = problemes_accessibilite(page)
    assert "lang=en" in problemes and "pas de titre h1" in problemes
    assert "champ sans étiquette : sans_etiquette" in problemes
    assert any(p.startswith("image sans alt") for p in problemes)
    assert problemes.count("graphique sans alternative textuelle") == 2
    assert problemes.count("graphique sans tableau de données") == 2


def test_une_page_correcte_passe_les_verifications(page):
    page.set_content(PAGE_CORRECTE)
    assert problemes_accessibilite(page) == []
    assert violations_axe(page) == []


def test_axe_trouve_les_violations_wcag(page):
    page.set_content(PAGE_FAUTIVE + '<p style="color:#bbb;background:#fff">pâle</p>')
    regles = {v.split(" ")[0] for v in violations_axe(page)}
    assert {"image-alt", "label", "color-contrast"} <= regles, regles


def test_une_requete_vers_l_exterieur_est_bloquee_et_notee(navigateur, live_server):
    """Two locks. The platform's Content-Security-Policy (connect-src 'self') makes the browser
    itself refuse the request, before any network activity. The toolkit's own lock, for what
    the policy would let through, aborts and records it: shown with the policy bypassed."""
    ouvrir = Ouvreur(navigateur, live_server.url)
    essai = "() => fetch('http://exemple.invalid/piste.js').then(() => 'partie', () => 'bloquée')"
    try:
        page = ouvrir()
        refus = []
        page.on("console", lambda m: refus.append(m.text) if "Content Security Policy" in m.text else None)
        reponse = page.goto(live_server.url + "/")
        assert reponse.status == 200 and "connect-src 'self'" in reponse.headers["content-security-policy"]
        assert page.evaluate(essai) == "bloquée"
        assert ouvrir.sorties == [] and any("exemple.invalid" in r for r in refus)

        page = ouvrir(bypass_csp=True)
        page.goto(live_server.url + "/")
        assert page.evaluate(essai) == "bloquée"
    finally:
        ouvrir.fermer()
    assert ouvrir.sorties == ["http://exemple.invalid/piste.js"]
    with pytest.raises(AssertionError, match="requêtes vers l'extérieur"):
        ouvrir.verifier()


def test_chromium_lance_le_test_garde_la_base_restauree(navigateur):
    """With Chromium running (its event loop marked as running in this thread), the test still
    sees the rows the serialized rollback restored after the migrations: content types,
    permissions, the reference rows of the data migrations; a cached content type exists.

    Django used to hand the test other connection objects then, without those rows to restore:
    the database stayed empty, and a content type cached by an earlier test broke the first
    history entry with a FOREIGN KEY error (guichet's browser test after test_actions.py).
    """
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    from territoire.guichet.models import Sujet

    assert Permission.objects.filter(codename="add_permission").exists()
    assert Sujet.objects.filter(code="recrutement").exists()
    type_sujet = ContentType.objects.get_for_model(Sujet)  # maybe from the process-wide cache
    assert ContentType.objects.filter(pk=type_sujet.pk, app_label="guichet", model="sujet").exists()
