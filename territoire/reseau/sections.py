"""Extension point of a firm's page: other apps contribute sections to its story.

An app contributes by naming, in its AppConfig, `sections_organisation = "module.fonction"`.
The function takes (request, organisation) and returns a `Section` or None (nothing to show,
or not for this user). Sections must keep a constant number of queries. The desk adds the
requests; the programme and the consultation add their links the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.apps import apps
from django.utils.module_loading import import_string


@dataclass
class Section:
    titre: str
    gabarit: str
    contexte: dict = field(default_factory=dict)
    ordre: int = 100
    ancre: str = ""


def sections_de(request, organisation) -> list[Section]:
    sections = []
    for config in apps.get_app_configs():
        chemin = getattr(config, "sections_organisation", None)
        if chemin:
            section = import_string(chemin)(request, organisation)
            if section is not None:
                sections.append(section)
    return sorted(sections, key=lambda s: (s.ordre, s.titre))
