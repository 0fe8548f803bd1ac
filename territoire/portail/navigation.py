"""Links of the public portal in the main navigation (territoire/ui/navigation.py)."""

from territoire.ui.navigation import Entree

ENTREES = [
    Entree("territoire", "Chiffres clés", "portail:accueil", ordre=10),
]
