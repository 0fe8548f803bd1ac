"""Who may open the reference-data pages: the activity zones are the team's."""

from tests.acces_outils import EQUIPE, Attendu

ATTENDUS = [
    Attendu("referentiel:zones", voient=EQUIPE, contient="ZI de Ruitz"),
]
