"""Innover in a real browser (Playwright driving Debian's Chromium): the public page searches the
holders accessibly; the team files a need with the suggestion, sees the ranked holders and sends
the introduction; a diagnostic shows its radar and its tables, accessibly."""

from __future__ import annotations

import pytest

from territoire.innovation import actions
from tests import navigateur_outils
from tests.innovation import factories
from tests.navigateur_outils import connecter, ouvreur, problemes_accessibilite
from tests.reseau import factories as reseau

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

navigateur = navigateur_outils.navigateur  # fixture: this module's Chromium, stopped at its end


@pytest.fixture
def detenteurs(territoire):
    factories.vocabulaire()
    factories.questionnaire()
    centre = factories.detenteur(territoire, nom="Centre revêtements de test", commune=territoire.communes.first())
    actions.ajouter_equipement(centre, nom="Cabine de peinture pilote", source="Test",
                               competences=[factories.competence("revetements-aqueux")])
    factories.detenteur(territoire, nom="Plateforme robots de test", competences=("robotique", "automatisation"))
    return centre


def test_page_publique_besoin_et_mise_en_relation(navigateur, live_server, territoire, detenteurs, alice):
    entreprise = reseau.organisation(territoire, nom="Vernis du Nord")
    with ouvreur(navigateur, live_server.url) as nouvelle_page:
        public = nouvelle_page()
        public.goto(f"{live_server.url}/{territoire.slug}/innovation/?q=peinture")
        assert "Centre revêtements de test" in public.inner_text("main")
        assert "Plateforme robots de test" not in public.inner_text("main")
        assert problemes_accessibilite(public) == []
        public.goto(f"{live_server.url}/{territoire.slug}/innovation/nous-ecrire/")
        assert problemes_accessibilite(public) == []

        equipe = nouvelle_page()
        connecter(equipe, live_server.url, alice.username)
        equipe.goto(f"{live_server.url}/{territoire.slug}/innovation/besoins/nouveau/?organisation={entreprise.pk}")
        equipe.fill("#id_titre", "Vernis à l'eau")
        equipe.fill("#id_texte", "Nous voulons remplacer notre vernis solvanté par un vernis en phase aqueuse.")
        equipe.click("button[value=suggerer]")
        assert "Revêtements en phase aqueuse — confiance" in equipe.inner_text("main")
        aqueux = factories.competence("revetements-aqueux").pk
        assert equipe.is_checked(f"input[name=competences][value='{aqueux}']")
        assert problemes_accessibilite(equipe) == []
        equipe.click("button[value=enregistrer]")
        texte = equipe.inner_text("main")
        assert "Qui peut aider" in texte and "Centre revêtements de test" in texte
        assert problemes_accessibilite(equipe) == []
        equipe.click("text=Envoyer la mise en relation")
        assert "enregistrée sur les deux fiches" in equipe.inner_text("body")


def test_diagnostic_radar_et_tableaux(navigateur, live_server, territoire, detenteurs, alice):
    orga = reseau.organisation(territoire, nom="Atelier diagnostiqué")
    d = factories.diagnostic(territoire, orga, {**factories.SCORES_MOYENS, "cybersecurite": None})
    with ouvreur(navigateur, live_server.url) as nouvelle_page:
        equipe = nouvelle_page()
        connecter(equipe, live_server.url, alice.username)
        equipe.goto(f"{live_server.url}/{territoire.slug}/innovation/diagnostics/{d.pk}/")
        assert equipe.locator("svg.radar[role=img]").count() == 1
        assert equipe.locator("svg.radar circle").count() == 6  # six answered dimensions; none drawn at 0
        assert "Cybersécurité" in equipe.inner_text("main")
        assert problemes_accessibilite(equipe) == []
        equipe.goto(f"{live_server.url}/{territoire.slug}/innovation/diagnostics/nouveau/")
        assert problemes_accessibilite(equipe) == []
