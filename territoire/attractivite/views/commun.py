"""What Attirer's views share: roles, breadcrumbs, map data."""

from __future__ import annotations

import json

from django.urls import reverse

INTERNES = ("equipe", "pilotage", "partenaire")


def fil(request, *etapes: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    """Breadcrumb pairs; an url given as a URL name of the app is reversed for the territory."""
    liens = []
    for libelle, url in etapes:
        if url and ":" in url and not url.startswith("/"):
            url = reverse(url, kwargs={"territoire": request.territoire.slug})
        liens.append((libelle, url))
    return liens


def carte_geojson(elements) -> dict:
    """A FeatureCollection (WGS84, about a metre) for the maps: (category, label, stored GeoJSON
    or (lon, lat), url) tuples; elements without geometry are left out (the table lists them)."""
    from territoire.referentiel.geo import arrondir

    from ..geometrie import GeometrieInvalide, wgs84

    features = []
    for categorie, libelle, geometrie, url in elements:
        proprietes = {"categorie": categorie, "libelle": libelle, "url": url}
        if isinstance(geometrie, tuple):
            if geometrie[0] is not None:
                point = {"type": "Point", "coordinates": [round(geometrie[0], 5), round(geometrie[1], 5)]}
                features.append({"type": "Feature", "geometry": point, "properties": proprietes})
            continue
        try:
            if geometrie:
                geom = wgs84(json.loads(geometrie))
            else:
                continue
        except (GeometrieInvalide, ValueError, TypeError, KeyError):
            continue  # an unreadable stored geometry is shown as missing in the table, not on the map
        features.append({"type": "Feature", "geometry": arrondir(geom, 5), "properties": proprietes})
    return {"type": "FeatureCollection", "features": features}
