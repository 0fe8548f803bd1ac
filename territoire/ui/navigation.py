"""The main navigation, grouped by the programme's domains, gathered from every app.

An app adds its entries by defining `ENTREES` (a list of `Entree`) in its own
`navigation.py` module; nobody edits a shared template to add a link. The header shows
the domains in `DOMAINES` order, each with the entries the signed-in person may open:
a link that a role may not follow is never shown to it.

    # territoire/recrutement/navigation.py
    from territoire.ui.navigation import Entree

    ENTREES = [
        Entree("recruter", "Formations", "recrutement:formations", ordre=10),
        Entree("recruter", "Besoins des entreprises", "recrutement:besoins",
               roles=frozenset({"equipe", "pilotage"}), ordre=20),
    ]

`roles` is None for a page everyone may open (the public included), or the set of roles
(`equipe`, `pilotage`, `partenaire`, `entreprise`) that may open it. `public_seulement`
marks an entry shown only to people without a role on the territory (the public desk
form, for instance, which members reach from their workspace instead).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps

# The programme's domains, in the order the header shows them (code, label).
DOMAINES: tuple[tuple[str, str], ...] = (
    ("territoire", "Le territoire"),
    ("plan", "Plan d'action"),
    ("recruter", "Recruter"),
    ("innover", "Innover"),
    ("attirer", "Attirer"),
    ("simplifier", "Simplifier"),
    ("administration", "Administration"),
)
CODES_DOMAINES = frozenset(code for code, _ in DOMAINES)


@dataclass(frozen=True)
class Entree:
    """One link of the main navigation."""

    domaine: str
    libelle: str
    url_name: str
    roles: frozenset[str] | None = None
    ordre: int = 50
    public_seulement: bool = False

    def __post_init__(self):
        if self.domaine not in CODES_DOMAINES:
            raise ValueError(f"Entrée de navigation « {self.libelle} » : domaine inconnu « {self.domaine} ».")

    def visible_pour(self, mes_roles: frozenset[str] | set[str]) -> bool:
        if self.public_seulement and mes_roles:
            return False
        return self.roles is None or bool(self.roles & set(mes_roles))


@cache
def toutes_les_entrees() -> tuple[Entree, ...]:
    """Every app's entries (read once per process), in domain then `ordre` order."""
    entrees: list[Entree] = []
    for config in apps.get_app_configs():
        if config.name.startswith("territoire.") and find_spec(f"{config.name}.navigation"):
            entrees += getattr(import_module(f"{config.name}.navigation"), "ENTREES", [])
    rang = {code: i for i, (code, _) in enumerate(DOMAINES)}
    return tuple(sorted(entrees, key=lambda e: (rang[e.domaine], e.ordre, e.libelle)))


def navigation_pour(mes_roles: frozenset[str] | set[str]) -> list[tuple[str, str, list[Entree]]]:
    """The domains (code, label, entries) that hold at least one entry `mes_roles` may open."""
    groupes = []
    for code, libelle in DOMAINES:
        entrees = [e for e in toutes_les_entrees() if e.domaine == code and e.visible_pour(mes_roles)]
        if entrees:
            groupes.append((code, libelle, entrees))
    return groupes
