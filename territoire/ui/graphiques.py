"""Server-side SVG charts: bars, lines and radar. Pure functions: data in, geometry out.

Each function returns a dict that its partial draws (`ui/_graphique_barres.html`,
`ui/_graphique_courbes.html`, `ui/_graphique_radar.html`), always inside a <figure> with the
same data as a table: a chart is never the only way to read its figures (RGAA 1.1, 4.1).
No JavaScript, no chart library; the text is the page's font at the page's size.

    g = barres("filiere", "Établissements par filière", {"Mécanique": 42, "Agroalimentaire": 17},
               colonne="Filière", unite="Établissements")
    {% include "ui/_graphique_barres.html" with g=g %}
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from decimal import Decimal

HAUTEUR_BARRE = 28
LARGEUR_BARRES = 300
# Label column width: about 7.2 user units per character at 13 px, capped.
CAR_PX = 7.2


def _f(v) -> float:
    return float(v) if isinstance(v, Decimal | int | float) else float(v or 0)


def format_nombre(v, decimales: int | None = None) -> str:
    """12345 -> "12 345"; 3.5 -> "3,5" (French, narrow no-break space)."""
    v = _f(v)
    if decimales is None:
        decimales = 0 if v.is_integer() else 1
    texte = f"{v:,.{decimales}f}"
    entiers, _, fraction = texte.partition(".")
    entiers = entiers.replace(",", "\u202f")
    return f"{entiers},{fraction}" if fraction else entiers


def _tronquer(texte: str, n: int) -> str:
    return texte if len(texte) <= n else texte[: n - 1].rstrip() + "…"


def barres(
    ident: str,
    titre: str,
    valeurs: Mapping[str, float | int | Decimal],
    *,
    description: str = "",
    colonne: str = "Catégorie",
    unite: str = "Valeur",
    total: bool = True,
    max_caracteres: int = 40,
) -> dict:
    """A horizontal bar chart: one bar per (label, value), labels in full in the table."""
    elements = list(valeurs.items())
    maximum = max((_f(v) for _l, v in elements), default=0) or 1
    plus_long = max((len(str(cle)) for cle, _v in elements), default=8)
    largeur_libelles = round(min(plus_long, max_caracteres) * CAR_PX + 12)
    x_barres = largeur_libelles + 8
    largeur_valeurs = round(max((len(format_nombre(v)) for _l, v in elements), default=1) * CAR_PX + 14)
    lignes = []
    for i, (libelle, v) in enumerate(elements):
        largeur = round(LARGEUR_BARRES * _f(v) / maximum, 1)
        y = i * HAUTEUR_BARRE
        lignes.append({
            "libelle": str(libelle), "court": _tronquer(str(libelle), max_caracteres), "valeur": v,
            "texte": format_nombre(v), "y": y, "y_texte": round(y + HAUTEUR_BARRE * 0.62, 1),
            "largeur": largeur, "x_valeur": round(x_barres + largeur + 6, 1),
        })
    return {
        "id": ident, "titre": titre, "description": description, "colonne": colonne, "unite": unite,
        "lignes": lignes, "total": format_nombre(sum(_f(v) for _l, v in elements)) if total else "",
        "largeur": x_barres + LARGEUR_BARRES + largeur_valeurs, "hauteur": max(len(lignes), 1) * HAUTEUR_BARRE,
        "x_libelles": largeur_libelles, "x_barres": x_barres, "hauteur_barre": HAUTEUR_BARRE - 8,
    }


def _graduations(vmin: float, vmax: float, n: int = 4) -> list[float]:
    """Round steps (1, 2, 2.5, 5 × 10^k) covering vmin..vmax."""
    if vmax <= vmin:
        return [vmin]
    brut = (vmax - vmin) / n
    puissance = 10 ** math.floor(math.log10(brut))
    pas = next(p * puissance for p in (1, 2, 2.5, 5, 10) if p * puissance >= brut)
    debut = math.floor(vmin / pas) * pas
    valeurs, v = [], debut
    while v < vmax + pas * 0.999:
        valeurs.append(round(v, 10))
        v += pas
    return valeurs


LARGEUR_COURBES, HAUTEUR_COURBES = 640, 260
MARGES = {"g": 64, "d": 16, "h": 16, "b": 40}


def courbes(
    ident: str,
    titre: str,
    series: Sequence[tuple[str, Sequence[tuple[dt.date, float | int | Decimal]]]],
    *,
    description: str = "",
    unite: str = "",
) -> dict | None:
    """A line chart over time: `series` is [(name, [(date, value), …]), …] (three at most
    are styled apart: solid, dashed, dotted). None when there is no point to draw."""
    points = [(d, _f(v)) for _n, pts in series for d, v in pts]
    if not points:
        return None
    dates = sorted({d for d, _v in points})
    valeurs = [v for _d, v in points]
    grad = _graduations(min(0.0, min(valeurs)), max(valeurs) if max(valeurs) > min(0.0, min(valeurs)) else 1.0)
    vmin, vmax = grad[0], grad[-1] if len(grad) > 1 else grad[0] + 1
    d0, d1 = dates[0].toordinal(), dates[-1].toordinal()
    g, d, h, b = MARGES["g"], MARGES["d"], MARGES["h"], MARGES["b"]
    lu, hu = LARGEUR_COURBES - g - d, HAUTEUR_COURBES - h - b

    def x(jour: dt.date) -> float:
        return round(g + lu / 2, 1) if d1 == d0 else round(g + lu * (jour.toordinal() - d0) / (d1 - d0), 1)

    def y(v: float) -> float:
        return round(h + hu * (1 - (v - vmin) / (vmax - vmin)), 1)

    dessin = []
    for i, (nom, pts) in enumerate(series[:3]):
        tries = sorted((jour, _f(v)) for jour, v in pts)
        if not tries:
            continue
        dessin.append({
            "nom": nom, "classe": f"serie-{i}",
            "points": " ".join(f"{x(jour)},{y(v)}" for jour, v in tries),
            "marques": [{"x": x(jour), "y": y(v), "titre": f"{nom}, {jour:%d/%m/%Y} : {format_nombre(v)}"} for jour, v in tries],
        })
    etiquettes = dates if len(dates) <= 6 else [dates[round(i * (len(dates) - 1) / 5)] for i in range(6)]
    # The table: one row per date, one column per series.
    noms = [s["nom"] for s in dessin]
    par_date: dict = {}
    for nom, pts in series[:3]:
        for jour, v in pts:
            par_date.setdefault(jour, {})[nom] = format_nombre(v)
    tableau = [{"date": jour, "valeurs": [par_date[jour].get(n, "") for n in noms]} for jour in sorted(par_date)]
    return {
        "id": ident, "titre": titre, "description": description, "unite": unite,
        "largeur": LARGEUR_COURBES, "hauteur": HAUTEUR_COURBES, "x0": g, "x1": LARGEUR_COURBES - d,
        "y_bas": HAUTEUR_COURBES - b, "y_dates": HAUTEUR_COURBES - b + 20, "x_valeurs": g - 8,
        "graduations": [{"y": y(v), "texte": format_nombre(v)} for v in grad],
        "dates": [{"x": x(jour), "texte": f"{jour:%m/%Y}"} for jour in dict.fromkeys(etiquettes)],
        "series": dessin, "noms": noms, "tableau": tableau,
    }


LARGEUR_RADAR, HAUTEUR_RADAR = 640, 400
RAYON_RADAR = 140


def radar(
    ident: str,
    titre: str,
    axes: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | int | Decimal | None]]],
    *,
    maximum: float = 5,
    description: str = "",
    graduations: int | None = None,
) -> dict:
    """A radar (spider) chart: one spoke per axis (three at least), values 0..`maximum`, one
    polygon per series (two at most are styled apart). A missing value (None) is drawn at the
    centre and shown as missing in the table."""
    if len(axes) < 3:
        raise ValueError("Un radar a besoin d'au moins trois axes.")
    cx, cy = LARGEUR_RADAR / 2, HAUTEUR_RADAR / 2
    n = len(axes)
    pas = graduations or (int(maximum) if float(maximum).is_integer() and maximum <= 10 else 4)

    def point(i: int, part: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * i / n
        return round(cx + RAYON_RADAR * part * math.cos(angle), 1), round(cy + RAYON_RADAR * part * math.sin(angle), 1)

    anneaux = []
    for k in range(1, pas + 1):
        part = k / pas
        anneaux.append({
            "points": " ".join(f"{px},{py}" for px, py in (point(i, part) for i in range(n))),
            "texte": format_nombre(maximum * part), "x": cx + 4, "y": round(cy - RAYON_RADAR * part + 12, 1),
        })
    rayons = []
    for i, libelle in enumerate(axes):
        px, py = point(i, 1)
        lx, ly = point(i, 1.12)
        ancre = "middle" if abs(lx - cx) < 8 else ("start" if lx > cx else "end")
        rayons.append({"x": px, "y": py, "lx": lx, "ly": round(ly + 4, 1), "ancre": ancre, "libelle": _tronquer(libelle, 22)})
    dessin = []
    for j, (nom, valeurs) in enumerate(series[:2]):
        pts = [point(i, min(max(_f(v), 0), maximum) / maximum if v is not None else 0) for i, v in enumerate(valeurs)]
        dessin.append({
            "nom": nom, "classe": f"aire-{j}", "points": " ".join(f"{px},{py}" for px, py in pts),
            "marques": [{"x": px, "y": py, "titre": f"{nom}, {axes[i]} : {format_nombre(valeurs[i]) if valeurs[i] is not None else 'non renseigné'}"} for i, (px, py) in enumerate(pts)],
        })
    tableau = [
        {"axe": axe, "valeurs": [(format_nombre(s[1][i]) if s[1][i] is not None else None) for s in series[:2]]}
        for i, axe in enumerate(axes)
    ]
    return {
        "id": ident, "titre": titre, "description": description, "largeur": LARGEUR_RADAR,
        "hauteur": HAUTEUR_RADAR, "anneaux": anneaux, "rayons": rayons, "cx": cx, "cy": cy, "series": dessin,
        "noms": [s["nom"] for s in dessin], "tableau": tableau, "maximum": format_nombre(maximum),
    }
