"""Who may see the Region's and the State's pages (walked by tests/test_acces.py).

Bruno (pilotage on the test territory) is also given the territory's region as a perimeter:
he alone may open the regional pages; the team of the territory may not (403).
"""

from tests.acces_outils import CONNECTES, TOUS, Attendu

BRUNO = frozenset({"bruno"})


def _region_de_bruno(territoire):
    from django.contrib.auth import get_user_model

    from territoire.pilotage.actions import accorder_perimetre
    from territoire.referentiel.models import Region

    region, _ = Region.objects.get_or_create(code="32", defaults={"nom": "Hauts-de-France"})
    territoire.region = region
    territoire.phase = "2023-2027"
    territoire.save(update_fields=["region", "phase"])
    accorder_perimetre(get_user_model().objects.get(username="bruno"), region, "Région Hauts-de-France")
    return {"perimetre": "hauts-de-france"}


def _comparer(territoire):
    from territoire.referentiel.models import Territoire

    arguments = _region_de_bruno(territoire)
    Territoire.objects.create(nom="Voisin (test)", slug="voisin", region=territoire.region, phase="2023-2027")
    return arguments


def _region_du_territoire(territoire):
    """The test territory in the Hauts-de-France, in the current phase: the open data's region."""
    from territoire.referentiel.models import Region

    region, _ = Region.objects.get_or_create(code="32", defaults={"nom": "Hauts-de-France"})
    territoire.region = region
    territoire.phase = "2023-2027"
    territoire.save(update_fields=["region", "phase"])
    return {"code": "32"}


def _phase_courante(territoire):
    _region_du_territoire(territoire)
    return {}


ATTENDUS = [
    Attendu("pilotage:accueil", voient=CONNECTES, arguments=lambda t: {}, contient="Pilotage régional et national"),
    Attendu("pilotage:perimetre", voient=BRUNO, arguments=_region_de_bruno, contient="Béthune-Bruay (test)"),
    Attendu("pilotage:carte", voient=BRUNO, arguments=_region_de_bruno, contient="FeatureCollection"),
    Attendu("pilotage:export_csv", voient=BRUNO, arguments=_region_de_bruno, contient="Béthune-Bruay (test)"),
    Attendu("pilotage:export_xlsx", voient=BRUNO, arguments=_region_de_bruno),
    Attendu("pilotage:comparer", voient=BRUNO, arguments=_comparer, contient="Voisin (test)"),
    Attendu("reperes:situation", voient=TOUS, contient="Où se situe"),
    Attendu("reperes:perimetres", voient=TOUS, contient="ses périmètres"),
    # The programme's open data (Licence Ouverte 2.0): public figures only, for everyone.
    Attendu("api:regions", voient=TOUS, arguments=_phase_courante, contient="Hauts-de-France"),
    Attendu("api:region", voient=TOUS, arguments=_region_du_territoire, contient="\"territoires_nombre\": 1"),
    Attendu("api:territoires_csv", voient=TOUS, arguments=_phase_courante, contient="Béthune-Bruay (test)"),
    Attendu("api:territoires_geojson", voient=TOUS, arguments=_phase_courante, contient="FeatureCollection"),
]
