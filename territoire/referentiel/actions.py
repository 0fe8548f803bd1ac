"""Writes on the reference data: build a territory, load its zones."""

from __future__ import annotations

import json
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify
from shapely.strtree import STRtree

from . import geo, sources
from .models import EPCI, Commune, Territoire, ZoneActivite


class DonneesInvalides(Exception):
    """Bad input, with a message that says what, where and how to fix it."""


@transaction.atomic
def creer_territoire(
    sirens_epci: list[str], nom: str, slug: str | None = None, id_ti: str = "",
    donnees_fictives: bool = False,
) -> Territoire:
    """Create (or refresh) a territory from the official EPCI and commune data."""
    sirens = [s.strip() for s in sirens_epci if s.strip()]
    if not sirens:
        raise DonneesInvalides("Indiquez au moins un EPCI par son SIREN (--epci 200072460).")
    for siren in sirens:
        if not (len(siren) == 9 and siren.isdigit()):
            raise DonneesInvalides(f"--epci {siren!r} : un SIREN d'EPCI a 9 chiffres (ex. 200072460).")
    connus = sources.lire_epcis()
    inconnus = [s for s in sirens if s not in connus]
    if inconnus:
        raise DonneesInvalides(
            f"EPCI inconnu(s) dans le Code officiel géographique : {', '.join(inconnus)}. "
            "Vérifiez le SIREN sur la fiche de l'intercommunalité."
        )
    communes_src = sources.lire_communes(set(sirens))
    epcis = {}
    for siren in sirens:
        src = connus[siren]
        epcis[siren], _ = EPCI.objects.update_or_create(
            siren=siren, defaults={"nom": src.nom, "nature": src.nature}
        )
    communes = []
    for src in communes_src:
        contour, lat, lon = "", None, None
        if src.contour_wkb_hex:
            geom = geo.geojson_depuis_wkb_hex(src.contour_wkb_hex)
            contour = json.dumps(geo.arrondir(geom), separators=(",", ":"))
            point = geom.representative_point()
            lat, lon = round(point.y, 6), round(point.x, 6)
        commune, _ = Commune.objects.update_or_create(
            code_insee=src.code_insee,
            defaults={
                "nom": src.nom,
                "population": src.population,
                "departement": src.departement,
                "epci": epcis[src.epci_siren],
                "contour": contour,
                "latitude": lat,
                "longitude": lon,
            },
        )
        communes.append(commune)
    slug = slug or slugify(nom)[:80]
    territoire, _ = Territoire.objects.update_or_create(
        slug=slug, defaults={"nom": nom, "id_ti": id_ti, "donnees_fictives": donnees_fictives}
    )
    territoire.epcis.set(epcis.values())
    territoire.communes.set(communes)
    return territoire


def _communes_touchees(territoire: Territoire, geom) -> list[Commune]:
    communes = [c for c in territoire.communes.all() if c.contour]
    arbre = STRtree([c.geometrie for c in communes])
    return [communes[i] for i in arbre.query(geom, predicate="intersects")]


@transaction.atomic
def charger_zones_geojson(
    territoire: Territoire, chemin: Path, illustratif: bool = False
) -> list[ZoneActivite]:
    """Load activity zones from a GeoJSON FeatureCollection (WGS84).

    Each feature needs a `nom`; optional properties: `type`, `gestionnaire`, `source`,
    `contour_illustratif`. A zone with the same name is replaced. All or nothing.
    """
    try:
        data = json.loads(Path(chemin).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DonneesInvalides(f"{chemin} : fichier GeoJSON illisible ({exc}).") from exc
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise DonneesInvalides(f"{chemin} : une FeatureCollection GeoJSON est attendue.")
    zones = []
    for i, feature in enumerate(data.get("features") or [], start=1):
        props = feature.get("properties") or {}
        nom = (props.get("nom") or props.get("name") or "").strip()
        if not nom:
            raise DonneesInvalides(f"{chemin}, objet n°{i} : propriété « nom » manquante.")
        try:
            contour_geom = geo.valider_contour(json.dumps(feature.get("geometry")))
        except ValueError as exc:
            raise DonneesInvalides(f"{chemin}, objet n°{i} ({nom}) : {exc}") from exc
        type_zone = props.get("type") or ZoneActivite.Type.INDUSTRIELLE
        if type_zone not in ZoneActivite.Type.values:
            raise DonneesInvalides(
                f"{chemin}, objet n°{i} ({nom}) : type « {type_zone} » inconnu "
                f"(valeurs possibles : {', '.join(ZoneActivite.Type.values)})."
            )
        communes = _communes_touchees(territoire, contour_geom)
        if not communes:
            raise DonneesInvalides(
                f"{chemin}, objet n°{i} ({nom}) : la zone ne touche aucune commune du territoire."
            )
        zone, _ = ZoneActivite.objects.update_or_create(
            territoire=territoire,
            slug=slugify(nom)[:80],
            defaults={
                "nom": nom,
                "type": type_zone,
                "contour": json.dumps(geo.arrondir(contour_geom), separators=(",", ":")),
                "gestionnaire": props.get("gestionnaire", ""),
                "source": props.get("source", ""),
                "surface_ha": round(geo.surface_ha(contour_geom), 1),
                "contour_illustratif": bool(props.get("contour_illustratif", illustratif)),
            },
        )
        zone.communes.set(communes)
        zones.append(zone)
    if not zones:
        raise DonneesInvalides(f"{chemin} : aucune zone dans le fichier.")
    return zones
