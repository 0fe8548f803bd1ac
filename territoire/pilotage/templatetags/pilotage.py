"""Filters of the Region's pages: a figure by its key, a share, a signed change."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

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


_MANQUANT = '<span class="manquant">{}</span>'
_PARTS = {"part_emplois_industriels", "part_centre_exterieur", "prise_en_charge_5_jours"}


@register.simple_tag
def cellule(ligne, cle: str):
    """One figure of a territory in a table (``ligne``: an indicateurs.Ligne, ``cle``: the
    figure's key), as HTML. A tag rather than an included template: the national page has 183
    rows of 12 figures, and one include per cell was most of the page's time."""
    v = ligne.valeurs if isinstance(getattr(ligne, "valeurs", None), dict) else {}
    x = v.get(cle)
    if cle == "avancement_plan":
        if not x:
            return format_html(_MANQUANT, "aucun plan")
        return mark_safe("<br>".join(  # noqa: S308 - every part built by format_html
            format_html("{} : {}", a["axe"], format_html(_MANQUANT, "non connu") if a["avancement"] is None
                        else format_html("{}&nbsp;%", a["avancement"]))
            for a in x
        ))
    if cle == "filiere_dominante":
        if not x:
            return format_html(_MANQUANT, "non disponible")
        return format_html('{} <span class="aide">({} des emplois industriels)</span>', x,
                           pourcentage(v.get("part_filiere_dominante")))
    if x is None:
        return format_html(_MANQUANT, "non disponible")
    if cle == "emplois_industriels":
        millesime = format_html(" · tranches {}", v["millesime"]) if v.get("millesime") else ""
        return format_html('{}<br><span class="aide">{} à {}{}</span>', nombre(x), nombre(v.get("emplois_bas")),
                           nombre(v.get("emplois_haut")), millesime)
    if cle in _PARTS:
        return format_html("{}", pourcentage(x))
    if cle == "evolution_un_an":
        return format_html("{}", signe(x))
    if cle == "evolution_depuis_2019":
        return format_html('{}<br><span class="aide">depuis {}</span>', signe(x), v.get("evolution_depart"))
    return format_html("{}", nombre(x))
