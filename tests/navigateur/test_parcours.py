"""Issue 10, "Done when", in Chromium: a team member signs in, lands on their workspace, routes
the oldest request still to route from the queue's filters, creates an organisation and one of
its contacts, invites a partner advisor who sets a password and lands on their own workspace.
Every page on the way is in the site's layout (header, navigation, footer) and passes the
automated accessibility checks. The same flow runs with JavaScript (htmx applies the filter
and the sort in place) and without it (the filter panel's button, plain links and forms).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail
from django.urls import reverse

from territoire.guichet import actions as guichet
from territoire.guichet.models import Demande
from territoire.reseau.models import Contact, Organisation
from tests.guichet import factories as f
from tests.navigateur_outils import MOT_DE_PASSE, ouvreur, problemes_accessibilite

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

NOUVEAU = "Un mot de passe bien long 2027"


def _etiquette(texte: str) -> re.Pattern:
    """A field's label exactly, with or without the "(obligatoire)" that ui/_champ adds."""
    return re.compile(rf"^{re.escape(texte)}( \(obligatoire\))?$")


def _attendre_adresse(page, morceau: str) -> None:
    """htmx has pushed an address holding `morceau` (after swapping the list in)."""
    page.wait_for_function("(m) => window.location.search.includes(m)", arg=morceau)


def _dans_la_mise_en_page(page) -> None:
    """The page is drawn by base.html: header with the account, main navigation, footer pages."""
    for selecteur in ("header.entete", "main#contenu", "footer.pied a[href$='/plan-du-site/']"):
        assert page.locator(selecteur).count() == 1, f"{page.url} : {selecteur} absent"
    assert problemes_accessibilite(page) == [], page.url


