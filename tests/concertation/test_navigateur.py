"""The path of the issue's "done when", in a browser: open the synthesis, follow a finding to the
sectors behind it and to the fiches-actions that answer it (Playwright + Debian's Chromium)."""

from __future__ import annotations

import os
from io import StringIO
from pathlib import Path

import pytest

from territoire.demo import concertation as demo
from tests.etablissements import factories as recensement

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGUMENTS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--no-first-run"]


@pytest.fixture
def navigateur():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} absent : installez le paquet Debian chromium.")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        navigateur = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGUMENTS)
        yield navigateur
        navigateur.close()


@pytest.fixture
def page(navigateur):
    contexte = navigateur.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    sorties = []

    def filtrer(route):
        if route.request.url.startswith(("http://localhost", "http://127.0.0.1", "data:")):
            route.continue_()
        else:
            sorties.append(route.request.url)
            route.abort()

    contexte.route("**/*", filtrer)
    page = contexte.new_page()
    yield page
    contexte.close()
    assert not sorties, f"requêtes vers l'extérieur : {sorties}"


@pytest.fixture
def concertation_demo(transactional_db, territoire):
    commune = territoire.communes.order_by("code_insee").first()
    for i, naf in enumerate(["25.62A", "22.29A", "10.72Z", "26.11Z", "28.15Z"] * 3):
        recensement.etablissement(commune, denomination=f"Industrie fictive {i}", naf=naf, fictif=True)
    demo.construire(territoire, StringIO())
    return territoire


def test_de_la_synthese_au_constat_a_ses_filieres_et_a_ses_fiches(live_server, page, concertation_demo):
    page.goto(f"{live_server.url}/{concertation_demo.slug}/concertation/")
    page.get_by_role("heading", name="Ce que nous avons entendu → ce que nous faisons").wait_for()
    assert page.locator("svg[role=img] title").text_content().startswith("Nombre d'entreprises")
    assert page.get_by_role("table", name="Constats classés par soutien").is_visible()
    premier = page.locator("section.entendu-fait h3 a").first
    titre = premier.inner_text()
    # The finding is reached with the keyboard, as well as with a mouse.
    premier.focus()
    page.keyboard.press("Enter")
    page.get_by_role("heading", level=1, name=titre).wait_for()

    filieres = page.get_by_role("table", name="Filières des entreprises derrière ce constat")
    lignes = filieres.locator("tbody tr")
    assert lignes.count() >= 2
    assert "Industrie fictive" not in page.content()  # sectors and sizes, never firms' names
    fiches = page.get_by_role("table", name="Fiches-actions qui répondent à ce constat")
    lien = fiches.get_by_role("link").first
    nom_fiche = lien.inner_text()
    assert nom_fiche.startswith("Fiche ")
    lien.click()
    page.wait_for_load_state()
    assert nom_fiche.split(" — ", 1)[1] in page.content()

    page.go_back()
    page.go_back()
    sans_reponse = page.locator("section.entendu-fait", has_text="Les démarches administratives")
    assert "Aucune fiche-action publiée ne répond encore à ce constat." in sans_reponse.inner_text()
