"""A registry activity zone (`referentiel.ZoneActivite`) seen as a site of the CNIG standard.

Pure functions on plain values: the data migration that turned the existing zones into sites
and the signal that does the same for every zone created since both call them, so a zone
becomes the same site whichever way it came. Only what the zone says is filled in; what it does
not say (the site's state, its useful surface, the type of contracting authority) stays empty
and shows as "à compléter".
"""

from __future__ import annotations

import datetime as dt
import json

# ZoneActivite.type → the site's dominant vocation (the standard's pole vocabulary). A
# technopole's vocation depends on what it hosts: left for the team to fill in.
VOCATION_DE_TYPE = {
    "industrielle": "industrielle",
    "logistique": "entrepôts, logistique",
    "mixte": "mixte, sans dominante",
}
TYPE_DE_VOCATION = {
    "industrielle": "industrielle",
    "entrepôts, logistique": "logistique",
    "logistique agricole": "logistique",
    "mixte à dominante logistique": "logistique",
}
TYPE_SITE = "zone d'activité économique"


def type_zone(vocation: str) -> str:
    """The registry zone type of a site's vocation (mixed when the vocation says nothing more)."""
    return TYPE_DE_VOCATION.get((vocation or "").strip(), "mixte")


def identifiant_site(code_insee: str, numero: int) -> str:
    """The standard's form of a site identifier: INSEE code, class, five-digit number."""
    return f"{code_insee}_SITE-ECO_{numero:05d}"


def commune_principale(contour_wgs84: dict, communes: list[dict]) -> dict | None:
    """The commune holding the largest part of the zone (communes: code, nom, contour dicts)."""
    from shapely.geometry import shape

    zone = shape(contour_wgs84)
    meilleure, surface = None, -1.0
    for c in communes:
        if not c.get("contour"):
            continue
        part = zone.intersection(shape(json.loads(c["contour"]))).area
        if part > surface:
            meilleure, surface = c, part
    return meilleure or (communes[0] if communes else None)


def valeurs_site(*, pk: int, nom: str, type_: str, contour: str, gestionnaire: str, surface_ha,
                 communes: list[dict], aujourdhui: dt.date) -> dict:
    """The CNIG attributes a zone gives its site. `communes` are dicts with code, nom, contour,
    epci_siren and epci_nom."""
    from . import geometrie

    contour_wgs84 = json.loads(contour)
    l93 = geometrie.vers_lambert93(contour_wgs84)
    principale = commune_principale(contour_wgs84, communes) or {}
    code = principale.get("code", "")
    return {
        "site_id": identifiant_site(code or "00000", pk),
        "site_nom": nom,
        "site_type": TYPE_SITE,
        "site_vocadomi": VOCATION_DE_TYPE.get(type_, ""),
        "site_surf_brute": float(surface_ha) if surface_ha is not None else round(geometrie.surface_ha(l93), 1),
        "site_identif_date": aujourdhui,
        "site_actu_date": aujourdhui,
        "site_comm_insee": code,
        "site_comm_nom": principale.get("nom", ""),
        "site_epci_siren": principale.get("epci_siren", ""),
        "site_epci_nom": principale.get("epci_nom", ""),
        "site_moa_nom": gestionnaire,
        "site_geomsurf": geometrie.geojson_texte(l93),
    }
