"""The path of the issue's "done when", in a browser: open the synthesis, follow a finding to the
sectors behind it and to the fiches-actions that answer it (Playwright + Debian's Chromium)."""

from __future__ import annotations

from io import StringIO

import pytest

from territoire.demo import concertation as demo
from tests import navigateur_outils
from tests.etablissements import factories as recensement
from tests.navigateur_outils import problemes_accessibilite

# Serialized rollback like the other browser tests: the migrations' rows (themes, content
# types) are restored before the test and the flush after it does not write them back, so the
# test passes whatever browser module ran before it and leaves nothing for the next one.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Fixtures of the shared toolkit: this module's Chromium, and one page per test whose
# outgoing requests are aborted (and fail the test) and whose JavaScript errors fail it.
navigateur = navigateur_outils.navigateur
page = navigateur_outils.page


@pytest.fixture
def concertation_demo(transactional_db, territoire):
    # Reference rows shipped by data migrations (filières), recreated if a browser module that
    # ran before on this worker left them flushed.
    from territoire.etablissements.filieres_defaut import charger
    from territoire.etablissements.models import Filiere, RegleNaf

    charger(Filiere, RegleNaf)
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
    assert problemes_accessibilite(page) == []
    premier = page.locator("section.entendu-fait h3 a").first
    titre = premier.inner_text()
    # The finding is reached with the keyboard, as well as with a mouse.
    premier.focus()
    page.keyboard.press("Enter")
    page.get_by_role("heading", level=1, name=titre).wait_for()
    assert problemes_accessibilite(page) == []

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
