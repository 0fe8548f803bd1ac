"""The one toolkit of the browser tests: Playwright's sync API driving Debian's Chromium
against Django's live server.

- `lancer_chromium()` starts Playwright and Chromium and always stops both when its block
  ends (a Playwright left running keeps an asyncio loop in the thread, and the next sync
  Playwright of that thread refuses to start); it skips, saying why, without /usr/bin/chromium.
  Meanwhile the test's ORM calls keep the thread's database connections.
- `Ouvreur` opens pages, each in its own browser context, aborts and records every request
  that leaves the live server, records JavaScript errors, and closes every context it opened.
- `problemes_accessibilite(page)` runs the automatable accessibility checks (one copy).
- Fixtures `navigateur` (one Chromium per test module) and `page` (one page per test) for the
  modules that import them: `from tests.navigateur_outils import navigateur, page`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

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
# Schemes that never leave the machine.
LOCAUX = ("data:", "blob:", "about:")

# Automatable RGAA checks, the same on every page:
# - the page is in French (lang="fr") and has an h1 title;
# - every field has a label (label[for], an enclosing label, aria-label or aria-labelledby);
# - every image has an alt attribute;
# - every SVG chart of the main content is role=img with a non-empty text alternative
#   (aria-labelledby), inside a figure that holds its data table (or is followed by it);
#   a chart outside any figure must at least share its section with its table. Leaflet's map
#   layers (the map has its own data tables) and decorative aria-hidden SVGs are not charts.
VERIFICATIONS_ACCESSIBILITE = """() => {
  const problemes = [];
  const texte = (id) => { const e = document.getElementById(id); return e ? e.textContent.trim() : ""; };
  if (document.documentElement.lang !== "fr") problemes.push("lang=" + document.documentElement.lang);
  if (!document.querySelector("h1")) problemes.push("pas de titre h1");
  for (const champ of document.querySelectorAll("input:not([type=hidden]), select, textarea")) {
    const etiquette = (champ.id && document.querySelector(`label[for="${champ.id}"]`))
      || champ.closest("label") || champ.getAttribute("aria-label") || champ.getAttribute("aria-labelledby");
    if (!etiquette) problemes.push("champ sans étiquette : " + (champ.name || champ.outerHTML.slice(0, 60)));
  }
  for (const img of document.querySelectorAll("img")) {
    if (!img.hasAttribute("alt")) problemes.push("image sans alt : " + img.src);
  }
  for (const svg of document.querySelectorAll("main svg")) {
    if (svg.closest(".leaflet-container") || svg.closest("[aria-hidden=true]")) continue;
    const ids = (svg.getAttribute("aria-labelledby") || "").split(" ").filter(Boolean);
    if (svg.getAttribute("role") !== "img" || !ids.length || !ids.every(texte))
      problemes.push("graphique sans alternative textuelle");
    const figure = svg.closest("figure");
    const suivant = figure && figure.nextElementSibling;
    const groupe = figure || svg.closest("section");
    const tableau = (groupe && groupe.querySelector("table"))
      || (suivant && (suivant.matches("table") ? suivant : suivant.querySelector("table")));
    if (!tableau) problemes.push("graphique sans tableau de données");
  }
  return problemes;
}"""


def problemes_accessibilite(page) -> list[str]:
    """What the automatable checks find wrong on the page (an empty list when all is well)."""
    return page.evaluate(VERIFICATIONS_ACCESSIBILITE)


@contextmanager
def lancer_chromium() -> Iterator:
    """Playwright and Chromium for the block; both are stopped when it ends, even on failure."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} absent : installez le paquet Debian chromium (make browser).")
    # Playwright's sync API runs an event loop in this thread; the tests' ORM calls (creating
    # data, reading results) stay synchronous, which Django would otherwise refuse.
    avant = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Between its calls, Playwright's sync API leaves its event loop marked as running in this
    # thread. Django's connection handler (an asgiref Local, thread-critical) then takes the
    # thread for async code and hands out other connection objects than the ones the test
    # database was set up on. Those lack the rows Django serialized after the migrations, so the
    # serialized rollback of a browser test silently restored nothing: it started on an empty
    # database while the process-wide content type cache kept the ids of earlier tests (guichet's
    # browser test after its test_actions.py: FOREIGN KEY error). The tests' ORM calls stay
    # synchronous in this thread: they keep its connections while Playwright runs.
    connexions = {alias: connections[alias] for alias in connections}
    try:
        with sync_playwright() as p:
            for alias, connexion in connexions.items():
                connections[alias] = connexion
            try:
                navigateur = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGUMENTS)
                try:
                    yield navigateur
                finally:
                    navigateur.close()
            finally:
                for alias in connexions:
                    del connections[alias]  # the handler as Playwright found it
    finally:
        if avant is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = avant


class Ouvreur:
    """Opens pages in separate contexts (one per person); no request may leave the live server.

    `sorties` lists the aborted outgoing requests, `erreurs` the JavaScript errors; `fermer()`
    closes every context opened, `verifier()` fails when either list is not empty.
    """

    def __init__(self, navigateur, url_serveur: str):
        self.navigateur = navigateur
        self.url_serveur = url_serveur.rstrip("/")
        self.sorties: list[str] = []
        self.erreurs: list[str] = []
        self._contextes: list = []

    def _filtrer(self, route) -> None:
        url = route.request.url
        if url == self.url_serveur or url.startswith((self.url_serveur + "/", *LOCAUX)):
            route.continue_()
        else:
            self.sorties.append(url)
            route.abort()

    def __call__(self, javascript: bool = True, **options):
        options.setdefault("viewport", {"width": 1280, "height": 900})
        contexte = self.navigateur.new_context(
            locale="fr-FR", java_script_enabled=javascript, **options
        )
        self._contextes.append(contexte)
        contexte.route("**/*", self._filtrer)
        page = contexte.new_page()
        page.on("pageerror", lambda exc: self.erreurs.append(str(exc)))
        return page

    def fermer(self) -> None:
        while self._contextes:
            self._contextes.pop().close()

    def verifier(self) -> None:
        assert not self.sorties, f"requêtes vers l'extérieur : {self.sorties}"
        assert not self.erreurs, f"erreurs JavaScript : {self.erreurs}"


@contextmanager
def ouvreur(navigateur, url_serveur: str) -> Iterator[Ouvreur]:
    """An `Ouvreur` whose contexts are closed when the block ends; checked if the block passed."""
    o = Ouvreur(navigateur, url_serveur)
    try:
        yield o
    finally:
        o.fermer()
    o.verifier()


@pytest.fixture(scope="module")
def navigateur():
    """One Chromium per test module, stopped with its Playwright when the module ends."""
    with lancer_chromium() as navigateur:
        yield navigateur


@pytest.fixture
def page(navigateur, live_server):
    """One page of the live server per test; no outgoing request, no JavaScript error."""
    with ouvreur(navigateur, live_server.url) as ouvrir:
        yield ouvrir()


def connecter(page, url_serveur: str, identifiant: str, suite: str = "") -> None:
    """Log in through the login form (the personas share one password)."""
    page.goto(f"{url_serveur}/comptes/connexion/" + (f"?next={suite}" if suite else ""))
    page.fill("#id_username", identifiant)
    page.fill("#id_password", MOT_DE_PASSE)
    page.click("main button[type=submit]")
