"""Links of the action plan in the main navigation (territoire/ui/navigation.py)."""

from territoire.ui.navigation import Entree

EQUIPE_PILOTAGE = frozenset({"equipe", "pilotage"})
MEMBRES = frozenset({"equipe", "pilotage", "partenaire", "entreprise"})

ENTREES = [
    Entree("plan", "Tableau de bord", "programme:tableau", roles=EQUIPE_PILOTAGE, ordre=10),
    Entree("plan", "Fiches-actions", "programme:plan", ordre=20, aussi=("programme/fiches/",)),
    Entree("plan", "Mes fiches", "programme:mes_fiches", roles=MEMBRES, ordre=30),
    Entree("plan", "Indicateurs", "programme:indicateurs", roles=EQUIPE_PILOTAGE, ordre=40),
    Entree("plan", "Instances et séances", "programme:instances", roles=EQUIPE_PILOTAGE, ordre=50,
           aussi=("programme/seances/",)),
    Entree("plan", "Rapport au comité", "programme:rapport_comite", roles=EQUIPE_PILOTAGE, ordre=60),
    Entree("plan", "Reporting national", "programme:reporting", roles=EQUIPE_PILOTAGE, ordre=70),
    Entree("administration", "Import du plan d'action", "programme:plan_import", roles=frozenset({"equipe"}), ordre=20),
]
