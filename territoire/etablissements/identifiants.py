"""SIREN and SIRET: the one place that knows their check rules.

Both carry a Luhn key. La Poste's establishments (SIREN 356000000) are the known exception:
there are more of them than NICs with a valid key, so INSEE checks the plain sum of the 14
digits of their SIRET against 5 instead.
"""

from __future__ import annotations

SIREN_LA_POSTE = "356000000"


# A doubled digit counts for the sum of its digits: 0→0, 1→2, …, 5→1 (10), …, 9→9 (18).
_DOUBLES = str.maketrans("0123456789", "0246813579")


def _somme_luhn(chiffres: str) -> int:
    """Luhn sum of ASCII digits: from the right, every second digit is doubled. Slices and
    ``translate`` keep the loop in C: the importer checks every SIRET of a territory."""
    inverse = chiffres[::-1]
    return sum(map(int, inverse[0::2])) + sum(map(int, inverse[1::2].translate(_DOUBLES)))


def luhn_valide(chiffres: str) -> bool:
    """Digits only (ASCII) and a valid Luhn key."""
    return bool(chiffres) and chiffres.isascii() and chiffres.isdigit() and _somme_luhn(chiffres) % 10 == 0


def cle_luhn(debut: str) -> str:
    """The digit that makes ``debut + digit`` Luhn-valid (the appended digit is not doubled)."""
    return str(-_somme_luhn(debut + "0") % 10)


def siren_valide(siren: str) -> bool:
    return len(siren) == 9 and luhn_valide(siren)


def siret_valide(siret: str) -> bool:
    """14 digits with a valid Luhn key, or La Poste's digit-sum rule."""
    if len(siret) != 14 or not siret.isascii() or not siret.isdigit():
        return False
    if siret.startswith(SIREN_LA_POSTE):
        return sum(int(c) for c in siret) % 5 == 0
    return luhn_valide(siret)
