"""The living catalogue of components in Chromium: every component passes the automated
accessibility checks (labels, alternatives, landmarks, headings, contrast), and the pages of
every persona do too; the directory fits a 375 px phone."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.navigateur_outils import connecter, problemes_accessibilite

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_le_catalogue_des_composants_passe_les_verifications(page, live_server, territoire, alice):
    connecter(page, live_server.url, "alice")
    page.goto(live_server.url + reverse("ui:catalogue", kwargs={"territoire": territoire.slug}))
    assert page.locator("h1").inner_text() == "Catalogue des composants"
    for selecteur in ("svg.barres", "svg.courbes", "svg.radar", ".badge-attention", ".resume-erreurs", ".pagination, #liste-exemple"):
        assert page.locator(selecteur).count() >= 1, selecteur
    assert problemes_accessibilite(page) == []
    # Disclosure navigation: opening a domain closes the other; Escape closes it.
    sommaires = page.locator("details[data-menu] > summary")
    sommaires.nth(0).click()
    sommaires.nth(1).click()
    assert page.locator("details[data-menu][open]").count() == 1
    page.keyboard.press("Escape")
    assert page.locator("details[data-menu][open]").count() == 0


def test_les_verifications_trouvent_un_contraste_faible_et_un_titre_saute(page):
    page.set_content("""<!doctype html><html lang="fr"><body><header></header><main><h1>T</h1><h3>Saut</h3>
    <p style="color:#bbbbbb">pâle</p></main></body></html>""")
    problemes = problemes_accessibilite(page)
    assert any(p.startswith("contraste") and "pâle" in p for p in problemes)
    assert any(p.startswith("titre H3 après h1") for p in problemes)


@pytest.mark.parametrize("nom", ["public", "alice", "david"])
def test_l_annuaire_tient_sur_un_telephone(navigateur, live_server, territoire, personas, nom):
    from tests.etablissements import factories as f
    from tests.navigateur_outils import ouvreur

    f.petit_recensement(territoire)
    with ouvreur(navigateur, live_server.url) as ouvrir:
        page = ouvrir(viewport={"width": 375, "height": 800})
        if nom != "public":
            connecter(page, live_server.url, nom)
        page.goto(live_server.url + reverse("etablissements:liste", kwargs={"territoire": territoire.slug}))
        largeur = page.evaluate("() => document.documentElement.scrollWidth")
        assert largeur <= 375, f"{nom} : la page fait {largeur} px de large"
        assert problemes_accessibilite(page) == []
