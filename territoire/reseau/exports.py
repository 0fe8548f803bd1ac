"""Spreadsheet and map exports: CSV (UTF-8 with BOM, semicolons), XLSX, GeoJSON.

Decimals are written with a comma in the CSV (`cellule_csv`), as numbers in the XLSX.
Every cell goes through `valeur_de_cellule`, which applies the platform's one formula rule
(territoire.formules: a text a spreadsheet would run as a formula gets a leading apostrophe).
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone

from territoire.formules import neutraliser

FORMATS = ("csv", "xlsx", "geojson")
MAX_CELLULE = 32767  # Excel's limit per cell


def valeur_de_cellule(valeur):
    """A value safe to put in a spreadsheet cell (numbers and dates pass through); the formula
    rule itself is territoire.formules.neutraliser, shared by every export."""
    if valeur is None:
        return ""
    if isinstance(valeur, bool):
        return "oui" if valeur else "non"
    if isinstance(valeur, (int, float, Decimal)):
        return valeur
    if isinstance(valeur, datetime):
        return timezone.localtime(valeur).strftime("%Y-%m-%d %H:%M") if timezone.is_aware(valeur) else valeur.isoformat()
    if isinstance(valeur, date):
        return valeur.isoformat()
    return neutraliser(str(valeur)[:MAX_CELLULE])


def cellule_csv(valeur):
    """A value for a `;` CSV: decimals with a comma, as a French spreadsheet reads them
    (12,5 and not 12.5, which it would take for a text or a date)."""
    if isinstance(valeur, bool):
        return valeur
    if isinstance(valeur, float):
        if valeur != valeur or valeur in (float("inf"), float("-inf")):
            return ""
        return format(Decimal(repr(valeur)), "f").replace(".", ",")
    if isinstance(valeur, Decimal):
        return format(valeur, "f").replace(".", ",")
    return valeur


def _nom_fichier(nom: str, extension: str) -> str:
    return f"{nom}-{timezone.localdate():%Y-%m-%d}.{extension}"


def reponse_csv(nom: str, entetes: list[str], lignes) -> HttpResponse:
    tampon = io.StringIO()
    tampon.write("\ufeff")
    ecrivain = csv.writer(tampon, delimiter=";", lineterminator="\r\n")
    ecrivain.writerow(entetes)
    for ligne in lignes:
        ecrivain.writerow([cellule_csv(valeur_de_cellule(v)) for v in ligne])
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
            v = valeur_de_cellule(v)
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
        proprietes = {k: valeur_de_cellule(v) for k, v in zip(entetes, ligne, strict=True)}
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
