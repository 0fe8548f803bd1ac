from tests.acces_outils import TOUS, Attendu

ATTENDUS = [
    Attendu("api:openapi-json", voient=TOUS, arguments=lambda t: {}, contient='"openapi"'),
    # Django Ninja's root URL answers 404 to everyone.
    Attendu("api:api-root", voient=frozenset(), arguments=lambda t: {}),
]
