"""The programme's path in a real browser (Playwright driving Debian's Chromium):
dashboard → a late fiche → a signed update posted from the fiche page → the committee
report, downloaded as a PDF. Also the automatable accessibility checks on each page."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from territoire.programme.models import FicheAction

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CHROMIUM = Path("/usr/bin/chromium")
ARGUMENTS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
MOT_DE_PASSE = "mot-de-passe-solide-42"  # the personas' password (tests/conftest.py)

# French page, a title, every field labelled, every chart an SVG image with a text alternative
# inside a figure that holds its data table.
VERIFICATIONS = """() => {
  const problemes = [];
  if (document.documentElement.lang !== "fr") problemes.push("lang");
  if (!document.querySelector("h1")) problemes.push("pas de h1");
  for (const champ of document.querySelectorAll("input:not([type=hidden]), select, textarea")) {
    const etiquette = (champ.id && document.querySelector(`label[for="${champ.id}"]`)) || champ.closest("label")
      || champ.getAttribute("aria-label");
    if (!etiquette) problemes.push("champ sans étiquette : " + champ.name);
  }
  for (const svg of document.querySelectorAll("main svg")) {
    const id = svg.getAttribute("aria-labelledby");
    if (svg.getAttribute("role") !== "img" || !id || !document.getElementById(id).textContent.trim())
      problemes.push("graphique sans alternative");
    const figure = svg.closest("figure");
    if (!figure || !figure.querySelector("table")) problemes.push("graphique sans tableau");
  }
  return problemes;
}"""


@pytest.fixture(scope="module")
def chromium():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} absent : installez le paquet Debian chromium.")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        navigateur = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGUMENTS)
        yield navigateur
        navigateur.close()


def test_tableau_de_bord_fiche_mise_a_jour_puis_rapport_pdf(
    chromium, live_server, territoire, alice
):
    from territoire.demo.programme import construire

    construire(territoire, io.StringIO())
    sorties = []
    contexte = chromium.new_context(locale="fr-FR", accept_downloads=True)

    def filtrer(route):
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            sorties.append(route.request.url)
            route.abort()

    contexte.route("**/*", filtrer)
    page = contexte.new_page()
    page.goto(f"{live_server.url}/comptes/connexion/?next=/{territoire.slug}/programme/")
    page.fill("#id_username", alice.username)
    page.fill("#id_password", MOT_DE_PASSE)
    page.click("main button[type=submit]")

    # Dashboard: the axis × status matrix, and the late fiches with their reasons.
    page.wait_for_selector("text=Fiches par axe et par statut")
    assert page.evaluate(VERIFICATIONS) == []
    retard = page.locator("#t-retard + p + ul a", has_text="Renforcer l'accompagnement des PME")
    assert retard.count() == 1
    retard.click()

    # The fiche: post a dated, signed update from its page.
    page.wait_for_selector("h1:has-text('Fiche-action 6')")
    assert page.evaluate(VERIFICATIONS) == []
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
    assert page.evaluate(VERIFICATIONS) == []

    # The committee report of a period, downloaded as a PDF that quotes the new update.
    page.click("nav[aria-label=Programme] >> text=Rapport au comité")
    page.fill("#id_debut", "2021-01-01")
    page.fill("#id_fin", "2030-12-31")
    page.click("button:has-text('Préparer le rapport')")
    page.wait_for_selector("text=Aperçu")
    assert page.evaluate(VERIFICATIONS) == []
    with page.expect_download() as attente:
        page.click("a:has-text('Télécharger le rapport (PDF)')")
    telechargement = attente.value
    chemin = telechargement.path()
    contenu = Path(chemin).read_bytes()
    assert contenu.startswith(b"%PDF") and telechargement.suggested_filename.endswith(".pdf")
    contexte.close()
    assert not sorties, f"requêtes vers l'extérieur : {sorties}"
