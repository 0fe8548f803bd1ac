"""Keyboard only (issue 10, Quality): a firm files a request through the public desk form, and
the team routes the oldest request of its queue, without a mouse — every control reached by
Tab in the page's order, chosen with the keyboard, sent with Entrée or Espace. Then the main
lists at a phone's width (375 px): no horizontal scroll of the page (wide tables scroll inside
their own container).
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from territoire.guichet.models import Demande
from tests.guichet import factories as f
from tests.navigateur.test_marche_accessibilite import _cookie_de_session
from tests.navigateur_outils import ouvreur, problemes_accessibilite

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def communes(territoire):
    return {c.nom: c for c in territoire.communes.all()}


@pytest.fixture
def annuaire(territoire, communes, chloe):
    """The CCI's Béthune branch, where Chloé advises on recruitment in both communes."""
    cci = f.institution(territoire, "CCI Artois")
    lea = f.conseiller(f.antenne(cci, "Antenne de Béthune"), sujets=("recrutement", "export"),
                       communes=communes.values(), utilisateur=chloe)
    return {"cci": cci, "lea": lea}


def _tab_jusqua(page, selecteur: str, maximum: int = 120) -> None:
    """Press Tab until the focus is on `selecteur`: the control is reachable by keyboard."""
    for _ in range(maximum):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selecteur):
            return
    raise AssertionError(f"{selecteur} n'est jamais atteint à la touche Tab ({maximum} appuis)")


def _focus_visible(page) -> bool:
    """The focused control shows a visible outline (WCAG 2.4.7)."""
    return page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
      return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2; }""")


def test_une_entreprise_depose_sa_demande_au_clavier(navigateur, live_server, territoire, communes):
    f.sujets_par_defaut()
    with ouvreur(navigateur, live_server.url) as ouvrir:
        page = ouvrir()
        page.goto(live_server.url + reverse("guichet:deposer", kwargs={"territoire": territoire.slug}))
        # The skip link comes first and leads to the content.
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement.textContent") == "Aller au contenu"
        assert _focus_visible(page)
        page.keyboard.press("Enter")
        # The fragment change reaches page.url asynchronously: wait for it in the page itself.
        page.wait_for_function("() => location.hash === '#contenu'", timeout=5_000)
        for selecteur, texte in (("#id_entreprise", "Atelier Dupuis"), ("#id_siret", "")):
            _tab_jusqua(page, selecteur)
            assert _focus_visible(page)
            if texte:
                page.keyboard.type(texte)
        _tab_jusqua(page, "#id_commune")
        page.keyboard.type("Ruitz")
        _tab_jusqua(page, "#id_sujet")
        page.keyboard.type("Recruter")
        _tab_jusqua(page, "#id_description")
        page.keyboard.type("Deux soudeurs pour janvier, en CDI.")
        for selecteur, texte in (("#id_prenom", "Camille"), ("#id_nom", "Dupuis"), ("#id_email", "camille@atelier")):
            _tab_jusqua(page, selecteur)
            page.keyboard.type(texte)
        _tab_jusqua(page, "#id_consentement")
        page.keyboard.press("Space")
        _tab_jusqua(page, "button[type=submit]")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        # The error summary takes the focus and links to the faulty field.
        assert page.evaluate("() => document.activeElement.classList.contains('resume-erreurs')")
        _tab_jusqua(page, ".resume-erreurs a[href='#id_email']", maximum=5)
        page.keyboard.press("Enter")
        assert page.evaluate("() => document.activeElement.id") == "id_email"
        assert page.get_attribute("#id_email", "aria-invalid") == "true"
        assert "id_email-erreur" in (page.get_attribute("#id_email", "aria-describedby") or "")
        page.keyboard.press("Control+A")
        page.keyboard.type("camille@atelier-dupuis.example")
        if not page.is_checked("#id_consentement"):
            _tab_jusqua(page, "#id_consentement")
            page.keyboard.press("Space")
        _tab_jusqua(page, "button[type=submit]")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert "bien reçue" in page.inner_text("h1")
        assert problemes_accessibilite(page) == []
    demande = Demande.objects.get(organisation__nom="Atelier Dupuis")
    assert demande.commune.nom == "Ruitz" and demande.sujet.code == "recrutement"


def test_l_equipe_oriente_la_plus_ancienne_demande_au_clavier(navigateur, live_server, territoire, communes, annuaire, alice):
    ancienne = f.demande(territoire, commune=communes["Ruitz"], quand=f.moment(2026, 1, 5))
    f.demande(territoire, commune=communes["Béthune"], quand=f.moment(2026, 3, 2))
    with ouvreur(navigateur, live_server.url) as ouvrir:
        page = ouvrir()
        page.context.add_cookies(_cookie_de_session(alice, live_server.url))
        page.goto(live_server.url + reverse("guichet:demandes", kwargs={"territoire": territoire.slug}))
        lien = f"a[href$='/guichet/demandes/{ancienne.pk}/']"
        _tab_jusqua(page, lien, maximum=250)
        assert _focus_visible(page)
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.url.endswith(f"/guichet/demandes/{ancienne.pk}/")
        # The advisor the platform proposes is ticked; Tab to the button and confirm.
        _tab_jusqua(page, "form[action$='/orienter/'] button[type=submit]", maximum=250)
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert "Demande orientée" in page.inner_text("main")
        assert problemes_accessibilite(page) == []
    ancienne.refresh_from_db()
    assert ancienne.orientations.filter(conseiller=annuaire["lea"]).exists()


LISTES = [
    ("etablissements:liste", "public"),
    ("guichet:demandes", "alice"),
    ("reseau:organisations", "alice"),
    ("programme:plan", "alice"),
    ("programme:plan", "public"),
]


def test_les_listes_principales_tiennent_sur_un_telephone(navigateur, live_server, territoire, personas, alice, communes, annuaire):
    from tests.etablissements import factories as fe
    from tests.programme.acces import _fiche

    fe.petit_recensement(territoire)
    f.demande(territoire, commune=communes["Ruitz"], quand=f.moment(2026, 1, 5))
    _fiche(territoire)
    trop_larges = []
    with ouvreur(navigateur, live_server.url) as ouvrir:
        pages = {}
        for motif, nom in LISTES:
            if nom not in pages:
                pages[nom] = ouvrir(viewport={"width": 375, "height": 800})
                if personas[nom] is not None:
                    pages[nom].context.add_cookies(_cookie_de_session(personas[nom], live_server.url))
            page = pages[nom]
            page.goto(live_server.url + reverse(motif, kwargs={"territoire": territoire.slug}))
            largeur = page.evaluate("() => document.documentElement.scrollWidth")
            if largeur > 375:
                trop_larges.append(f"{motif} ({nom}) : {largeur} px")
            assert problemes_accessibilite(page) == [], motif
    assert not trop_larges, "pages plus larges qu'un téléphone de 375 px : " + ", ".join(trop_larges)
