"""The consultation's section of a firm's page in the network app (reseau/sections.py)."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from territoire.concertation import actions

from . import factories


def _page(client, user, territoire, organisation):
    client.logout()
    client.force_login(user)
    return client.get(reverse("reseau:organisation", kwargs={"territoire": territoire.slug, "pk": organisation.pk}))


def test_l_equipe_voit_reunions_contributions_themes_et_constats_de_l_entreprise(client, territoire, jeu, alice):
    page = _page(client, alice, territoire, jeu["agro"]).content.decode()
    assert 'id="concertation"' in page
    assert "Entretien avec un dirigeant" in page and "fermer une ligne" in page  # the confidential interview
    assert "Les industriels peinent à recruter" in page  # the finding its words support
    assert f'<span class="etiquette">{factories.theme("formation-recrutement").libelle}</span>' in page
    page = _page(client, alice, territoire, jeu["plast"]).content.decode()
    assert "Atelier recrutement" in page and "Atelier zones d&#x27;activités" in page
    assert "La voirie de la zone est saturée." in page and "Les zones d&#x27;activités vieillissent" in page


def test_un_partenaire_ne_voit_pas_les_entretiens_individuels(client, territoire, jeu, chloe):
    page = _page(client, chloe, territoire, jeu["agro"]).content.decode()
    assert 'id="concertation"' in page
    assert "Entretien avec un dirigeant" not in page and "fermer une ligne" not in page
    page = _page(client, chloe, territoire, jeu["forges"]).content.decode()
    assert "Nous ne trouvons pas de soudeurs." in page  # a collective meeting's open contribution


def test_une_entreprise_voit_ses_propres_entretiens_confidentiels(client, territoire, consultation, jeu, david):
    entretien = factories.reunion(consultation, "Entretien des Forges", type="individuelle")
    actions.enregistrer_contribution(entretien, organisation=jeu["forges"], texte="Notre projet d'extension.",
                                     confidentielle=True)
    page = _page(client, david, territoire, jeu["forges"]).content.decode()
    assert "Entretien des Forges" in page and "Notre projet d&#x27;extension." in page
    assert "Nous ne trouvons pas de soudeurs." in page
    assert "fermer une ligne" not in page
    assert _page(client, david, territoire, jeu["agro"]).status_code == 404  # not its own firm


def test_la_section_ne_fait_pas_plus_de_requetes_quand_l_entreprise_contribue_davantage(
    client, territoire, consultation, jeu, alice
):
    forges = jeu["forges"]
    _page(client, alice, territoire, forges)
    with CaptureQueriesContext(connection) as avant:
        assert _page(client, alice, territoire, forges).status_code == 200
    for i in range(6):
        reunion = factories.reunion(consultation, f"Atelier {i}", type="individuelle" if i % 2 else "collective")
        c = actions.enregistrer_contribution(reunion, organisation=forges, texte=f"Contribution {i}.",
                                             themes=[factories.theme("attirer"), factories.theme("amenagement-zones")])
        actions.rattacher_contributions(jeu["constat_zones"], [c])
        actions.creer_constat(consultation, titre=f"Constat {i}", contributions=[c])
    with CaptureQueriesContext(connection) as apres:
        page = _page(client, alice, territoire, forges)
    assert page.status_code == 200 and "Contribution 5." in page.content.decode()
    assert len(apres.captured_queries) == len(avant.captured_queries)
