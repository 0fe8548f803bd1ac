"""Browser tests: Playwright's sync API driving Debian's Chromium against Django's live server.

Skipped, saying why, when /usr/bin/chromium is absent (`make browser` installs it).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGUMENTS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]


@pytest.fixture(scope="module")
def navigateur():
    """One Chromium per test module, closed before the next module runs: a Playwright left
    running would keep its event loop in this thread and break other modules' browser tests."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} absent : installez le paquet Debian chromium (make browser).")
    # Playwright's sync API runs an event loop in this thread; the ORM calls of the test
    # (creating data) are still synchronous, which Django would otherwise refuse.
    avant = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as p:
            navigateur = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGUMENTS)
            yield navigateur
            navigateur.close()
    finally:
        if avant is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = avant


@pytest.fixture
def page(navigateur):
    contexte = navigateur.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    # No request may leave the machine: everything the pages load is served by the live server.
    sorties = []

    def filtrer(route):
        url = route.request.url
        if url.startswith(("http://localhost", "http://127.0.0.1", "data:", "blob:")):
            route.continue_()
        else:
            sorties.append(url)
            route.abort()

    contexte.route("**/*", filtrer)
    page = contexte.new_page()
    erreurs = []
    page.on("pageerror", lambda exc: erreurs.append(str(exc)))
    yield page
    contexte.close()
    assert not sorties, f"requêtes vers l'extérieur : {sorties}"
    assert not erreurs, f"erreurs JavaScript : {erreurs}"
