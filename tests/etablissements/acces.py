"""Who may see the census's pages and API (walked by tests/test_acces.py)."""

from tests.acces_outils import EQUIPE, TOUS, Attendu


def _un_etablissement(territoire):
    from tests.etablissements.factories import etablissement

    commune = territoire.communes.get(code_insee="62729")
    e = etablissement(commune, denomination="Décolletage de Ruitz", zone=territoire.zones.first())
    return {"territoire": territoire.slug, "siret": e.siret}


def _un_import(territoire):
    from tests.etablissements.factories import changement, etablissement, import_sirene

    run = import_sirene(territoire)
    changement(run, etablissement(territoire.communes.get(code_insee="62729")))
    return {"territoire": territoire.slug, "pk": run.pk}


def _api_etablissement(territoire):
    arguments = _un_etablissement(territoire)
    return {"slug": arguments["territoire"], "siret": arguments["siret"]}


def _slug(territoire):
    return {"slug": territoire.slug}


ATTENDUS = [
    Attendu("etablissements:liste", voient=TOUS, contient="Annuaire des établissements"),
    Attendu("etablissements:export_csv", voient=TOUS),
    Attendu("etablissements:carte", voient=TOUS, contient="ZI de Ruitz"),
    Attendu("etablissements:detail", voient=TOUS, arguments=_un_etablissement, contient="Décolletage de Ruitz"),
    Attendu("etablissements:imports", voient=EQUIPE, contient="Imports SIRENE"),
    Attendu("etablissements:filieres", voient=EQUIPE, contient="Voir combien d'établissements changent"),
    Attendu("etablissements:import_detail", voient=EQUIPE, arguments=_un_import, contient="Changement de tranche"),
    # The census's API (territoire/etablissements/api.py): public, filtered by visibility.
    Attendu("api:territoires", voient=TOUS, arguments=lambda t: {}, contient="bethune-bruay"),
    Attendu("api:chiffres", voient=TOUS, arguments=_slug, contient="etablissements_industriels"),
    Attendu("api:etablissements", voient=TOUS, arguments=_slug, contient='"count"'),
    Attendu("api:etablissement", voient=TOUS, arguments=_api_etablissement, contient=r"D\u00e9colletage de Ruitz"),
    Attendu("api:communes_geojson", voient=TOUS, arguments=_slug, contient="Ruitz"),
    Attendu("api:zones_geojson", voient=TOUS, arguments=_slug, contient="ZI de Ruitz"),
    Attendu("api:etablissements_geojson", voient=TOUS, arguments=_slug, contient="FeatureCollection"),
]
