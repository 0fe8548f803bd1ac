"""Display of the programme's values: a missing value is shown as missing, never as 0."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import template

register = template.Library()

MANQUANT = "non renseigné"


def _groupes(entier: int) -> str:
    return f"{entier:,}".replace(",", "\u202f")


@register.filter
def euros(valeur) -> str:
    if valeur is None or valeur == "":
        return MANQUANT
    valeur = Decimal(str(valeur))
    texte = _groupes(int(valeur.quantize(Decimal(1))))
    return f"{texte}\u00a0€"


@register.filter
def pourcent(valeur) -> str:
    if valeur is None or valeur == "":
        return MANQUANT
    v = float(valeur)
    texte = f"{v:.0f}" if v.is_integer() else f"{v:.1f}".replace(".", ",")
    return f"{texte}\u00a0%"


@register.filter
def nombre(valeur) -> str:
    if valeur is None or valeur == "":
        return MANQUANT
    v = Decimal(str(valeur))
    if v == v.to_integral_value():
        return _groupes(int(v))
    entier, _, decimales = f"{v:.2f}".partition(".")
    return f"{_groupes(int(entier))},{decimales}"


@register.filter
def date_fr(valeur) -> str:
    """A date or an ISO date string (from a stored snapshot) as JJ/MM/AAAA."""
    if not valeur:
        return MANQUANT
    if isinstance(valeur, str):
        try:
            valeur = dt.date.fromisoformat(valeur[:10])
        except ValueError:
            return valeur
    return valeur.strftime("%d/%m/%Y")


@register.filter
def element(sequence, index: int):
    """sequence[index] in a template (the axis × status matrix)."""
    try:
        return sequence[index]
    except (IndexError, TypeError, KeyError):
        return ""
