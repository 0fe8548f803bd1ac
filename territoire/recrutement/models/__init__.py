"""Recruter: trainings (LHEO), recruitment needs, job offers, references and the Campus."""

from .besoins import BesoinRecrutement, OffreEmploi, PreferencePotentiel
from .campus import ActionCampus, Campus, MembreCampus
from .formations import (
    ActionFormation,
    Formation,
    FormationRome,
    ImportRecrutement,
    RegleClassement,
    SessionFormation,
)
from .references import CertificationOnisep, EmbaucheRomeNaf, MetierRome

__all__ = [
    "ActionCampus", "ActionFormation", "BesoinRecrutement", "Campus", "CertificationOnisep",
    "EmbaucheRomeNaf", "Formation", "FormationRome", "ImportRecrutement", "MembreCampus",
    "MetierRome", "OffreEmploi", "PreferencePotentiel", "RegleClassement", "SessionFormation",
]
