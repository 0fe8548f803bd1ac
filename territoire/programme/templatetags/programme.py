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


@register.filter
def nom_du_plan(programme) -> str:
    """"Plan d'action 2019-2022" whether the phase's name already says "Plan d'action" or not
    (never "Plan d'action Plan d'action 2019-2022")."""
    if programme is None:
        return "Plan d'action"
    nom = str(programme.nom).strip()
    if nom.lower().replace("’", "'").startswith("plan d'action"):
        return nom
    return f"Plan d'action {nom}"


@register.simple_tag
def avancements_publics(programme) -> dict:
    """Progress of the phase's published fiches as the public sees them (one query): a leaf's
    published progress, a parent's derived from its published sub-fiches the same way the team's
    is derived from all of them. Never "non renseigné" for a parent the team sees at 100 %
    when its sub-fiches are published."""
    from territoire.programme import derive
    from territoire.programme.models import FicheAction

    if programme is None:
        return {}
    lignes = FicheAction.objects.filter(programme=programme, publie=True).values_list(
        "id", "parent_id", "version_publiee", "poids", "methode_avancement"
    )
    ids = set()
    brutes = []
    for pk, parent, version, poids, methode in lignes:
        ids.add(pk)
        brutes.append((pk, parent, (version or {}).get("avancement"), poids, methode))
    noeuds = [derive.Noeud(pk, parent if parent in ids else None, av, poids, methode) for pk, parent, av, poids, methode in brutes]
    return derive.calculer_avancements(noeuds)


@register.filter
def avancement_de(avancements: dict, pk):
    return avancements.get(pk)
