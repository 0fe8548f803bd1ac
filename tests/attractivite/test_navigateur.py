"""What only a browser shows: the maps of Attirer drawn by Leaflet beside their tables, the
keyboard-reachable popups, and the automatable accessibility checks of the pages."""

from __future__ import annotations

import pytest

from tests import navigateur_outils
from tests.attractivite import factories as f
from tests.navigateur_outils import connecter, ouvreur, problemes_accessibilite

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

navigateur = navigateur_outils.navigateur  # fixture: this module's Chromium, stopped at its end


def test_l_investisseur_cherche_sur_la_carte_et_l_equipe_suit_les_friches(navigateur, live_server, territoire, alice):
    from territoire.attractivite.models import Friche, SiteEconomique

    # Outside a test transaction, the fixture's zone became a site at once (signaux.py), and
    # then took its commune once the zone's communes were set.
    auto = SiteEconomique.objects.get(zone__territoire=territoire)
    assert (auto.site_comm_insee, auto.site_id) == ("62729", f"62729_SITE-ECO_{auto.zone_id:05d}")
    auto.delete()
    site = f.site(territoire, public=True, site_nom="Parc des essais")
    f.terrain(site, "T-PUBLIC", 3.5, public=True)
    f.terrain(site, "T-2", 1.2, public=True)
    f.local(territoire, nom="Atelier public", public=True, longitude=2.6, latitude=50.48)
    Friche.objects.create(territoire=territoire, site_id="F1", site_nom="Cokerie", longitude=2.59, latitude=50.47, public=True)
    with ouvreur(navigateur, live_server.url) as nouvelle_page:
        public = nouvelle_page()
        public.goto(f"{live_server.url}/{territoire.slug}/attractivite/s-implanter/")
        public.wait_for_selector("#carte-offre .leaflet-interactive")
        assert public.locator("#carte-offre .leaflet-interactive").count() == 3
        assert "3 éléments sur la carte" in public.inner_text("#carte-offre-etat")
        assert problemes_accessibilite(public) == []
        # A popup opens on a marker and links to the offer's page.
        public.locator("#carte-offre .leaflet-interactive").first.click()
        lien = public.locator(".leaflet-popup-content a")
        assert lien.inner_text() == "Voir la fiche"
        liste = public.url
        lien.click()
        # The list page has an h1 too: wait for the offer's page itself.
        public.wait_for_url(lambda adresse: adresse != liste)
        public.wait_for_selector("text=Télécharger la fiche (PDF)")
        assert "Télécharger la fiche (PDF)" in public.inner_text("main")
        assert problemes_accessibilite(public) == []
        public.goto(f"{live_server.url}/{territoire.slug}/attractivite/s-implanter/nous-ecrire/")
        assert problemes_accessibilite(public) == []

        equipe = nouvelle_page()
        connecter(equipe, live_server.url, alice.username)
        for chemin in ("attractivite/", "attractivite/friches/", f"attractivite/sites/{site.pk}/", "attractivite/projets/"):
            equipe.goto(f"{live_server.url}/{territoire.slug}/{chemin}")
            assert problemes_accessibilite(equipe) == [], chemin
        equipe.goto(f"{live_server.url}/{territoire.slug}/attractivite/friches/")
        equipe.wait_for_selector("#carte-friches .leaflet-interactive")
        assert "Sans projet engagé" in equipe.inner_text(".legende-carte")
