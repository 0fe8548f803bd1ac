"""Writes of Innover, verb-named; views, forms, commands and the demo all call these."""

from .besoins import (
    Suggestion,
    besoin_depuis_demande,
    changer_statut_besoin,
    contient_du_html,
    corriger_competences,
    deposer_besoin,
    mettre_en_relation,
    noter_issue,
    suggerer_competences,
    texte_sans_html,
    verifier_texte,
)
from .detenteurs import (
    ajouter_competence,
    ajouter_equipement,
    ajouter_service,
    creer_detenteur,
    importer_structures,
)
from .diagnostics import enregistrer_diagnostic
from .projets import (
    ajouter_cofinancement,
    ajouter_jalon,
    ajouter_ligne_budget,
    ajouter_resultat,
    argent,
    changer_etape,
    creer_projet,
    marquer_jalon_atteint,
    supprimer_ligne_budget,
)
from .technopole import heberger, lier_local, noter_depart, ouvrir_cellule

__all__ = [
    "Suggestion", "ajouter_cofinancement", "ajouter_competence", "ajouter_equipement", "ajouter_jalon",
    "ajouter_ligne_budget", "ajouter_resultat", "ajouter_service", "argent", "besoin_depuis_demande", "changer_etape",
    "changer_statut_besoin", "contient_du_html", "corriger_competences", "creer_detenteur", "creer_projet",
    "deposer_besoin", "enregistrer_diagnostic", "heberger", "importer_structures", "lier_local", "marquer_jalon_atteint",
    "mettre_en_relation", "noter_depart", "noter_issue", "ouvrir_cellule", "suggerer_competences",
    "supprimer_ligne_budget", "texte_sans_html", "verifier_texte",
]
