"""Links of the network in the main navigation (territoire/ui/navigation.py).

Moved from the old base.html by the interface's author; the network's author owns this file.
"""

from territoire.ui.navigation import Entree

INTERNES = frozenset({"equipe", "pilotage", "partenaire"})

ENTREES = [
    Entree("simplifier", "Organisations", "reseau:organisations", roles=INTERNES, ordre=40),
    Entree("simplifier", "Événements du réseau", "reseau:evenements", roles=INTERNES, ordre=50),
    Entree("simplifier", "Entreprises non rencontrées", "reseau:non_rencontrees", roles=INTERNES, ordre=60),
]
