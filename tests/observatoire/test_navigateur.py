"""The observatory in a real browser (Playwright driving Debian's Chromium): the series page draws
its chart with the events on it and its tables, accessibly; the team records a visit where the
firm says it plans to leave, and accepts the routed follow-up."""

from __future__ import annotations

import datetime as dt

import pytest

from territoire.etablissements.importer.historique import importer_historique
from territoire.observatoire import evenements
from territoire.reseau.models import Organisation
from tests import navigateur_outils
from tests.etablissements import factories
from tests.guichet import factories as guichet
from tests.navigateur_outils import connecter, ouvreur, problemes_accessibilite
from tests.observatoire.fichiers import ecrire, periode

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

navigateur = navigateur_outils.navigateur  # fixture: this module's Chromium, stopped at its end


@pytest.fixture
def observatoire(territoire, tmp_path):
    import territoire.observatoire.models as modeles
    from territoire.guichet.models import Sujet
    from territoire.guichet.sujets_defaut import installer_sujets
    from territoire.observatoire.donnees_defaut import installer_tout

    installer_tout(modeles)
    installer_sujets(Sujet)
    ruitz = territoire.communes.get(code_insee="62729")
    usine = factories.etablissement(ruitz, denomination="Transmissions de l'Artois", tranche_effectifs="22")
    ferme = factories.etablissement(ruitz, denomination="Pneus du Béthunois", tranche_effectifs="41", etat="F",
                                    date_debut=dt.date(2021, 5, 1))
    importer_historique(territoire, ecrire(tmp_path / "h.csv", [
        periode(usine.siret, "2004-04-01"), periode(ferme.siret, "1961-10-02", "2021-04-30"),
        periode(ferme.siret, "2021-05-01", etat="F"),
    ]))
    evenements.creer(territoire, None, type="fermeture", titre="Fermeture de l'usine de pneus",
                     date=dt.date(2021, 4, 30), visibilite="public", source_url="https://www.example.org/pneus",
                     source_libelle="Presse locale", emplois_min=863, emplois_max=863,
                     emplois_source="annonce du groupe")
    orga = Organisation.objects.create(nom="Transmissions de l'Artois", type="entreprise", etablissement=usine,
                                       unite_legale=usine.unite_legale, commune=ruitz)
    orga.territoires.add(territoire)
    antenne = guichet.antenne(guichet.institution(territoire, nom="Agence régionale"))
    guichet.conseiller(antenne, sujets=("foncier",), communes=[ruitz], nom="Leroy")
    return orga


def test_courbe_evenements_et_visite_qui_alerte(navigateur, live_server, territoire, observatoire, alice):
    with ouvreur(navigateur, live_server.url) as nouvelle_page:
        public = nouvelle_page()
        public.goto(f"{live_server.url}/{territoire.slug}/observatoire/")
        assert public.locator("svg.courbes[role=img]").count() == 1
        assert public.locator("svg line.repere-evenement").count() == 1
        liste = public.inner_text("ol.reperes-evenements")
        assert "Fermeture de l'usine de pneus" in liste and "863 emplois" in liste
        public.click("summary:has-text('Tableau mensuel')")
        assert public.locator("table:has(caption:has-text('par mois')) tbody tr").count() >= 90
        assert problemes_accessibilite(public) == []

        equipe = nouvelle_page()
        connecter(equipe, live_server.url, alice.username)
        equipe.goto(f"{live_server.url}/{territoire.slug}/observatoire/visites/nouvelle/{observatoire.pk}/")
        assert problemes_accessibilite(equipe) == []
        equipe.check("input[name=q_risque_depart][value=oui]")
        equipe.check("input[name=q_effectifs_projet][value=hausse]")
        with equipe.expect_navigation():
            equipe.click("button:has-text('Enregistrer')")
        assert "suite proposée" in equipe.inner_text("main")
        equipe.goto(f"{live_server.url}/{territoire.slug}/observatoire/suites/")
        assert "Leroy" in equipe.inner_text("main")
        assert problemes_accessibilite(equipe) == []
        with equipe.expect_navigation():
            equipe.click("button:has-text('Accepter')")
        assert "Demande n°" in equipe.inner_text("main")
        equipe.goto(f"{live_server.url}/{territoire.slug}/observatoire/veille/")
        texte = equipe.inner_text("main")
        assert "Transmissions de l'Artois" in texte and "Projet de départ du territoire" in texte
        assert problemes_accessibilite(equipe) == []
