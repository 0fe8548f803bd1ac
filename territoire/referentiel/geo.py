"""Geometry helpers: GeoJSON text <-> shapely, Lambert-93 <-> WGS84, surfaces."""

from __future__ import annotations

import json
from functools import lru_cache

from shapely import wkb
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry


@lru_cache(maxsize=1)
def _vers_wgs84():
    from pyproj import Transformer

    return Transformer.from_crs("EPSG:2154", "EPSG:4326", always_xy=True)


@lru_cache(maxsize=1)
def _vers_lambert93():
    from pyproj import Transformer

    return Transformer.from_crs("EPSG:4326", "EPSG:2154", always_xy=True)


def lambert93_vers_wgs84(xs, ys):
    """Vectorised: Lambert-93 metres -> (longitudes, latitudes)."""
    return _vers_wgs84().transform(xs, ys)


def wgs84_vers_lambert93(lons, lats):
    return _vers_lambert93().transform(lons, lats)


def arrondir(geom: BaseGeometry, decimales: int = 5) -> dict:
    """GeoJSON mapping with coordinates rounded (1e-5 degree is about a metre)."""

    def rond(obj):
        if isinstance(obj, (list, tuple)):
            if obj and isinstance(obj[0], (int, float)):
                return [round(v, decimales) for v in obj]
            return [rond(o) for o in obj]
        return obj

    data = mapping(geom)
    return {"type": data["type"], "coordinates": rond(data["coordinates"])}


def geojson_depuis_wkb_hex(hexa: str) -> BaseGeometry:
    return wkb.loads(bytes.fromhex(hexa))


def valider_contour(texte: str) -> BaseGeometry:
    """Parse a GeoJSON (Multi)Polygon in WGS84; raise ValueError saying what is wrong."""
    try:
        data = json.loads(texte)
    except (TypeError, json.JSONDecodeError) as exc:
        raise ValueError(f"contour illisible : GeoJSON attendu ({exc}).") from exc
    if not isinstance(data, dict) or data.get("type") not in {"Polygon", "MultiPolygon"}:
        raise ValueError("contour : une géométrie Polygon ou MultiPolygon est attendue.")
    try:
        geom = shape(data)
    except Exception as exc:  # shapely raises several types for malformed rings
        raise ValueError(f"contour mal formé : {exc}.") from exc
    minx, miny, maxx, maxy = geom.bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        raise ValueError(
            "contour hors des bornes WGS84 : les coordonnées doivent être en degrés "
            "(longitude, latitude), pas en Lambert-93."
        )
    if geom.is_empty or not geom.is_valid:
        raise ValueError("contour invalide (anneau auto-sécant ou vide) : corrigez la géométrie.")
    return geom


def surface_ha(geom: BaseGeometry) -> float:
    """Surface in hectares, computed in Lambert-93 (metres)."""
    import numpy as np
    import shapely

    def projeter(coords):
        xs, ys = wgs84_vers_lambert93(coords[:, 0], coords[:, 1])
        return np.column_stack([xs, ys])

    return shapely.transform(geom, projeter).area / 10_000
