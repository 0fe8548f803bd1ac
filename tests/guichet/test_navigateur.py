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
    case = equipe.get_by_role("checkbox", name="proposé", exact=False)
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
    # htmx swaps the status block only: no reload, the confirmation is read out (role=status).
    conseillere.wait_for_selector("#statut-demande [role=status]")
    assert "Prise en charge" in conseillere.inner_text("#statut-demande")
    assert problemes_accessibilite(conseillere) == []
    conseillere.select_option("#id_vers", "faite")
    conseillere.fill("#id_note", "Deux candidats présentés")
    conseillere.click("text=Enregistrer le statut")
    conseillere.wait_for_selector("#statut-demande >> text=Faite")
    conseillere.reload()
    assert "Statut : Faite" in conseillere.inner_text("main") and "Deux candidats présentés" in conseillere.inner_text("main")

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


def test_l_equipe_oriente_la_plus_ancienne_demande_au_clavier_seul(
    navigateur, live_server, territoire, communes, annuaire, alice
):
    """Keyboard only: filter the queue to the requests to route, oldest first, open the first,
    tick the advisor with the space bar, confirm with Enter."""
    recente = f.demande(territoire, commune=communes["Ruitz"], quand=f.moment(2026, 3, 2))
    ancienne = f.demande(territoire, commune=communes["Béthune"], quand=f.moment(2026, 1, 5))
    with ouvreur(navigateur, live_server.url) as nouvelle_page:
        page = nouvelle_page()
        connecter(page, live_server.url, alice.username)
        page.goto(f"{live_server.url}/{territoire.slug}/guichet/?a_orienter=on&tri=deposee")
        assert problemes_accessibilite(page) == []
        lien = page.locator(f"a[href$='/guichet/demandes/{ancienne.pk}/']")
        for _ in range(200):  # Tab through the page until the oldest request's link has the focus
            page.keyboard.press("Tab")
            if lien.evaluate("e => e === document.activeElement"):
                break
        else:
            raise AssertionError("le lien de la plus ancienne demande n'est pas atteignable au clavier")
        assert page.locator("tbody tr").first.locator("a").get_attribute("href").endswith(f"/{ancienne.pk}/")
        page.keyboard.press("Enter")
        page.wait_for_url(f"**/guichet/demandes/{ancienne.pk}/")
        case = page.get_by_role("checkbox", name="proposé", exact=False)
        case.focus()
        if not case.is_checked():
            page.keyboard.press("Space")
        page.get_by_role("button", name="Confirmer l'orientation").focus()
        page.keyboard.press("Enter")
        page.wait_for_selector("text=Demande orientée")
        assert problemes_accessibilite(page) == []
    ancienne.refresh_from_db()
    recente.refresh_from_db()
    assert ancienne.orientee_le is not None and recente.orientee_le is None


def test_les_ecrans_du_reseau_et_du_guichet_passent_les_controles_d_accessibilite(
    navigateur, live_server, territoire, communes, annuaire, alice
):
    from territoire.reseau import actions as reseau_actions
    from tests.reseau import factories as rf

    vraie = rf.organisation(territoire, nom="CCI Artois", type="partenaire", naf="", tranche="")
    fictive = rf.organisation(territoire, nom="CCI ARTOIS", type="partenaire", naf="", tranche="", fictif=True)
    orga = rf.organisation(territoire, nom="Moteurs du Nord", commune=communes["Ruitz"])
    rf.contact(orga)
    ev = rf.evenement(territoire)
    reseau_actions.inscrire(ev, orga)
    d = f.demande(territoire, orga, commune=communes["Ruitz"], quand=f.moment(2026, 1, 5))
    actions.orienter_demande(d, [annuaire["lea"]], maintenant=f.moment(2026, 1, 5))
    actions.changer_statut(d, "prise_en_charge", maintenant=f.moment(2026, 1, 7))  # a bar on the measures chart
    with ouvreur(navigateur, live_server.url) as nouvelle_page:
        page = nouvelle_page()
        connecter(page, live_server.url, alice.username)
        for chemin in (f"reseau/organisations/{orga.pk}/", f"reseau/organisations/fusionner/?gardee={vraie.pk}&doublon={fictive.pk}",
                       "reseau/organisations/nouvelle/", f"reseau/evenements/{ev.pk}/", "reseau/evenements/nouveau/",
                       "guichet/?age=souffrance", "guichet/orientation/?sujet=" + str(d.sujet_id), "guichet/mesures/",
                       "guichet/dispositifs/nouveau/", f"guichet/annuaire/conseillers/{annuaire['lea'].pk}/",
                       "zones/", "etablissements/filieres/", "reseau/portefeuille/"):
            page.goto(f"{live_server.url}/{territoire.slug}/{chemin}")
            assert problemes_accessibilite(page) == [], chemin
        # The legend of the network's map: every shade drawn and labelled.
        page.goto(f"{live_server.url}/{territoire.slug}/reseau/")
        legende = page.locator(".legende-teintes li")
        assert legende.count() >= 2 and all(t.strip() for t in legende.all_inner_texts())
        assert all(r.evaluate("e => getComputedStyle(e).fill") not in ("none", "rgb(0, 0, 0)")
                   for r in page.locator(".legende-teintes rect").all())
        # The measures chart uses the page's font size and cuts no label.
        page.goto(f"{live_server.url}/{territoire.slug}/guichet/mesures/")
        taille_page = page.evaluate("parseFloat(getComputedStyle(document.querySelector('main')).fontSize)")
        for texte in page.locator("svg.barres-guichet text").all():
            assert texte.evaluate("e => e.getBoundingClientRect().height") <= taille_page * 1.25
        boite = page.locator("svg.barres-guichet").bounding_box()
        for texte in page.locator("svg.barres-guichet text").all():
            b = texte.bounding_box()
            assert b["x"] >= boite["x"] - 1 and b["x"] + b["width"] <= boite["x"] + boite["width"] + 1
