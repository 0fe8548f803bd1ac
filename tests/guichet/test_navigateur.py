"""The desk's whole path in a real browser (Playwright driving Debian's Chromium):
a firm files a request through the public form (no JavaScript needed), the team routes it,
the advisor takes it in charge and closes it, the firm answers the satisfaction question,
and the share taken in charge within 5 working days moves."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from django.core import mail

from territoire.guichet import actions
from territoire.guichet.models import Demande
from tests.guichet import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CHROMIUM = Path("/usr/bin/chromium")
ARGUMENTS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--no-first-run"]
MOT_DE_PASSE = "mot-de-passe-solide-42"  # the personas' password (tests/conftest.py)


def _dans_un_fil(parcours, live_server_url: str) -> None:
    """Run the browser part in a thread of its own, with its own Playwright.

    Playwright's sync API refuses to start in a thread where another test module left its
    session-scoped Playwright (and so an asyncio loop) running; a fresh thread has none.
    The thread reads the database like the live server's thread does (committed data).
    """
    from django.db import connections

    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} absent : installez le paquet Debian chromium (make browser).")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    resultat: dict = {}

    def cible():
        from playwright.sync_api import sync_playwright

        try:
            with sync_playwright() as p:
                navigateur = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGUMENTS)
                try:
                    parcours(_ouvreur(navigateur, live_server_url))
                finally:
                    navigateur.close()
        except BaseException as exc:  # re-raised in the test's thread below
            resultat["erreur"] = exc
        finally:
            connections.close_all()

    fil = threading.Thread(target=cible, name="navigateur-guichet")
    fil.start()
    fil.join(timeout=600)
    assert not fil.is_alive(), "le parcours dans le navigateur n'a pas fini en 10 minutes"
    if "erreur" in resultat:
        raise resultat["erreur"]


def _ouvreur(navigateur, url_serveur: str):
    """Pages in separate contexts (one per person); no request may leave the live server."""
    sorties: list[str] = []

    def ouvrir(javascript: bool = True):
        contexte = navigateur.new_context(locale="fr-FR", java_script_enabled=javascript)

        def filtrer(route):
            if route.request.url.startswith(url_serveur):
                route.continue_()
            else:
                sorties.append(route.request.url)
                route.abort()

        contexte.route("**/*", filtrer)
        return contexte.new_page()

    ouvrir.sorties = sorties
    return ouvrir


# Automatable RGAA checks: French page, a title, every field labelled, charts with a text alternative.
VERIFICATIONS_ACCESSIBILITE = """() => {
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
    if (!svg.closest("figure") || !document.querySelector("main table")) problemes.push("graphique sans tableau");
  }
  return problemes;
}"""


def _accessible(page) -> list[str]:
    return page.evaluate(VERIFICATIONS_ACCESSIBILITE)


def _connecter(page, live_server, identifiant):
    page.goto(f"{live_server.url}/comptes/connexion/")
    page.fill("#id_username", identifiant)
    page.fill("#id_password", MOT_DE_PASSE)
    page.click("button[type=submit]")


def _part_5_jours(page, live_server, territoire) -> str:
    page.goto(f"{live_server.url}/{territoire.slug}/guichet/mesures/")
    return page.inner_text("#part-5-jours").strip()


def test_demande_deposee_orientee_prise_en_charge_et_jugee(live_server, territoire, communes, annuaire, alice, chloe):
    f.sujets_par_defaut()
    # An older request, taken in charge late: the measure starts at 0 %.
    ancienne = f.demande(territoire, commune=communes["Ruitz"], quand=f.moment(2026, 1, 5))
    actions.changer_statut(ancienne, "prise_en_charge", maintenant=f.moment(2026, 1, 20))
    _dans_un_fil(lambda nouvelle_page: _parcours(nouvelle_page, live_server, territoire, alice, chloe), live_server.url)


def _parcours(nouvelle_page, live_server, territoire, alice, chloe):

    equipe = nouvelle_page()
    _connecter(equipe, live_server, alice.username)
    assert _part_5_jours(equipe, live_server, territoire) == "0 %"
    assert _accessible(equipe) == []
    for chemin in ("guichet/deposer/", "guichet/annuaire/", "reseau/"):
        equipe.goto(f"{live_server.url}/{territoire.slug}/{chemin}")
        assert _accessible(equipe) == [], chemin

    # 1. The firm, without JavaScript, makes a mistake, then files its request.
    entreprise = nouvelle_page(javascript=False)
    entreprise.goto(f"{live_server.url}/{territoire.slug}/guichet/deposer/")
    entreprise.fill("#id_entreprise", "Atelier Dupuis")
    entreprise.select_option("#id_commune", label="Ruitz (62729)")
    entreprise.select_option("#id_sujet", label="Recruter, former")
    entreprise.fill("#id_description", "Nous cherchons deux soudeurs pour janvier, CDI.")
    entreprise.fill("#id_prenom", "Camille")
    entreprise.fill("#id_nom", "Dupuis")
    entreprise.fill("#id_email", "camille@atelier")
    entreprise.check("#id_consentement")
    entreprise.click("text=Envoyer ma demande")
    assert "Adresse de courriel attendue" in entreprise.inner_text("main")
    assert entreprise.input_value("#id_description") == "Nous cherchons deux soudeurs pour janvier, CDI."
    entreprise.fill("#id_email", "camille@atelier-dupuis.example")
    entreprise.check("#id_consentement")
    entreprise.click("text=Envoyer ma demande")
    assert "bien reçue" in entreprise.inner_text("h1")
    demande = Demande.objects.get(organisation__nom="Atelier Dupuis")

    # 2. The team routes it to the advisor the platform proposes (already ticked).
    equipe.goto(f"{live_server.url}/{territoire.slug}/guichet/demandes/{demande.pk}/")
    case = equipe.get_by_label("proposé", exact=False)
    assert case.is_checked()
    equipe.click("text=Confirmer l'orientation")
    assert "Demande orientée" in equipe.inner_text("main")
    assert _accessible(equipe) == []

    # 3. The advisor (Chloé, CCI Béthune) takes it in charge, then closes it.
    conseillere = nouvelle_page()
    _connecter(conseillere, live_server, chloe.username)
    conseillere.goto(f"{live_server.url}/{territoire.slug}/guichet/")
    conseillere.click(f"a[href$='/guichet/demandes/{demande.pk}/']")
    conseillere.select_option("#id_vers", "prise_en_charge")
    conseillere.click("text=Enregistrer le statut")
    assert "Statut : Prise en charge" in conseillere.inner_text("main")
    conseillere.select_option("#id_vers", "faite")
    conseillere.fill("#id_note", "Deux candidats présentés")
    conseillere.click("text=Enregistrer le statut")

    # 4. The firm answers the satisfaction question from the link it received.
    courriel = next(m for m in mail.outbox if m.to == ["camille@atelier-dupuis.example"])
    lien = next(mot for mot in courriel.body.split() if "/satisfaction/" in mot)
    assert lien.startswith(live_server.url)
    entreprise.goto(lien)
    entreprise.check("text=Très satisfait")
    entreprise.click("text=Envoyer")
    assert "5 sur 5" in entreprise.inner_text("main")

    # 5. The measure moved: one of the two requests taken in charge within 5 working days.
    assert _part_5_jours(equipe, live_server, territoire) == "50 %"
    demande.refresh_from_db()
    assert (demande.statut, demande.satisfaction) == ("faite", 5)
    assert not nouvelle_page.sorties, f"requêtes vers l'extérieur : {nouvelle_page.sorties}"
