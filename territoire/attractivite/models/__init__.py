"""Attirer: economic sites in the CNIG standard, premises, brownfields, investor pipeline."""

from .friches import CofinancementFriche, Friche, LigneBudgetFriche, PhaseRequalification, TypePhase
from .inventaires import Inventaire
from .locaux import Local, PhotoLocal
from .prospects import Etape, Proposition, Prospect, TransitionProspect
from .sites import EtablissementEconomique, PoleEconomique, SiteEconomique, TerrainEconomique

__all__ = [
    "CofinancementFriche", "EtablissementEconomique", "Etape", "Friche", "Inventaire", "LigneBudgetFriche",
    "Local", "PhaseRequalification", "PhotoLocal", "PoleEconomique", "Proposition", "Prospect",
    "SiteEconomique", "TerrainEconomique", "TransitionProspect", "TypePhase",
]
