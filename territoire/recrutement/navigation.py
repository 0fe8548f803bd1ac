"""Links of Recruter in the main navigation (territoire/ui/navigation.py)."""

from territoire.ui.navigation import Entree

ENTREES = [
    Entree("recruter", "Se former et travailler", "recrutement:accueil", ordre=10),
    Entree("recruter", "Formations", "recrutement:formations", ordre=20),
    Entree("recruter", "Offres d'emploi", "recrutement:offres", ordre=30),
    Entree("recruter", "Besoins des entreprises", "recrutement:besoins",
           roles=frozenset({"equipe", "pilotage", "entreprise"}), ordre=40),
    Entree("recruter", "Besoins et formations", "recrutement:appariement", roles=frozenset({"equipe", "pilotage"}), ordre=50),
    Entree("recruter", "Écarts", "recrutement:ecart", roles=frozenset({"equipe", "pilotage"}), ordre=60),
    Entree("recruter", "Imports formations et offres", "recrutement:import", roles=frozenset({"equipe"}), ordre=70),
    Entree("recruter", "Classement industriel", "recrutement:classement", roles=frozenset({"equipe"}), ordre=80),
]
