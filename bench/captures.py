"""Screenshots for the README (docs/captures/): the public home, the map, the team's workspace,
the desk's queue and a fiche-action, at 1280 px (the map at the viewport's height).

Serves the platform in this process (the database of TERRITOIRE_DATA_DIR / DATABASE_URL)
and photographs it with Debian's Chromium:

    TERRITOIRE_DATA_DIR=/tmp/demo .venv/bin/territoire migrate
    TERRITOIRE_DATA_DIR=/tmp/demo .venv/bin/territoire demo
    TERRITOIRE_DATA_DIR=/tmp/demo .venv/bin/python bench/captures.py [SLUG]

Without SLUG: the only territory, or else the only one with a team (the demo's, when the
regional view's demo has added the region's other territories).

The team's pages are taken as the demo's team member (the first `equipe` membership of the
territory), signed in by a session cookie: no password is needed or printed.
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
# Height of each capture of the team's pages (the viewport's, 1000 px, when not named).
HAUTEURS = {"demandes": 1600}


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
    territoire = _territoire(slug)
    base = f"http://127.0.0.1:{serveur.server_port}/{territoire.slug}/"
    from playwright.sync_api import sync_playwright

    SORTIE.mkdir(parents=True, exist_ok=True)
    # The database is read before Playwright starts (its event loop forbids the ORM in this thread).
    cookies = _session_equipe(territoire, f"http://127.0.0.1:{serveur.server_port}")
    pages_equipe = _pages_equipe(territoire)
    with sync_playwright() as p:
        navigateur = p.chromium.launch(executable_path=CHROMIUM, args=ARGUMENTS)
        page = navigateur.new_page(viewport={"width": 1280, "height": 1000}, locale="fr-FR")
        page.goto(base)
        page.screenshot(path=str(SORTIE / "accueil.png"), full_page=True)
        page.goto(base + "etablissements/carte/")
        page.wait_for_selector(".marker-cluster", timeout=30_000)
        page.wait_for_timeout(800)
        page.screenshot(path=str(SORTIE / "carte.png"))
        equipe = navigateur.new_context(viewport={"width": 1280, "height": 1000}, locale="fr-FR")
        equipe.add_cookies(cookies)
        page = equipe.new_page()
        for nom, adresse in pages_equipe:
            page.goto(f"http://127.0.0.1:{serveur.server_port}{adresse}")
            # The queue's table starts under its filter panel: the capture goes down to its
            # first dozen rows instead of stopping at the viewport's bottom.
            hauteur = HAUTEURS.get(nom, 1000)
            page.screenshot(path=str(SORTIE / f"{nom}.png"), full_page=True, clip={"x": 0, "y": 0, "width": 1280, "height": hauteur})
        navigateur.close()
    serveur.shutdown()
    print(f"Captures écrites dans {SORTIE} ({territoire.nom}).")


def _territoire(slug: str | None):
    from territoire.referentiel.models import Territoire
    from territoire.referentiel.queries import territoire_designe

    try:
        return territoire_designe(slug)
    except Territoire.DoesNotExist:
        avec_equipe = list(Territoire.objects.filter(adhesions__role="equipe").distinct()[:2])
        if slug or len(avec_equipe) != 1:
            raise
        return avec_equipe[0]


def _session_equipe(territoire, origine: str) -> list[dict]:
    from django.test import Client

    from territoire.comptes.models import Adhesion

    adhesion = Adhesion.objects.filter(territoire=territoire, role="equipe").select_related("utilisateur").first()
    if adhesion is None:
        raise SystemExit(f"{territoire.nom} n'a aucun membre de l'équipe : construisez la démonstration (territoire demo).")
    client = Client()
    client.force_login(adhesion.utilisateur)
    return [{"name": c.key, "value": c.value, "url": origine} for c in client.cookies.values()]


def _pages_equipe(territoire) -> list[tuple[str, str]]:
    """(file name, address) of the team's pages: its workspace, the desk's queue, a fiche."""
    from django.urls import reverse

    from territoire.programme.models import FicheAction

    t = {"territoire": territoire.slug}
    pages = [("espace", reverse("comptes:espace", kwargs=t)), ("demandes", reverse("guichet:demandes", kwargs=t))]
    fiche = (
        FicheAction.objects.filter(programme__territoire=territoire, parent__isnull=True)
        .order_by("programme__debut", "pk").first()
    )
    if fiche is not None:
        pages.append(("fiche", fiche.get_absolute_url()))
    return pages


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else None)
