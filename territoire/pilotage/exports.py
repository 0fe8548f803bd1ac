"""CSV and XLSX of territories side by side (the Region's page) and the national open-data CSV.

CSV: UTF-8 with BOM, semicolons, decimal commas (as the census's export); every text goes
through the platform's one formula rule (``territoire.formules``). XLSX: numbers stay numbers,
shares are ratios formatted as percentages, a second sheet gives each column's definition.
"""

from __future__ import annotations

import csv
import io

from territoire.etablissements.exports import cellule_sure, nombre_csv
from territoire.formules import neutraliser

from .indicateurs import Ligne
from .tableau import Colonne, cellules

POURCENTAGES = {"part_emplois_industriels", "part_centre_exterieur", "prise_en_charge_5_jours"}
EN_PLUS = [("emplois_bas", "Emplois industriels (bas)"), ("emplois_haut", "Emplois industriels (haut)"),
           ("millesime", "Millésime des effectifs"), ("evolution_depart", "Mois de départ de l'évolution"),
           ("dernier_import", "Dernier import SIRENE")]


def _en_tete(cols: list[Colonne]) -> list[str]:
    return [c.libelle for c in cols] + [libelle for _, libelle in EN_PLUS]


def _valeurs(ligne: Ligne, cols: list[Colonne]) -> list:
    extra = []
    for cle, _ in EN_PLUS:
        v = ligne.v(cle)
        extra.append(v.date().isoformat() if cle == "dernier_import" and v else v)
    return cellules(ligne, cols) + extra


def csv_territoires(lignes: list[Ligne], cols: list[Colonne]) -> str:
    sortie = io.StringIO()
    sortie.write("\ufeff")
    ecrivain = csv.writer(sortie, delimiter=";", lineterminator="\r\n")
    ecrivain.writerow(_en_tete(cols))
    for ligne in lignes:
        ecrivain.writerow([
            nombre_csv(v, 3) if isinstance(v, (int, float)) and not isinstance(v, bool) else cellule_sure(v)
            for v in _valeurs(ligne, cols)
        ])
    return sortie.getvalue()


def xlsx_territoires(lignes: list[Ligne], cols: list[Colonne], titre: str, sources: list[str]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    classeur = Workbook()
    feuille = classeur.active
    feuille.title = "Territoires"
    feuille.append(_en_tete(cols))
    for cellule in feuille[1]:
        cellule.font = Font(bold=True)
    cles = [c.cle for c in cols] + [cle for cle, _ in EN_PLUS]
    for ligne in lignes:
        feuille.append([neutraliser(v) if isinstance(v, str) else v for v in _valeurs(ligne, cols)])
        for rang, cle in enumerate(cles, start=1):
            if cle in POURCENTAGES:
                feuille.cell(row=feuille.max_row, column=rang).number_format = "0.0%"
    feuille.freeze_panes = "C2"
    definitions = classeur.create_sheet("Définitions")
    definitions.append(["Colonne", "Définition"])
    for c in cols:
        definitions.append([c.libelle, c.definition or ("Identifiant du Territoire d'industrie dans la liste de l'ANCT."
                                                        if c.cle == "id_ti" else "Nom du territoire.")])
    definitions.append([])
    definitions.append([neutraliser(titre)])
    for source in sources:
        definitions.append([neutraliser(source)])
    tampon = io.BytesIO()
    classeur.save(tampon)
    return tampon.getvalue()
