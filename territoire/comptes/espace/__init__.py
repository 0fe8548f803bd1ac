"""Each role's workspace, where sign-in lands: tiles gathered from every app.

An app adds tiles to a role's workspace by naming, in its AppConfig,
`tuiles_espace = "module.fonction"`. The function takes (request, role) — `request.territoire`
is set, `role` is one of `equipe`, `pilotage`, `partenaire`, `entreprise` that the signed-in
person holds on that territory — and returns a list of `Tuile` (empty: nothing for this role).
A tile must read through the app's own `for_user()` doors and keep a constant number of SQL
queries whatever the size of the data (the workspace's tests assert it). See docs/comptes.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.apps import apps
from django.utils.module_loading import import_string

# The order in which a person holding several roles sees their sections.
ORDRE_ROLES = ("equipe", "pilotage", "partenaire", "entreprise")


@dataclass
class Tuile:
    """One block of a workspace: a title, a count, a partial template and its context.

    `gabarit` is rendered with `contexte` (plus `tuile`, `territoire`, `request`); `compte`
    is shown beside the title (None: no count); `lien` and `lien_libelle` lead to the full
    list; `aide` says in one sentence what the tile counts and why.
    """

    titre: str
    gabarit: str
    contexte: dict = field(default_factory=dict)
    ordre: int = 100
    compte: int | None = None
    lien: str = ""
    lien_libelle: str = ""
    aide: str = ""
    ancre: str = ""
    alerte: bool = False


def fonctions_tuiles() -> list:
    return [
        import_string(chemin)
        for config in apps.get_app_configs()
        if (chemin := getattr(config, "tuiles_espace", None))
    ]


def tuiles_pour(request, role: str) -> list[Tuile]:
    tuiles: list[Tuile] = []
    for fonction in fonctions_tuiles():
        tuiles += list(fonction(request, role) or [])
    return sorted(tuiles, key=lambda t: (t.ordre, t.titre))
