from tests.acces_outils import TOUS, Attendu

ATTENDUS = [
    Attendu("comptes:connexion", voient=TOUS, arguments=lambda t: {}),
    Attendu("comptes:deconnexion", voient=frozenset(), arguments=lambda t: {}, methode_get=False),
]
