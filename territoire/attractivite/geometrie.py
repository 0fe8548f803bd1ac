"""Geometries of the CNIG files: Lambert-93 as exchanged, WGS84 for the map, GeoPackage blobs.

The CNIG "sites économiques" standard's GeoPackage and SQL are in Lambert-93 (EPSG:2154); its
example CSV files hold GeoJSON in Lambert-93 (sites, plots) and in degrees (establishments).
A GeoJSON is therefore stored as given, so that an export gives back exactly what was imported
(docs/adr/0005); which of the two systems it is in is read from its coordinates, whose ranges
do not overlap in metropolitan France, so reading one for the other is impossible. The map reads
it in WGS84, the GeoPackage in Lambert-93.
"""

from __future__ import annotations

import json
import struct
from functools import lru_cache

import shapely
from shapely import wkb, wkt
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry

# Lambert-93's domain (metropolitan France and its margins), in metres.
LAMBERT93_X = (-400_000, 1_400_000)
LAMBERT93_Y = (6_000_000, 7_200_000)
# Metropolitan France with Corsica, in degrees (longitude, latitude).
FRANCE_LON = (-5.5, 10.0)
FRANCE_LAT = (41.0, 51.5)


class GeometrieInvalide(ValueError):
    pass


@lru_cache(maxsize=1)
def _vers_wgs84():
    from pyproj import Transformer

    return Transformer.from_crs("EPSG:2154", "EPSG:4326", always_xy=True)


@lru_cache(maxsize=1)
def _vers_lambert93():
    from pyproj import Transformer

    return Transformer.from_crs("EPSG:4326", "EPSG:2154", always_xy=True)


def _projeter(geom: BaseGeometry, transformateur) -> BaseGeometry:
    import numpy as np

    def f(coords):
        xs, ys = transformateur.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([xs, ys])

    return shapely.transform(geom, f)


def systeme(geom: BaseGeometry) -> str:
    """"2154" or "4326" from the coordinates' range, or GeometrieInvalide when neither fits."""
    minx, miny, maxx, maxy = geom.bounds
    if LAMBERT93_X[0] <= minx <= maxx <= LAMBERT93_X[1] and LAMBERT93_Y[0] <= miny <= maxy <= LAMBERT93_Y[1]:
        return "2154"
    if -180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90:
        return "4326"
    raise GeometrieInvalide(
        "coordonnées ni en Lambert-93 (mètres, EPSG:2154) ni en degrés WGS84 : "
        "vérifiez le système de coordonnées de l'export."
    )


def vers_lambert93(donnees: dict) -> dict:
    """A GeoJSON mapping in Lambert-93: unchanged when it already is, converted from WGS84
    (rounded to the centimetre) otherwise."""
    geom = shape(donnees)
    if systeme(geom) == "2154":
        return donnees
    return arrondir(_projeter(geom, _vers_lambert93()), 2)


def wgs84(donnees: dict) -> BaseGeometry:
    """The shapely geometry in WGS84 of a stored GeoJSON mapping (Lambert-93 or degrees)."""
    geom = shape(donnees)
    return geom if systeme(geom) == "4326" else _projeter(geom, _vers_wgs84())


def en_lambert93(donnees: dict) -> BaseGeometry:
    """The shapely geometry in Lambert-93 of a stored GeoJSON mapping (Lambert-93 or degrees)."""
    geom = shape(donnees)
    return geom if systeme(geom) == "2154" else _projeter(geom, _vers_lambert93())


def lambert93(geom_wgs84: BaseGeometry) -> BaseGeometry:
    return _projeter(geom_wgs84, _vers_lambert93())


def arrondir(geom: BaseGeometry, decimales: int) -> dict:
    def rond(obj):
        if isinstance(obj, (list, tuple)):
            if obj and isinstance(obj[0], (int, float)):
                return [round(v, decimales) for v in obj]
            return [rond(o) for o in obj]
        return obj

    m = mapping(geom)
    return {"type": m["type"], "coordinates": rond(m["coordinates"])}


def geojson_texte(donnees: dict) -> str:
    return json.dumps(donnees, separators=(",", ":"))


def surface_ha(donnees: dict) -> float:
    return en_lambert93(donnees).area / 10_000


# --------------------------------------------------------------------------- WKT (brownfields)


