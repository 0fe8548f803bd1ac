"""Innover's entries in the main navigation (see territoire/ui/navigation.py)."""

from territoire.ui.navigation import Entree

MEMBRES = frozenset({"equipe", "pilotage", "partenaire", "entreprise"})

ENTREES = [
    Entree("innover", "Innover avec le territoire", "innovation:accueil", ordre=10),
    Entree("innover", "Besoins d'innovation", "innovation:besoins", roles=MEMBRES, ordre=20),
    Entree("innover", "Projets d'innovation", "innovation:projets", roles=MEMBRES, ordre=30),
    Entree("innover", "Diagnostics industrie du futur", "innovation:diagnostics",
           roles=frozenset({"equipe", "pilotage", "entreprise"}), ordre=40),
    Entree("innover", "Technopôle", "innovation:technopole", roles=frozenset({"equipe", "pilotage", "partenaire"}), ordre=50),
]
