"""Links of the accounts app in the main navigation (territoire/ui/navigation.py)."""

from territoire.ui.navigation import Entree

ENTREES = [
    Entree("administration", "Comptes et invitations", "comptes:gestion", roles=frozenset({"equipe"}), ordre=10),
]
