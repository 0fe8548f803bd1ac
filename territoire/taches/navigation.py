"""Links of the background jobs in the main navigation (territoire/ui/navigation.py)."""

from territoire.ui.navigation import Entree

ENTREES = [
    Entree("administration", "Importer un stock SIRENE", "taches:import_sirene", roles=frozenset({"equipe"}), ordre=11),
    Entree("administration", "Tâches de fond", "taches:liste", roles=frozenset({"equipe"}), ordre=12),
    Entree("plan", "Rapport au comité (document)", "taches:rapport", roles=frozenset({"equipe", "pilotage"}), ordre=90),
]
