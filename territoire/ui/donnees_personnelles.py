"""The register of personal data (the footer's "Données personnelles" page).

Each app that holds personal data declares its processing in an optional module
`territoire/<app>/donnees_personnelles.py` holding `TRAITEMENTS`, a list of `Traitement`; the
page gathers them in app order. Shape of an entry (docs/interface.md):

    from territoire.ui.donnees_personnelles import Traitement

    TRAITEMENTS = [
        Traitement(
            nom="Contacts des entreprises",
            personnes="Salariés et dirigeants des entreprises suivies",
            donnees="Nom, prénom, fonction, courriel, téléphone",
            finalite="Suivre la relation avec les entreprises du territoire",
            base_legale="mission_publique",
            conservation="3 ans après le dernier échange",
            destinataires="L'équipe du territoire ; les partenaires pour les demandes qui leur sont orientées",
            source="Saisie par l'équipe, ou par la personne elle-même",
        ),
    ]

`base_legale` is one of BASES_LEGALES (article 6 of the GDPR); the page shows its words.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps

BASES_LEGALES = {
    "consentement": "Consentement de la personne (RGPD, art. 6.1.a)",
    "contrat": "Exécution d'un contrat ou de mesures précontractuelles (art. 6.1.b)",
    "obligation_legale": "Obligation légale (art. 6.1.c)",
    "interets_vitaux": "Sauvegarde des intérêts vitaux (art. 6.1.d)",
    "mission_publique": "Mission d'intérêt public (art. 6.1.e) : le développement économique du territoire",
    "interet_legitime": "Intérêt légitime (art. 6.1.f)",
}


@dataclass(frozen=True)
class Traitement:
    nom: str
    personnes: str
    donnees: str
    finalite: str
    base_legale: str
    conservation: str
    destinataires: str
    source: str = ""
    application: str = ""

    def __post_init__(self):
        if self.base_legale not in BASES_LEGALES:
            raise ValueError(
                f"Traitement « {self.nom} » : base légale « {self.base_legale} » inconnue "
                f"({', '.join(BASES_LEGALES)})."
            )

    @property
    def libelle_base_legale(self) -> str:
        return BASES_LEGALES[self.base_legale]


@cache
def registre() -> tuple[Traitement, ...]:
    """Every app's declared processing (read once per process), in INSTALLED_APPS order."""
    traitements: list[Traitement] = []
    for config in apps.get_app_configs():
        module = f"{config.name}.donnees_personnelles"
        if config.name.startswith("territoire.") and config.name != "territoire.ui" and find_spec(module):
            for t in getattr(import_module(module), "TRAITEMENTS", []):
                if not isinstance(t, Traitement):
                    raise TypeError(f"{module}.TRAITEMENTS : {t!r} n'est pas un Traitement.")
                traitements.append(t if t.application else Traitement(**{**t.__dict__, "application": str(config.verbose_name)}))
    return tuple(traitements)
