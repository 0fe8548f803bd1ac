"""A map drawn on the server as SVG (no JavaScript, no tiles): commune outlines shaded by a
count, with a data table beside it in the page (RGAA: a text alternative to every map)."""

from __future__ import annotations

import json
import math

from django.utils.html import escape
from django.utils.safestring import mark_safe

LARGEUR = 600


def _anneaux(geometrie: dict):
    if geometrie["type"] == "Polygon":
        yield from geometrie["coordinates"]
    elif geometrie["type"] == "MultiPolygon":
        for polygone in geometrie["coordinates"]:
            yield from polygone


def teinte(valeur: int, maximum: int) -> int:
    """Shade 0 (none) to 4 (the most) of a count: four even bands up to the maximum, the
    maximum always in the darkest."""
    if not valeur or not maximum:
        return 0
    return max(1, min(4, -(-4 * valeur // maximum)))


def legende(maximum: int) -> list[tuple[int, str]]:
    """(shade, label) for every shade the map can use: "aucune", then each band's counts."""
    lignes = [(0, "aucune")]
    for k in range(1, 5):
        # The counts v with teinte(v) == k: (k - 1) * maximum / 4 < v <= k * maximum / 4.
        bas, haut = (k - 1) * maximum // 4 + 1, k * maximum // 4
        if bas <= haut:
            lignes.append((k, f"{bas}" if bas == haut else f"{bas} à {haut}"))
    return lignes


def carte_communes(communes, valeurs: dict[int, int]) -> dict | None:
    """SVG paths for `communes` (with a GeoJSON outline), each with its value and shade 0–4."""
    formes = []
    for c in communes:
        if not c.contour:
            continue
        try:
            formes.append((c, list(_anneaux(json.loads(c.contour)))))
        except (ValueError, KeyError, TypeError):
            continue  # an unreadable outline is left off the map; the table still lists the commune
    points = [p for _, anneaux in formes for anneau in anneaux for p in anneau]
    if not points:
        return None
    min_x, max_x = min(p[0] for p in points), max(p[0] for p in points)
    min_y, max_y = min(p[1] for p in points), max(p[1] for p in points)
    kx = math.cos(math.radians((min_y + max_y) / 2))
    largeur_geo = max((max_x - min_x) * kx, 1e-9)
    echelle = LARGEUR / largeur_geo
    hauteur = max(1, round((max_y - min_y) * echelle))
    maximum = max(valeurs.values(), default=0)
    chemins = []
    for c, anneaux in formes:
        d = " ".join(
            "M" + " L".join(f"{(x - min_x) * kx * echelle:.1f},{(max_y - y) * echelle:.1f}" for x, y, *_ in anneau) + " Z"
            for anneau in anneaux
        )
        v = valeurs.get(c.pk, 0)
        chemins.append({"d": d, "nom": c.nom, "valeur": v, "teinte": teinte(v, maximum)})
    # The paths are rendered here rather than in a template loop: `d` holds only the numbers
    # computed above (nothing to escape), the names are escaped.
    svg = "".join(
        f'<path d="{c["d"]}" class="teinte-{c["teinte"]}"><title>{escape(c["nom"])} : {c["valeur"]}</title></path>'
        for c in chemins
    )
    return {"largeur": LARGEUR, "hauteur": hauteur, "chemins": chemins, "maximum": maximum, "svg": mark_safe(svg),
            "legende": legende(maximum)}
