from tests.acces_outils import TOUS, Attendu

ATTENDUS = [
    Attendu("etablissements:liste", voient=TOUS),
    # The detail page of a real establishment is walked in tests/etablissements/ with factories.
    Attendu(
        "etablissements:detail", voient=frozenset(),
        arguments=lambda t: {"territoire": t.slug, "siret": "00000000000000"},
    ),
]