def lire_wkt(texte: str) -> BaseGeometry:
    try:
        geom = wkt.loads(texte)
    except Exception as exc:  # shapely raises GEOSException (or ValueError) on bad WKT
        raise GeometrieInvalide(f"WKT illisible ({str(exc).splitlines()[0][:120]}).") from None
    if geom.is_empty:
        raise GeometrieInvalide("géométrie vide.")
    if not geom.is_valid:
        from shapely.validation import explain_validity

        raise GeometrieInvalide(f"géométrie invalide ({explain_validity(geom)}).")
    return geom


def point_en_france(lon: float, lat: float) -> bool:
    return FRANCE_LON[0] <= lon <= FRANCE_LON[1] and FRANCE_LAT[0] <= lat <= FRANCE_LAT[1]


# --------------------------------------------------------------------------- GeoPackage blobs

_TYPES_WKB = {1: "POINT", 2: "LINESTRING", 3: "POLYGON", 4: "MULTIPOINT", 5: "MULTILINESTRING",
              6: "MULTIPOLYGON", 7: "GEOMETRYCOLLECTION"}
_TAILLES_ENVELOPPE = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}


def lire_blob_gpkg(blob: bytes) -> tuple[BaseGeometry | None, int]:
    """(geometry, srs_id) of a GeoPackage geometry blob (header 'GP' + WKB); None when empty."""
    if not isinstance(blob, (bytes, memoryview)) or len(blob) < 8 or bytes(blob[:2]) != b"GP":
        raise GeometrieInvalide("géométrie GeoPackage illisible (en-tête « GP » absent).")
    blob = bytes(blob)
    drapeaux = blob[3]
    petit_boutiste = drapeaux & 1
    vide = (drapeaux >> 4) & 1
    enveloppe = (drapeaux >> 1) & 0b111
    if enveloppe not in _TAILLES_ENVELOPPE:
        raise GeometrieInvalide("géométrie GeoPackage illisible (enveloppe inconnue).")
    srs_id = struct.unpack("<i" if petit_boutiste else ">i", blob[4:8])[0]
    debut = 8 + _TAILLES_ENVELOPPE[enveloppe]
    if vide:
        return None, srs_id
    try:
        geom = wkb.loads(blob[debut:])
    except Exception as exc:  # GEOSException on truncated WKB
        raise GeometrieInvalide(f"géométrie GeoPackage illisible ({exc}).") from None
    return (None if geom.is_empty else geom), srs_id


def blob_gpkg(geom: BaseGeometry | None, srs_id: int) -> bytes | None:
    """A GeoPackage geometry blob (version 0, little-endian, XY envelope) for `geom`."""
    if geom is None:
        return None
    if geom.is_empty:
        return b"GP\x00" + bytes([0b00010001]) + struct.pack("<i", srs_id)
    minx, miny, maxx, maxy = geom.bounds
    entete = b"GP\x00" + bytes([0b00000011]) + struct.pack("<i", srs_id)
    return entete + struct.pack("<4d", minx, maxx, miny, maxy) + wkb.dumps(geom, byte_order=1)


def enregistrer_fonctions_gpkg(connexion) -> None:
    """The ST_* functions the GeoPackage's R-tree triggers call, for Python's sqlite3."""

    def charger(blob):
        if blob is None:
            return None
        geom, _ = lire_blob_gpkg(blob)
        return geom

    def est_vide(blob):
        geom = charger(blob)
        return 1 if geom is None else 0

    def borne(i):
        def f(blob):
            geom = charger(blob)
            return None if geom is None else geom.bounds[i]
        return f

    connexion.create_function("ST_IsEmpty", 1, est_vide, deterministic=True)
    connexion.create_function("ST_MinX", 1, borne(0), deterministic=True)
    connexion.create_function("ST_MinY", 1, borne(1), deterministic=True)
    connexion.create_function("ST_MaxX", 1, borne(2), deterministic=True)
    connexion.create_function("ST_MaxY", 1, borne(3), deterministic=True)


def type_attendu(geom: BaseGeometry, type_couche: str) -> BaseGeometry:
    """Promote a single geometry to the layer's multi type (a Polygon in a MULTIPOLYGON layer)."""
    from shapely.geometry import MultiPoint, MultiPolygon

    if type_couche == "MULTIPOLYGON" and geom.geom_type == "Polygon":
        return MultiPolygon([geom])
    if type_couche == "MULTIPOINT" and geom.geom_type == "Point":
        return MultiPoint([geom])
    return geom
