"""Geometry of an indicator's chart (SVG drawn by a template, beside its data table).

Pure function: dated values in, coordinates out. No JavaScript, no chart library.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

LARGEUR, HAUTEUR = 560, 240
MARGE_G, MARGE_D, MARGE_H, MARGE_B = 64, 16, 16, 36


def _graduations(vmin: float, vmax: float, n: int = 4) -> list[float]:
    if vmax == vmin:
        return [vmin]
    pas = (vmax - vmin) / n
    return [vmin + i * pas for i in range(n + 1)]


def _format(v: float) -> str:
    if abs(v) >= 1000:
        return f"{v:,.0f}".replace(",", "\u202f")
    return f"{v:.0f}" if float(v).is_integer() else f"{v:.1f}".replace(".", ",")


def courbe(points: list[tuple[dt.date, str, Decimal]]) -> dict | None:
    """Coordinates of the target and actual series; None when there is nothing to draw.

    `points` are (date, type, value) with type "cible" or "realise".
    """
    if not points:
        return None
    dates = sorted({d for d, _t, _v in points})
    valeurs = [float(v) for _d, _t, v in points]
    vmin, vmax = min(0.0, min(valeurs)), max(valeurs)
    if vmax == vmin:
        vmax = vmin + 1
    d0, d1 = dates[0].toordinal(), dates[-1].toordinal()
    largeur_utile = LARGEUR - MARGE_G - MARGE_D
    hauteur_utile = HAUTEUR - MARGE_H - MARGE_B

    def x(d: dt.date) -> float:
        if d1 == d0:
            return MARGE_G + largeur_utile / 2
        return round(MARGE_G + largeur_utile * (d.toordinal() - d0) / (d1 - d0), 1)

    def y(v: float) -> float:
        return round(MARGE_H + hauteur_utile * (1 - (v - vmin) / (vmax - vmin)), 1)

    series = []
    for type_, libelle, classe in (
        ("cible", "Cible", "serie-cible"),
        ("realise", "Réalisé", "serie-realise"),
    ):
        pts = sorted((d, float(v)) for d, t, v in points if t == type_)
        if pts:
            series.append(
                {
                    "libelle": libelle,
                    "classe": classe,
                    "points": " ".join(f"{x(d)},{y(v)}" for d, v in pts),
                    "marques": [
                        {"x": x(d), "y": y(v), "titre": f"{libelle} {d:%d/%m/%Y} : {_format(v)}"}
                        for d, v in pts
                    ],
                }
            )
    return {
        "largeur": LARGEUR,
        "hauteur": HAUTEUR,
        "x0": MARGE_G,
        "x1": LARGEUR - MARGE_D,
        "y_bas": HAUTEUR - MARGE_B,
        "y_texte_dates": HAUTEUR - MARGE_B + 18,
        "x_texte_valeurs": MARGE_G - 6,
        "graduations": [{"y": y(v), "texte": _format(v)} for v in _graduations(vmin, vmax)],
        "dates": [
            {"x": x(d), "texte": f"{d:%m/%Y}"}
            for d in (dates if len(dates) <= 6 else [dates[0], dates[-1]])
        ],
        "series": series,
    }
