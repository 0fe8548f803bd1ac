"""Links to the team's reference-data pages in the main navigation (territoire/ui/navigation.py):
the activity zones (referentiel) and the filière mappings (whose page lives in the census app,
etablissements/vues_filieres.py; its writes in etablissements/actions.py)."""

from territoire.ui.navigation import Entree

EQUIPE = frozenset({"equipe"})

ENTREES = [
    Entree("administration", "Zones d'activité", "referentiel:zones", roles=EQUIPE, ordre=20),
    Entree("administration", "Filières et services à l'industrie", "etablissements:filieres", roles=EQUIPE, ordre=30),
]
