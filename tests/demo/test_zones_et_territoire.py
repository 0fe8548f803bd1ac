"""The demo territory's reference data: real communes, ANCT id, illustrative zones."""

from __future__ import annotations

import csv
import itertools
import json

import pytest
import shapely

from territoire.demo import recensement
from territoire.referentiel import geo
from territoire.referentiel.models import ZoneActivite
from tests.conftest import SHARED, shared_file


def test_id_ti_est_celui_de_la_liste_anct_2019_2022():
    params = recensement.lire_donnees("territoire.json")
    with shared_file("territoires_industrie/ti_2018-2022_epci.csv").open(encoding="utf-8") as f:
        lignes = [ligne for ligne in csv.DictReader(f) if ligne["siren_epci"] in params["epcis"]]
    assert [ligne["id_ti"] for ligne in lignes] == [params["id_ti"]]


def test_les_100_communes_sont_celles_de_la_reference(communes_demo):
    reference = SHARED / "data" / "reference" / "cabbalr_communes_2026.csv"
    if not reference.exists():
        pytest.skip(f"{reference} absent : les données partagées (../shared) ne sont pas là.")
    with reference.open(encoding="utf-8") as f:
        lignes = list(csv.DictReader(f))
    assert len(communes_demo) == 100
    assert {c.code_insee for c in communes_demo} == {ligne["code_insee"] for ligne in lignes}
    population_ref = sum(int(ligne["population"]) for ligne in lignes)
    population = sum(c.population for c in communes_demo)
    assert abs(population - population_ref) / population_ref < 0.03
    assert 270_000 < population < 285_000


def test_huit_zones_a_leur_surface_dans_leurs_communes_sans_chevauchement(zones_demo, communes_demo):
    definitions, contours, _ = zones_demo
    assert len(definitions) == 8
    communes_l93 = {c.code_insee: recensement.vers_lambert93(c.geometrie) for c in communes_demo}
    for d, contour in zip(definitions, contours, strict=True):
        assert d["type"] in ZoneActivite.Type.values and d["type"] != ZoneActivite.Type.MIXTE
        assert contour.is_valid and contour.geom_type == "Polygon"
        assert abs(contour.area / 10_000 - d["surface_ha"]) / d["surface_ha"] < 0.03, d["nom"]
        cadre = shapely.union_all([communes_l93[c] for c in d["communes"]])
        assert contour.difference(cadre).area < 0.005 * contour.area, d["nom"]
        assert "illustratif" in d["source"]
    for a, b in itertools.combinations(contours, 2):
        assert a.intersection(b).area < 1.0


def test_zones_deterministes(zones_demo, communes_demo):
    definitions, contours, _ = zones_demo
    params = recensement.lire_donnees("territoire.json")
    communes_l93 = {c.code_insee: recensement.vers_lambert93(c.geometrie) for c in communes_demo}
    encore = recensement.dessiner_zones(definitions, communes_l93, params["graine"])
    assert [c.wkb for c in encore] == [c.wkb for c in contours]


def test_zones_ecrites_en_geojson_wgs84_marquees_illustratives(zones_demo):
    _, _, collection = zones_demo
    assert collection["type"] == "FeatureCollection" and len(collection["features"]) == 8
    for feature in collection["features"]:
        assert feature["properties"]["contour_illustratif"] is True
        geom = geo.valider_contour(json.dumps(feature["geometry"]))
        minx, miny, maxx, maxy = geom.bounds
        assert 2.3 < minx < maxx < 3.0 and 50.3 < miny < maxy < 50.8


def test_zone_mal_placee_refusee_avec_un_message_qui_la_nomme(communes_demo):
    communes_l93 = {c.code_insee: recensement.vers_lambert93(c.geometrie) for c in communes_demo}
    definition = {**recensement.lire_donnees("zones.json")["zones"][1], "ancrage": [2.0, 49.0]}
    with pytest.raises(ValueError, match="Zone industrielle de Ruitz.*ancrage"):
        recensement.dessiner_zone(definition, communes_l93, None, 1)
    definition = {**definition, "communes": ["59350"]}
    with pytest.raises(ValueError, match="Ruitz.*59350"):
        recensement.dessiner_zone(definition, communes_l93, None, 1)
