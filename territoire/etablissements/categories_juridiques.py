"""INSEE legal categories, level III (4 digits), shipped as data in data/categories_juridiques.csv.

`categorieJuridiqueUniteLegale` of the SIRENE stock is a level-III code of the INSEE
nomenclature "Catégories juridiques" (public, Licence Ouverte): 1000 entrepreneur individuel,
5499 SARL, 5710 SAS, 6540 SCI, 7210 commune, 9220 association déclarée… The table was written
from the official nomenclature; a code it does not hold is shown alone, never guessed.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

FICHIER = Path(__file__).resolve().parent / "data" / "categories_juridiques.csv"


@lru_cache(maxsize=1)
def libelles() -> dict[str, str]:
    """Level-III code ("5710") -> INSEE label ("SAS, société par actions simplifiée")."""
    with FICHIER.open(encoding="utf-8", newline="") as f:
        return {ligne["code"]: ligne["libelle"] for ligne in csv.DictReader(f)}


def libelle(code: str) -> str:
    """The label of a code, or "" when the code is empty or unknown."""
    return libelles().get(code, "") if code else ""


def code_et_libelle(code: str) -> str:
    """"5710 — SAS, société par actions simplifiée"; the code alone when its label is unknown."""
    nom = libelle(code)
    return f"{code} — {nom}" if nom else code
