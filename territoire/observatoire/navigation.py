"""Links of the observatory in the main navigation (territoire/ui/navigation.py)."""

from territoire.ui.navigation import Entree

EQUIPE = frozenset({"equipe"})
EQUIPE_PILOTAGE = frozenset({"equipe", "pilotage"})

ENTREES = [
    Entree("territoire", "Observatoire de l'industrie", "observatoire:accueil", ordre=40),
    Entree("territoire", "Actualité industrielle", "observatoire:actualite", ordre=45),
    Entree("territoire", "Veille des entreprises", "observatoire:veille", roles=EQUIPE, ordre=50),
    Entree("territoire", "Plan de visites", "observatoire:plan", roles=EQUIPE, ordre=55),
    Entree("territoire", "Suites des visites", "observatoire:suites", roles=EQUIPE, ordre=56),
    Entree("territoire", "Bilan annuel", "observatoire:bilan", roles=EQUIPE_PILOTAGE, ordre=60),
    Entree("administration", "Imports de l'observatoire", "observatoire:imports", roles=EQUIPE, ordre=20),
]
