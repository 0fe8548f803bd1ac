"""SIRENE headcount bands (trancheEffectifs*) and the jobs range they imply."""

from __future__ import annotations

# code: (label, low, high). 53 is open-ended: its high bound is a convention (twice the low).
TRANCHES: dict[str, tuple[str, int, int]] = {
    "NN": ("Non employeur ou effectif inconnu", 0, 0),
    "00": ("0 salarié", 0, 0),
    "01": ("1 ou 2 salariés", 1, 2),
    "02": ("3 à 5 salariés", 3, 5),
    "03": ("6 à 9 salariés", 6, 9),
    "11": ("10 à 19 salariés", 10, 19),
    "12": ("20 à 49 salariés", 20, 49),
    "21": ("50 à 99 salariés", 50, 99),
    "22": ("100 à 199 salariés", 100, 199),
    "31": ("200 à 249 salariés", 200, 249),
    "32": ("250 à 499 salariés", 250, 499),
    "41": ("500 à 999 salariés", 500, 999),
    "42": ("1 000 à 1 999 salariés", 1000, 1999),
    "51": ("2 000 à 4 999 salariés", 2000, 4999),
    "52": ("5 000 à 9 999 salariés", 5000, 9999),
    "53": ("10 000 salariés et plus", 10000, 20000),
}
ORDRE = list(TRANCHES)


def libelle(code: str) -> str:
    if not code:
        return "Non renseignée"
    return TRANCHES.get(code, (f"Tranche inconnue ({code})", 0, 0))[0]


def emplois(code: str) -> tuple[int, float, int]:
    """(low, central, high) jobs for a band; central is the middle of the band."""
    _, bas, haut = TRANCHES.get(code or "NN", TRANCHES["NN"])
    return bas, (bas + haut) / 2, haut


def au_moins(code: str, minimum: str) -> bool:
    """True when band `code` is at or above band `minimum` (NN and blanks are never)."""
    if code not in TRANCHES or code == "NN":
        return False
    return ORDRE.index(code) >= ORDRE.index(minimum)


def codes_au_moins(minimum: str) -> list[str]:
    return [c for c in ORDRE if au_moins(c, minimum)]
