"""Spreadsheet and map exports: CSV (UTF-8 with BOM, semicolons), XLSX, GeoJSON.

Every text cell goes through `neutraliser`: a cell a spreadsheet would read as a formula
(starting with =, +, -, @, a tab or a carriage return) is prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime

from django.http import HttpResponse
from django.utils import timezone

DEBUTS_DE_FORMULE = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
FORMATS = ("csv", "xlsx", "geojson")
MAX_CELLULE = 32767  # Excel's limit per cell


def neutraliser(valeur):
    """A value safe to put in a spreadsheet cell (numbers and dates pass through)."""
    if valeur is None:
        return ""
    if isinstance(valeur, bool):
        return "oui" if valeur else "non"
    if isinstance(valeur, (int, float)):
        return valeur
    if isinstance(valeur, datetime):
        return timezone.localtime(valeur).strftime("%Y-%m-%d %H:%M") if timezone.is_aware(valeur) else valeur.isoformat()
    if isinstance(valeur, date):
        return valeur.isoformat()
    texte = str(valeur)[:MAX_CELLULE]
    if texte.startswith(DEBUTS_DE_FORMULE):
        return "'" + texte
    return texte


def _nom_fichier(nom: str, extension: str) -> str:
    return f"{nom}-{timezone.localdate():%Y-%m-%d}.{extension}"


def reponse_csv(nom: str, entetes: list[str], lignes) -> HttpResponse:
    tampon = io.StringIO()
    tampon.write("\ufeff")
    ecrivain = csv.writer(tampon, delimiter=";", lineterminator="\r\n")
    ecrivain.writerow(entetes)
    for ligne in lignes:
        ecrivain.writerow([neutraliser(v) for v in ligne])
    reponse = HttpResponse(tampon.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
    reponse["Content-Disposition"] = f'attachment; filename="{_nom_fichier(nom, "csv")}"'
    return reponse


def reponse_xlsx(nom: str, entetes: list[str], lignes, titre: str = "Export") -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    classeur = Workbook(write_only=True)
    feuille = classeur.create_sheet(titre[:31])
    feuille.append(entetes)
    for ligne in lignes:
        cellules = []
        for v in ligne:
            v = neutraliser(v)
            cellules.append(ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v)
        feuille.append(cellules)
    tampon = io.BytesIO()
    classeur.save(tampon)
    reponse = HttpResponse(
        tampon.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    reponse["Content-Disposition"] = f'attachment; filename="{_nom_fichier(nom, "xlsx")}"'
    return reponse


def reponse_geojson(nom: str, entetes: list[str], lignes, positions) -> HttpResponse:
    """One Feature per row; `positions` gives (lon, lat) or None per row (geometry null)."""
    features = []
    for ligne, pos in zip(lignes, positions, strict=True):
        proprietes = {k: neutraliser(v) for k, v in zip(entetes, ligne, strict=True)}
        geometrie = {"type": "Point", "coordinates": [round(pos[0], 6), round(pos[1], 6)]} if pos else None
        features.append({"type": "Feature", "geometry": geometrie, "properties": proprietes})
    corps = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)
    reponse = HttpResponse(corps.encode("utf-8"), content_type="application/geo+json; charset=utf-8")
    reponse["Content-Disposition"] = f'attachment; filename="{_nom_fichier(nom, "geojson")}"'
    return reponse


def reponse(format: str, nom: str, entetes: list[str], lignes: list[list], positions=None) -> HttpResponse:
    if format == "csv":
        return reponse_csv(nom, entetes, lignes)
    if format == "xlsx":
        return reponse_xlsx(nom, entetes, lignes)
    return reponse_geojson(nom, entetes, lignes, positions or [None] * len(lignes))
