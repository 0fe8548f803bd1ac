"""The job's page in a real browser: htmx polls the same view's fragment, the bar moves as the
worker writes, polling stops when the job ends; no policy violation, no accessibility problem."""

from __future__ import annotations

import os
import socket
import time

import pytest
from django.utils import timezone

from territoire.taches.models import Tache
from tests import navigateur_outils
from tests.navigateur_outils import connecter, ouvreur, problemes_accessibilite

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

navigateur = navigateur_outils.navigateur


def test_la_barre_de_progression_suit_la_tache_puis_s_arrete(navigateur, live_server, territoire, alice):
    tache = Tache.objects.create(genre=Tache.Genre.IMPORT_SIRENE, territoire=territoire, demandee_par=alice)
    url = f"{live_server.url}/{territoire.slug}/taches/{tache.pk}/"
    with ouvreur(navigateur, live_server.url) as nouvelle_page:
        page = nouvelle_page()
        politique: list[str] = []
        page.on("console", lambda m: politique.append(m.text) if "Content Security Policy" in m.text else None)
        connecter(page, live_server.url, "alice", suite=url)
        page.goto(url)
        assert "En attente" in page.inner_text("#etat-tache")

        # As a live worker writes it: its process (this one) and a fresh sign of life.
        Tache.objects.filter(pk=tache.pk).update(
            statut=Tache.Statut.EN_COURS, progression=40, etape="Lecture des établissements : 12 000 lignes lues",
            travailleur=f"{socket.gethostname()}:{os.getpid()}", battement=timezone.now(),
        )
        # Waits by selector, not by a JavaScript predicate: the policy forbids eval (no 'unsafe-eval').
        page.locator("#barre-tache[value='40']").wait_for(timeout=15000)
        assert "12 000 lignes lues" in page.inner_text("#etat-tache")
        assert not problemes_accessibilite(page)

        Tache.objects.filter(pk=tache.pk).update(statut=Tache.Statut.REUSSIE, progression=100, etape="Terminée",
                                                  message="Import SIRENE terminé. Territoire : essai.")
        page.wait_for_selector("text=Tâche terminée", timeout=15000)
        assert page.locator("#barre-tache").count() == 0

        appels: list[str] = []
        page.on("request", lambda r: appels.append(r.url) if r.url.startswith(url) else None)
        time.sleep(2.5)
        assert not appels, f"la page interroge encore le serveur après la fin : {appels}"
        assert not problemes_accessibilite(page)
        assert not politique, f"violations de la politique de sécurité du contenu : {politique}"
