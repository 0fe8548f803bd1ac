"""Links of Attirer in the main navigation (territoire/ui/navigation.py)."""

from territoire.ui.navigation import Entree

INTERNES = frozenset({"equipe", "pilotage", "partenaire"})

ENTREES = [
    Entree("attirer", "S'implanter", "attractivite:implanter", ordre=10),
    Entree("attirer", "Espace Attirer", "attractivite:espace", roles=INTERNES, ordre=20),
    Entree("attirer", "Sites économiques", "attractivite:sites", roles=INTERNES, ordre=30),
    Entree("attirer", "Inventaire légal", "attractivite:inventaires", roles=frozenset({"equipe", "pilotage"}), ordre=40),
    Entree("attirer", "Locaux", "attractivite:locaux", roles=INTERNES, ordre=50),
    Entree("attirer", "Friches", "attractivite:friches", ordre=60),
    Entree("attirer", "Projets d'implantation", "attractivite:prospects", roles=INTERNES, ordre=70),
    Entree("attirer", "Importer l'inventaire", "attractivite:import", roles=frozenset({"equipe"}), ordre=80),
]
