from tests.acces_outils import TOUS, Attendu

ATTENDUS = [
    Attendu("racine", voient=TOUS, arguments=lambda t: {}),
    Attendu("portail:accueil", voient=TOUS, contient="Établissements industriels suivis"),
]
