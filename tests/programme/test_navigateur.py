"""The programme's path in a real browser (Playwright driving Debian's Chromium):
dashboard → a late fiche → a signed update posted from the fiche page → the committee
report, downloaded as a PDF. Also the automatable accessibility checks on each page."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from territoire.programme.models import FicheAction
from tests import navigateur_outils
from tests.navigateur_outils import connecter, ouvreur, problemes_accessibilite

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

navigateur = navigateur_outils.navigateur  # fixture: this module's Chromium, stopped at its end


def test_tableau_de_bord_fiche_mise_a_jour_puis_rapport_pdf(
    navigateur, live_server, territoire, alice
):
    from territoire.demo.programme import construire

    construire(territoire, io.StringIO())
    # Outgoing requests and JavaScript errors are checked when the block ends.
    with ouvreur(navigateur, live_server.url) as ouvrir:
        page = ouvrir(accept_downloads=True)
        _parcours(page, live_server, territoire, alice)


def _parcours(page, live_server, territoire, alice):
    connecter(page, live_server.url, alice.username, f"/{territoire.slug}/programme/")

    # The dashboard opens on the current phase (2023-2027 by its dates): the demo enters no
    # fiche there yet, and the empty state says what to do next.
    page.wait_for_selector("text=Aucune fiche-action dans cette phase pour l'instant")
    assert problemes_accessibilite(page) == []
    # The seed's plan is the closed 2019-2022 phase, chosen with the phase selector: the
    # axis × status matrix, and the late fiches with their reasons.
    page.select_option("#phase", "2019-2022")
    page.click("button:has-text('Afficher la phase')")
    page.wait_for_selector("text=Fiches par axe et par statut")
    assert "phase=2019-2022" in page.url
    assert problemes_accessibilite(page) == []
    retard = page.locator("section:has(#t-retard) li a", has_text="Renforcer l'accompagnement des PME")
    assert retard.count() == 1
    retard.click()

    # The fiche: post a dated, signed update from its page.
    page.wait_for_selector("h1:has-text('Fiche-action 6')")
    assert problemes_accessibilite(page) == []
    page.click("summary:has-text('Publier une mise à jour')")
    page.select_option("#id_statut", label="Terminée")
    page.fill("#id_avancement", "100")
    page.fill("#id_note", "Bilan présenté au comité : 142 recrutements accompagnés.")
    page.click("button:has-text('Enregistrer la mise à jour')")
    page.wait_for_selector("text=Bilan présenté au comité : 142 recrutements accompagnés.")
    assert page.locator("dd", has_text="Terminée").count() >= 1
    fiche = FicheAction.objects.get(programme__territoire=territoire, numero="6")
    assert fiche.statut.code == "terminee" and fiche.mises_a_jour.first().auteur == alice

    # An indicator page: its chart has a text alternative and a data table.
    page.click("a:has-text('Recrutements accompagnés')")
    page.wait_for_selector("figure svg")
    assert problemes_accessibilite(page) == []

    # The committee report of a period, downloaded as a PDF that quotes the new update.
    page.click("nav.nav-laterale >> text=Rapport au comité")
    page.fill("#id_debut", "2021-01-01")
    page.fill("#id_fin", "2030-12-31")
    page.click("button:has-text('Préparer le rapport')")
    page.wait_for_selector("text=Aperçu")
    assert problemes_accessibilite(page) == []
    with page.expect_download() as attente:
        page.click("a:has-text('Télécharger le rapport (PDF)')")
    telechargement = attente.value
    chemin = telechargement.path()
    contenu = Path(chemin).read_bytes()
    assert contenu.startswith(b"%PDF") and telechargement.suggested_filename.endswith(".pdf")
