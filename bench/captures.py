"""Screenshots of the home page and the map for the README (docs/captures/).

Serves the platform in this process (the database of TERRITOIRE_DATA_DIR / DATABASE_URL)
and photographs it with Debian's Chromium:

    TERRITOIRE_DATA_DIR=/tmp/demo .venv/bin/territoire migrate
    TERRITOIRE_DATA_DIR=/tmp/demo .venv/bin/territoire demo
    TERRITOIRE_DATA_DIR=/tmp/demo .venv/bin/python bench/captures.py [SLUG]
"""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

RACINE = Path(__file__).resolve().parents[1]
SORTIE = RACINE / "docs" / "captures"
CHROMIUM = "/usr/bin/chromium"
ARGUMENTS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]


class _Silencieux(WSGIRequestHandler):
    def log_message(self, *args) -> None:
        pass


class _Serveur(WSGIServer):
    daemon_threads = True


def servir():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "territoire.settings")
    import django

    django.setup()
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.core.wsgi import get_wsgi_application

    serveur = make_server("127.0.0.1", 0, StaticFilesHandler(get_wsgi_application()), handler_class=_Silencieux)
    threading.Thread(target=serveur.serve_forever, daemon=True).start()
    return serveur


def main(slug: str | None) -> None:
    serveur = servir()
    from territoire.referentiel.queries import territoire_designe

    territoire = territoire_designe(slug)
    base = f"http://127.0.0.1:{serveur.server_port}/{territoire.slug}/"
    from playwright.sync_api import sync_playwright

    SORTIE.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        navigateur = p.chromium.launch(executable_path=CHROMIUM, args=ARGUMENTS)
        page = navigateur.new_page(viewport={"width": 1280, "height": 1000}, locale="fr-FR")
        page.goto(base)
        page.screenshot(path=str(SORTIE / "accueil.png"), full_page=True)
        page.goto(base + "etablissements/carte/")
        page.wait_for_selector(".marker-cluster", timeout=30_000)
        page.wait_for_timeout(800)
        page.screenshot(path=str(SORTIE / "carte.png"))
        navigateur.close()
    serveur.shutdown()
    print(f"Captures écrites dans {SORTIE} ({territoire.nom}).")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else None)
