"""What only a browser shows: the map drawn by Leaflet, keyboard use, automatable a11y checks."""

from __future__ import annotations

import pytest

from tests.etablissements import factories as f
from tests.navigateur_outils import problemes_accessibilite

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def donnees(territoire):
    """The census of the unit tests plus a cluster of located firms in the zone of Ruitz."""
    recensement = f.petit_recensement(territoire)
    ruitz = territoire.communes.get(code_insee="62729")
    zone = territoire.zones.get(slug="zi-de-ruitz")
    for i in range(12):
        f.etablissement(
            ruitz, zone=zone, denomination=f"Atelier {i}", latitude=50.468 + i * 0.0003, longitude=2.588 + i * 0.0003,
            naf="28.11Z",
        )
    return recensement


def _ouvrir(page, live_server, chemin):
    reponse = page.goto(live_server.url + chemin)
    assert reponse.status == 200
    return page


def test_l_accueil_montre_les_chiffres_et_les_tableaux(page, live_server, territoire, donnees):
    _ouvrir(page, live_server, f"/{territoire.slug}/")
    assert "l'industrie en chiffres" in page.locator("h1").inner_text()
    assert page.locator("dl.chiffres > div").count() == 6
    assert page.locator("table.tableau-graphique").count() == 3
    assert page.locator("svg.barres rect").count() >= 3
    assert problemes_accessibilite(page) == []


def test_le_lien_d_evitement_est_le_premier_arret_du_clavier(page, live_server, territoire, donnees):
    _ouvrir(page, live_server, f"/{territoire.slug}/")
    page.keyboard.press("Tab")
    focus = page.evaluate("() => [document.activeElement.closest('.evitement') !== null, document.activeElement.getAttribute('href')]")
    assert focus == [True, "#contenu"]
    assert page.locator(".evitement a[href='#contenu']").is_visible(), "le lien d'évitement apparaît quand il a le focus"
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.hash === '#contenu'", timeout=5_000)


def test_la_carte_dessine_zones_et_grappes_d_etablissements(page, live_server, territoire, donnees):
    _ouvrir(page, live_server, f"/{territoire.slug}/etablissements/carte/")
    page.wait_for_selector(".leaflet-interactive", timeout=15_000)
    page.wait_for_selector(".marker-cluster", timeout=15_000)
    # Two communes and one zone are drawn as vector paths.
    assert page.locator("path.leaflet-interactive").count() >= 3
    assert "Carte chargée : 2 communes, 1 zones, 14 établissements localisés" in page.locator("#etat-carte").inner_text()
    assert page.locator("table").filter(has_text="Surface (ha)").count() == 1
    assert page.locator("table").filter(has_text="Population").count() == 1
    assert problemes_accessibilite(page) == []


def test_les_commandes_de_la_carte_se_manient_au_clavier(page, live_server, territoire, donnees):
    _ouvrir(page, live_server, f"/{territoire.slug}/etablissements/carte/")
    page.wait_for_selector(".marker-cluster", timeout=15_000)
    page.focus("#points-suivis")
    page.keyboard.press("ArrowDown")  # radio group: the arrow moves to "tous"
    assert page.is_checked("#points-tous")
    page.wait_for_function(
        "() => document.getElementById('etat-carte').textContent.includes('15 établissements')", timeout=15_000
    )
    page.focus("#couche-zones")
    page.keyboard.press("Space")
    assert not page.is_checked("#couche-zones")
    page.wait_for_function("() => !document.querySelector('path[stroke=\"#000091\"]')", timeout=5_000)
    assert page.locator(".leaflet-control-zoom-in").get_attribute("role") == "button"


def test_l_annuaire_est_accessible_et_cherche(page, live_server, territoire, donnees):
    _ouvrir(page, live_server, f"/{territoire.slug}/etablissements/")
    assert problemes_accessibilite(page) == []
    page.fill("#id_q", "2562A")
    page.keyboard.press("Enter")
    page.wait_for_url("**q=2562A**")
    assert "Décolletage de Ruitz" in page.locator("table.annuaire").inner_text()
    assert page.locator("table.annuaire tbody tr").count() == 1



def test_la_fiche_dessine_sa_petite_carte_avec_une_alternative_textuelle(page, live_server, territoire, donnees):
    e = donnees["decolletage"]
    _ouvrir(page, live_server, f"/{territoire.slug}/etablissements/{e.siret}/")
    page.wait_for_selector("#mini-carte path.leaflet-interactive", timeout=15_000)
    assert page.locator("#mini-carte path.leaflet-interactive").count() == 2  # the zone and the point
    assert "latitude 50,47000" in page.locator("#mini-carte-texte").inner_text()
    assert problemes_accessibilite(page) == []
