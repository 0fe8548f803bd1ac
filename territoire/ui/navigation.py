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
from functools import cache, lru_cache
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.signals import setting_changed

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
    # Other path prefixes, from the territory's root, whose pages belong to this entry (a
    # fiche's page /<t>/programme/fiches/8/ belongs to "Fiches-actions", not to the dashboard
    # at /<t>/programme/): ("programme/fiches/",).
    aussi: tuple[str, ...] = ()

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


@dataclass(frozen=True)
class Lien:
    """An entry resolved for one request: its URL and whether it is the current place."""

    libelle: str
    url: str
    courant: bool


@dataclass(frozen=True)
class Groupe:
    """A domain of the main navigation, resolved for one request."""

    code: str
    libelle: str
    liens: tuple[Lien, ...]
    courant: bool

    @property
    def url(self) -> str:
        """Where the domain's own link leads: its first entry."""
        return self.liens[0].url


@dataclass(frozen=True)
class Navigation:
    """What the base layout draws: every domain, and the current domain's entries."""

    groupes: tuple[Groupe, ...]

    @property
    def domaine_courant(self) -> Groupe | None:
        return next((g for g in self.groupes if g.courant), None)


def url_de(entree: Entree, territoire) -> str:
    """The entry's URL on `territoire` (every entry's pattern takes the territory's slug)."""
    from django.urls import get_script_prefix

    return _url(entree.url_name, territoire.slug, get_script_prefix())


@lru_cache(maxsize=4096)
def _url(url_name: str, slug: str, prefixe: str) -> str:
    """reverse(), once per entry, territory and script prefix: every page draws the same
    navigation (about twenty links), whose URLs only change with the URLconf."""
    from django.urls import reverse

    return reverse(url_name, kwargs={"territoire": slug})


def _oublier_les_url(setting, **kwargs) -> None:
    if setting == "ROOT_URLCONF":
        _url.cache_clear()


setting_changed.connect(_oublier_les_url, dispatch_uid="ui-navigation-url")


def navigation_de(territoire, mes_roles, chemin: str, domaine: str = "") -> Navigation:
    """The navigation of one page at `chemin` for a person holding `mes_roles`.

    The current entry is the one whose URL is the longest prefix of the page's path (the
    territory's home page only marks itself); `domaine`, when a page gives it, marks the
    current domain even when no entry leads to the page itself.
    """
    racine = f"/{territoire.slug}/"
    resolus = []
    for code, libelle, entrees in navigation_pour(frozenset(mes_roles)):
        resolus.append((code, libelle, [(e.libelle, url_de(e, territoire), e.aussi) for e in entrees]))
    meilleur, longueur = "", 0
    for _code, _libelle, liens in resolus:
        for _texte, url, aussi in liens:
            for prefixe in (url, *(racine + a for a in aussi)):
                correspond = chemin == prefixe if prefixe == racine else chemin.startswith(prefixe)
                if correspond and len(prefixe) > longueur:
                    meilleur, longueur = url, len(prefixe)
    groupes = []
    for code, libelle, liens in resolus:
        resolus_liens = tuple(Lien(libelle=texte, url=u, courant=(u == meilleur)) for texte, u, _aussi in liens)
        courant = (code == domaine) if domaine else any(lien.courant for lien in resolus_liens)
        groupes.append(Groupe(code=code, libelle=libelle, liens=resolus_liens, courant=courant))
    return Navigation(groupes=tuple(groupes))


# The design system's own pages (this module is also the `ui` app's navigation module).
ENTREES = [
    Entree("administration", "Identité du territoire", "ui:identite", roles=frozenset({"equipe"}), ordre=80),
    Entree("administration", "Catalogue des composants", "ui:catalogue", roles=frozenset({"equipe"}), ordre=90),
]
