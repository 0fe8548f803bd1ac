"""Small builders for Attirer's tests: a site on the test territory's zone, plots, premises,
prospects. Geometries are squares in Lambert-93 around the test communes."""

from __future__ import annotations

import datetime as dt
import json

from territoire.attractivite import geometrie

AUJOURDHUI = dt.date(2026, 6, 1)


def carre_l93(lon: float, lat: float, cote_m: float) -> dict:
    from shapely.geometry import Point

    centre = geometrie.lambert93(Point(lon, lat))
    d = cote_m / 2
    x, y = round(centre.x, 2), round(centre.y, 2)
    return {"type": "Polygon", "coordinates": [[[x - d, y - d], [x + d, y - d], [x + d, y + d], [x - d, y + d], [x - d, y - d]]]}


def pole(territoire, pole_id="62729_POLE-ECO_00001", **champs):
    from territoire.attractivite.models import PoleEconomique

    valeurs = {"pole_nom": "Pôle de Ruitz", "pole_vocadomi": "industrielle", "pole_identif_date": AUJOURDHUI,
               "pole_surface": 80, "pole_geompoint": "2.59, 50.47"} | champs
    return PoleEconomique.objects.create(territoire=territoire, pole_id=pole_id, **valeurs)


ZONE_DU_TERRITOIRE = object()


def site(territoire, site_id="62729_SITE-ECO_00001", zone=ZONE_DU_TERRITOIRE, **champs):
    """A complete site; on the test territory's zone unless `zone` is given (None: no zone)."""
    from territoire.attractivite.models import SiteEconomique

    zone = territoire.zones.first() if zone is ZONE_DU_TERRITOIRE else zone
    valeurs = {
        "site_nom": "ZI de Ruitz", "site_type": "zone d'activité économique", "site_vocadomi": "industrielle",
        "site_etat": "existant", "site_surf_brute": 80.0, "site_surf_utile": 70.0, "site_identif_date": AUJOURDHUI,
        "site_actu_date": AUJOURDHUI, "site_epci_nom": "CA de Béthune-Bruay, Artois-Lys Romane",
        "site_epci_siren": "200072460", "site_comm_nom": "Ruitz", "site_comm_insee": "62729", "site_moa_type": "EPCI",
        "site_geomsurf": json.dumps(carre_l93(2.59, 50.47, 700)), "reseau_fret_ferroviaire": "oui",
        "reseau_electrique": "oui", "autoroute_echang_dist": 3.0, "gare_fret_dist": 5.0,
    } | champs
    if "pole" not in valeurs:
        valeurs["pole"] = pole(territoire)
    return SiteEconomique.objects.create(territoire=territoire, site_id=site_id, zone=zone, **valeurs)


def terrain(site_, terr_id, surface_ha=1.0, **champs):
    from territoire.attractivite.models import TerrainEconomique

    valeurs = {
        "terr_surf_brute": surface_ha, "terr_identif_date": AUJOURDHUI, "terr_actu_date": AUJOURDHUI,
        "terr_maitrise_fonc": "structure intercommunale", "terr_stade_amngt": "viabilisé et aménagé",
        "terr_stade_comm": "disponible", "terr_etat_occup": "vacant", "terr_usage": "non bâti",
        "terr_geomsurf": json.dumps(carre_l93(2.59, 50.47, 100)),
    } | champs
    return TerrainEconomique.objects.create(site=site_, terr_id=terr_id, **valeurs)


def local(territoire, nom="Atelier de 1 200 m²", **champs):
    from territoire.attractivite.models import Local

    valeurs = {"type": "atelier", "surface_m2": 1200, "commune": territoire.communes.get(code_insee="62729")} | champs
    return Local.objects.create(territoire=territoire, nom=nom, **valeurs)


def prospect(territoire, **champs):
    from territoire.attractivite.actions import creer_prospect

    valeurs = {"nom_reel": "Batteries du Nord SAS", "activite": "Assemblage de modules de batteries",
               "emplois_prevus": 120, "surface_terrain_ha": 3, "acces_ferre": True} | champs
    return creer_prospect(territoire, **valeurs)
