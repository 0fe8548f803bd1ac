"""Filters of the Region's pages: a figure by its key, a share, a signed change."""

from __future__ import annotations

from django import template

from territoire.ui.templatetags.ui import nombre

register = template.Library()


@register.filter
def valeur(valeurs: dict, cle: str):
    return valeurs.get(cle) if isinstance(valeurs, dict) else None


@register.filter
def pourcentage(ratio, decimales=1):
    """0.123 → « 12,3 % »; None stays None."""
    if ratio is None or ratio == "":
        return None
    return f"{nombre(float(ratio) * 100, decimales)}\u00a0%"


@register.filter
def signe(valeur_, decimales=0):
    """+120, −45 (true minus sign), 0."""
    if valeur_ is None or valeur_ == "":
        return None
    texte = nombre(abs(valeur_), decimales)
    return f"+{texte}" if valeur_ > 0 else f"\u2212{texte}" if valeur_ < 0 else texte
