"""Innover: competence holders, innovation needs, projects, the industry-of-the-future diagnostic,
the Technopôle. One module per part; every model is importable from here."""

from .besoins import LONGUEUR_MAX_BESOIN, BesoinInnovation, EtiquetteBesoin, MiseEnRelation
from .detenteurs import (
    Competence,
    CompetenceDetenue,
    DetenteurCompetences,
    Equipement,
    ImportRecherche,
    Service,
    Synonyme,
    Tutelle,
    VersionIndex,
)
from .diagnostics import SCORE_MAX, SCORE_MIN, Diagnostic, Dimension, Questionnaire, Reponse
from .projets import (
    CofinancementProjet,
    JalonProjet,
    LigneBudgetProjet,
    ProjetInnovation,
    ResultatProjet,
)
from .technopole import Cellule, Hebergement

__all__ = [
    "LONGUEUR_MAX_BESOIN", "SCORE_MAX", "SCORE_MIN",
    "BesoinInnovation", "Cellule", "CofinancementProjet", "Competence", "CompetenceDetenue", "DetenteurCompetences",
    "Diagnostic", "Dimension", "Equipement", "EtiquetteBesoin", "Hebergement", "ImportRecherche", "JalonProjet",
    "LigneBudgetProjet", "MiseEnRelation", "ProjetInnovation", "Questionnaire", "Reponse", "ResultatProjet",
    "Service", "Synonyme", "Tutelle", "VersionIndex",
]
