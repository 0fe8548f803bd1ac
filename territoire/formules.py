"""Formula injection in exported spreadsheets: the one rule for every CSV, XLSX and GeoJSON export.

A spreadsheet runs a cell as a formula when its text starts with ``=``, ``+``, ``-`` or ``@``
(and their full-width forms ``＝ ＋ － ＠``, which some spreadsheets normalise), or with a tab,
carriage return or line feed followed by one (CSV injection). Such a text gets a leading
apostrophe, which spreadsheets show as text and hide. Leading spaces do not save a text: "  =1+1"
is neutralised too. Numbers, dates and other non-text values pass unchanged (they are never
formulas). Importers that read back an export use `retirer_neutralisation` (issue 11 §8: one
function, the strictest of the three the platform had).
"""

from __future__ import annotations

DEBUTS_DE_FORMULE = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
# Characters a spreadsheet skips before looking at the first one.
_BLANCS = " \u00a0\u3000"


def est_une_formule(texte: str) -> bool:
    return texte.startswith(DEBUTS_DE_FORMULE) or texte.lstrip(_BLANCS).startswith(DEBUTS_DE_FORMULE)


def neutraliser(valeur):
    """The value, safe in a spreadsheet cell: a text a spreadsheet would run as a formula gets a
    leading apostrophe; anything else is returned as it is."""
    if isinstance(valeur, str) and est_une_formule(valeur):
        return "'" + valeur
    return valeur


def retirer_neutralisation(texte: str) -> str:
    """The text before `neutraliser` (a spreadsheet of ours read back by an importer)."""
    if texte.startswith("'") and est_une_formule(texte[1:]):
        return texte[1:]
    return texte
