"""Links of the census in the main navigation (territoire/ui/navigation.py)."""

from territoire.ui.navigation import Entree

ENTREES = [
    Entree("territoire", "Annuaire des établissements", "etablissements:liste", ordre=20),
    Entree("territoire", "Carte de l'industrie", "etablissements:carte", ordre=30),
    Entree("administration", "Imports SIRENE", "etablissements:imports", roles=frozenset({"equipe"}), ordre=10),
]