@pytest.mark.parametrize("javascript", [True, False], ids=["avec-javascript", "sans-javascript"])
def test_l_equipe_oriente_cree_invite_et_le_conseiller_arrive_sur_son_espace(navigateur, live_server, territoire, alice,
                                                                              javascript):
    communes = {c.nom: c for c in territoire.communes.all()}
    cci = f.institution(territoire, "CCI Artois")
    antenne = f.antenne(cci, "Antenne de Béthune")
    lea = f.conseiller(antenne, sujets=("recrutement",), communes=communes.values(), nom="Conseil")
    # The oldest request of all is already routed: the queue's filter must set it aside.
    deja = f.demande(territoire, commune=communes["Béthune"], quand=f.moment(2025, 11, 3))
    guichet.orienter_demande(deja, [lea], par=alice)
    ancienne = f.demande(territoire, commune=communes["Ruitz"], quand=f.moment(2026, 1, 5))
    recente = f.demande(territoire, commune=communes["Béthune"], quand=f.moment(2026, 3, 2))
    slug = territoire.slug
    mail.outbox.clear()

    with ouvreur(navigateur, live_server.url) as ouvrir:
        page = ouvrir(javascript=javascript)
        # 1. Sign in: the login lands on the workspace, not on the public home.
        page.goto(live_server.url + reverse("comptes:connexion"))
        page.get_by_label("Identifiant").fill("alice")
        page.get_by_label("Mot de passe").fill(MOT_DE_PASSE)
        page.get_by_role("button", name="Se connecter").last.click()
        page.wait_for_url(f"**{reverse('comptes:espace', kwargs={'territoire': slug})}")
        assert "Demandes à orienter" in page.inner_text("main")
        _dans_la_mise_en_page(page)

        # 2. The queue: only the requests to route, oldest first, both kept in the URL.
        page.goto(live_server.url + reverse("guichet:demandes", kwargs={"territoire": slug}))
        _dans_la_mise_en_page(page)
        if javascript:  # htmx applies the filter as soon as the box changes, and sorts in place
            page.get_by_label("À orienter seulement").check()
            _attendre_adresse(page, "a_orienter=on")
            page.locator("#liste th a", has_text="Déposée").click()
            _attendre_adresse(page, "tri=deposee")
        else:  # the panel's button, then the header's plain link
            page.get_by_label("À orienter seulement").check()
            with page.expect_navigation():
                page.get_by_role("button", name="Appliquer les filtres").click()
            with page.expect_navigation():
                page.locator("#liste th a", has_text="Déposée").click()
        parametres = parse_qs(urlsplit(page.url).query)
        assert parametres["a_orienter"] == ["on"] and parametres["tri"] == ["deposee"]
        lignes = page.locator("table tbody tr")
        assert lignes.count() == 2  # the request already routed is set aside
        assert f"/guichet/demandes/{ancienne.pk}/" in lignes.nth(0).locator("a").first.get_attribute("href")
        # The same URL opened afresh (no JavaScript state) gives the same list.
        page.reload()
        assert f"/guichet/demandes/{ancienne.pk}/" in page.locator("table tbody tr").nth(0).locator("a").first.get_attribute("href")
        with page.expect_navigation():
            page.locator("table tbody tr").nth(0).locator("a").first.click()
        assert page.url.endswith(f"/guichet/demandes/{ancienne.pk}/")
        _dans_la_mise_en_page(page)
        with page.expect_navigation():
            page.locator("form[action$='/orienter/'] button[type=submit]").click()
        assert "Demande orientée" in page.inner_text("main")
        _dans_la_mise_en_page(page)

        # 3. An organisation, then one of its contacts with its lawful basis.
        page.goto(live_server.url + reverse("reseau:organisations", kwargs={"territoire": slug}))
        with page.expect_navigation():
            page.get_by_role("link", name="Créer une organisation").click()
        _dans_la_mise_en_page(page)
        page.get_by_label(_etiquette("Nom")).fill("Forges de Ruitz")
        page.get_by_label("Type").select_option(value="entreprise")
        page.get_by_label("Commune").select_option(value=str(communes["Ruitz"].pk))
        with page.expect_navigation():
            page.locator("main form button[type=submit]").first.click()
        forges = Organisation.objects.get(nom="Forges de Ruitz")
        assert page.url.endswith(reverse("reseau:organisation", kwargs={"territoire": slug, "pk": forges.pk}))
        _dans_la_mise_en_page(page)
        with page.expect_navigation():
            page.get_by_role("link", name="Ajouter un contact").click()
        _dans_la_mise_en_page(page)
        page.get_by_label(_etiquette("Prénom")).fill("Camille")
        page.get_by_label(_etiquette("Nom")).fill("Forgeron")
        page.get_by_label("Courriel").fill("camille@forges-ruitz.example")
        page.get_by_label("Base légale").select_option(value=Contact.BaseLegale.MISSION_PUBLIQUE)
        with page.expect_navigation():
            page.locator("main form button[type=submit]").first.click()
        _dans_la_mise_en_page(page)
        assert "Forgeron" in page.inner_text("main")
        contact = Contact.objects.get(nom="Forgeron")
        assert contact.organisation_id == forges.pk and contact.base_legale == Contact.BaseLegale.MISSION_PUBLIQUE

        # 4. The invitation of the advisor Léa Conseil (her card in the partner directory).
        page.goto(live_server.url + reverse("comptes:gestion", kwargs={"territoire": slug}))
        _dans_la_mise_en_page(page)
        with page.expect_navigation():
            page.get_by_role("link", name="Inviter une personne").first.click()
        _dans_la_mise_en_page(page)
        page.get_by_label("Adresse électronique").fill("lea.conseil@cci.example")
        page.get_by_label(_etiquette("Prénom")).fill("Léa")
        page.get_by_label(_etiquette("Nom")).fill("Conseil")
        page.get_by_label("Rôle").select_option(value="partenaire")
        page.get_by_label("Organisation représentée").select_option(label=antenne.organisation.nom)
        page.get_by_label("Fiche de conseiller").select_option(value=str(lea.pk))
        with page.expect_navigation():
            page.get_by_role("button", name="Envoyer l'invitation").click()
        _dans_la_mise_en_page(page)
        # The routing in step 2 told the advisor's card address by email; this one is the invitation.
        (invitation,) = [m for m in mail.outbox if "/comptes/invitation/" in m.body]
        assert invitation.to == ["lea.conseil@cci.example"]
        lien = re.search(r"https?://[^\s]+/comptes/invitation/[^\s]+/", invitation.body).group(0)
        with page.expect_navigation():
            page.get_by_role("button", name="Se déconnecter").click()

        # 5. Léa opens the link, sets her password, lands on her workspace: the request routed
        #    to her in step 2 is there.
        page.goto(live_server.url + urlsplit(lien).path)
        assert page.locator("h1").inner_text() == "Créer votre compte"
        _dans_la_mise_en_page(page)
        page.get_by_label(_etiquette("Mot de passe")).fill(NOUVEAU)
        page.get_by_label("Confirmation").fill(NOUVEAU)
        page.get_by_role("button", name="Créer mon compte").click()
        page.wait_for_url(f"**{reverse('comptes:espace', kwargs={'territoire': slug})}")
        _dans_la_mise_en_page(page)
        assert "Mes demandes" in page.inner_text("main")
        assert page.locator(f"main a[href$='/guichet/demandes/{ancienne.pk}/']").count() >= 1
        assert "Partenaire" in page.inner_text("header")

    ancienne.refresh_from_db()
    assert ancienne.orientations.filter(conseiller=lea).exists()
    assert not Demande.objects.get(pk=recente.pk).orientations.exists()
    lea.refresh_from_db()
    assert lea.utilisateur is not None and lea.utilisateur.username == "lea.conseil@cci.example"
