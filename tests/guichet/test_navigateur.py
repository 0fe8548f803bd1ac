"""The desk's whole path in a real browser (Playwright driving Debian's Chromium):
a firm files a request through the public form (no JavaScript needed), the team routes it,
the advisor takes it in charge and closes it, the firm answers the satisfaction question,
and the share taken in charge within 5 working days moves."""

from __future__ import annotations

import pytest
from django.core import mail

from territoire.guichet import actions
from territoire.guichet.models import Demande
from tests import navigateur_outils
from tests.guichet import factories as f
from tests.navigateur_outils import connecter, ouvreur, problemes_accessibilite

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

navigateur = navigateur_outils.navigateur  # fixture: this module's Chromium, stopped at its end


def _part_5_jours(page, live_server, territoire) -> str:
    page.goto(f"{live_server.url}/{territoire.slug}/guichet/mesures/")
    return page.inner_text("#part-5-jours").strip()


def test_demande_deposee_orientee_prise_en_charge_et_jugee(
    navigateur, live_server, territoire, communes, annuaire, alice, chloe
):
    # An older request, taken in charge late: the measure starts at 0 %.
    ancienne = f.demande(territoire, commune=communes["Ruitz"], quand=f.moment(2026, 1, 5))
    actions.changer_statut(ancienne, "prise_en_charge", maintenant=f.moment(2026, 1, 20))
    # Pages in separate contexts (one per person); outgoing requests and JavaScript errors are
    # checked when the block ends.
    with ouvreur(navigateur, live_server.url) as nouvelle_page:
        _parcours(nouvelle_page, live_server, territoire, alice, chloe)


def _parcours(nouvelle_page, live_server, territoire, alice, chloe):
    equipe = nouvelle_page()
    connecter(equipe, live_server.url, alice.username)
    assert _part_5_jours(equipe, live_server, territoire) == "0 %"
    assert problemes_accessibilite(equipe) == []
    for chemin in ("guichet/deposer/", "guichet/annuaire/", "reseau/"):
        equipe.goto(f"{live_server.url}/{territoire.slug}/{chemin}")
        assert problemes_accessibilite(equipe) == [], chemin

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
    assert problemes_accessibilite(equipe) == []

    # 3. The advisor (Chloé, CCI Béthune) takes it in charge, then closes it.
    conseillere = nouvelle_page()
    connecter(conseillere, live_server.url, chloe.username)
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
