from tests.acces_outils import TOUS, Attendu

ATTENDUS = [
    Attendu("racine", voient=TOUS, arguments=lambda t: {}),
    Attendu("portail:accueil", voient=TOUS, contient="Établissements industriels suivis"),
    Attendu("portail:mentions_legales", voient=TOUS, contient="Directeur ou directrice de la publication"),
    Attendu("portail:accessibilite", voient=TOUS, contient="État de conformité"),
    Attendu("portail:donnees_personnelles", voient=TOUS, contient="Registre des traitements"),
    Attendu("portail:plan_du_site", voient=TOUS, contient="Plan du site"),
]
