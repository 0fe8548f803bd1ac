"""Links of the consultation in the main navigation (territoire/ui/navigation.py)."""

from territoire.ui.navigation import Entree

ENTREES = [
    Entree("plan", "Concertation des industriels", "concertation:accueil", ordre=80),
    Entree(
        "plan", "Mes contributions", "concertation:mes_contributions",
        roles=frozenset({"equipe", "pilotage", "partenaire", "entreprise"}), ordre=90,
    ),
]
