"""Links of the desk in the main navigation (territoire/ui/navigation.py).

Moved from the old base.html by the interface's author; the desk's author owns this file.
"""

from territoire.ui.navigation import Entree

MEMBRES = frozenset({"equipe", "pilotage", "partenaire", "entreprise"})
INTERNES = frozenset({"equipe", "pilotage", "partenaire"})

ENTREES = [
    Entree("simplifier", "Entreprises : un besoin ?", "guichet:deposer", ordre=10, public_seulement=True),
    Entree("simplifier", "Demandes des entreprises", "guichet:demandes", roles=MEMBRES, ordre=10),
    Entree("simplifier", "Annuaire des partenaires", "guichet:annuaire", roles=INTERNES, ordre=20),
    Entree("simplifier", "Règles d'orientation", "guichet:regles", roles=INTERNES, ordre=22),
    Entree("simplifier", "Mesures du guichet", "guichet:mesures", roles=INTERNES, ordre=25),
    Entree("simplifier", "Catalogue des aides", "guichet:dispositifs", ordre=30),
]
