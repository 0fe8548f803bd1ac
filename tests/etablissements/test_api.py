"""The census's JSON API: same visibility as the pages, pagination, filters, GeoJSON, OpenAPI."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.etablissements import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def recensement(territoire):
    return f.petit_recensement(territoire)


def _get(client, chemin, **params):
    return client.get(f"/api/v1/{chemin}", params)


def _json(reponse):
    assert reponse.status_code == 200, reponse.content
    return json.loads(reponse.content)


def test_le_document_openapi_decrit_les_points_d_acces_du_recensement(client):
    doc = _json(client.get("/api/v1/openapi.json"))
    chemins = doc["paths"]
    for chemin in [
        "/api/v1/territoires",
        "/api/v1/territoires/{slug}/chiffres",
        "/api/v1/territoires/{slug}/etablissements",
        "/api/v1/territoires/{slug}/etablissements/{siret}",
        "/api/v1/territoires/{slug}/communes.geojson",
        "/api/v1/territoires/{slug}/zones.geojson",
        "/api/v1/territoires/{slug}/etablissements.geojson",
    ]:
        assert "get" in chemins[chemin], chemin
    parametres = {p["name"] for p in chemins["/api/v1/territoires/{slug}/etablissements"]["get"]["parameters"]}
    assert {"q", "filiere", "zone", "commune", "tranche_min", "etat", "industriels", "tri", "page", "taille"} <= parametres
    assert "PageEtablissements" in json.dumps(doc["components"])


def test_la_liste_des_territoires(client, territoire):
    (t,) = _json(_get(client, "territoires"))
    assert t["slug"] == "bethune-bruay" and t["url"] == "/bethune-bruay/"


def test_les_chiffres_cles_sont_ceux_de_la_commande(client, territoire, recensement):
    from territoire.observatoire.chiffres import chiffres_cles

    donnees = _json(_get(client, "territoires/bethune-bruay/chiffres"))
    attendu = json.loads(json.dumps(chiffres_cles(territoire)))
    assert donnees == attendu
    assert donnees["etablissements_industriels"] == 3  # décolletage, plasturgie, non diffusible


def test_un_territoire_inconnu_repond_404(client, territoire):
    assert _get(client, "territoires/inconnu/etablissements").status_code == 404
    assert _get(client, "territoires/inconnu/zones.geojson").status_code == 404


def test_le_public_ne_recoit_ni_non_diffusible_ni_nom_personnel(client, territoire, recensement):
    donnees = _json(_get(client, "territoires/bethune-bruay/etablissements", etat="tous", taille=200))
    sirets = {e["siret"] for e in donnees["results"]}
    assert recensement["cache"].siret not in sirets
    assert recensement["artisan"].siret in sirets
    brut = json.dumps(donnees)
    assert "DUPONTEL" not in brut and "Josiane" not in brut and "Forges" not in brut
    (artisan,) = [e for e in donnees["results"] if e["siret"] == recensement["artisan"].siret]
    assert artisan["adresse"] is None and artisan["latitude"] is None
    assert _get(client, f"territoires/bethune-bruay/etablissements/{recensement['cache'].siret}").status_code == 404


def test_un_membre_d_un_autre_territoire_recoit_ce_que_recoit_le_public(client, territoire, recensement, eve):
    public = _json(_get(client, "territoires/bethune-bruay/etablissements", etat="tous"))
    client.force_login(eve)
    assert _json(_get(client, "territoires/bethune-bruay/etablissements", etat="tous")) == public
    assert _get(client, f"territoires/bethune-bruay/etablissements/{recensement['cache'].siret}").status_code == 404


def test_l_equipe_recoit_les_non_diffusibles_par_sa_session(client, territoire, recensement, alice):
    client.force_login(alice)
    donnees = _json(_get(client, "territoires/bethune-bruay/etablissements", etat="tous"))
    assert recensement["cache"].siret in {e["siret"] for e in donnees["results"]}
    fiche = _json(_get(client, f"territoires/bethune-bruay/etablissements/{recensement['artisan'].siret}"))
    assert fiche["nom"] == "Josiane DUPONTEL"


def test_pagination_avec_suivant_et_precedent(client, territoire):
    commune = territoire.communes.get(code_insee="62729")
    unite = f.unite_legale(denomination="Chaîne")
    for _ in range(7):
        f.etablissement(commune, unite=unite)
    page1 = _json(_get(client, "territoires/bethune-bruay/etablissements", taille=3, commune="62729"))
    assert page1["count"] == 7 and len(page1["results"]) == 3 and page1["previous"] is None
    assert "page=2" in page1["next"] and "commune=62729" in page1["next"]
    page3 = _json(client.get(page1["next"].replace("page=2", "page=3")))
    assert len(page3["results"]) == 1 and page3["next"] is None and "page=2" in page3["previous"]
    tous = {e["siret"] for p in (1, 2, 3) for e in _json(
        _get(client, "territoires/bethune-bruay/etablissements", taille=3, page=p))["results"]}
    assert len(tous) == 7


@pytest.mark.parametrize(
    "params, message",
    [
        ({"taille": 201}, "taille"),
        ({"taille": 0}, "taille"),
        ({"page": 0}, "page"),
        ({"tranche_min": "zz"}, "Taille minimale"),
        ({"zone": "<script>"}, "Zone d'activité"),
        ({"etat": "F"}, "État"),
    ],
)
def test_un_parametre_invalide_donne_400_avec_un_message(client, territoire, params, message):
    reponse = _get(client, "territoires/bethune-bruay/etablissements", **params)
    assert reponse.status_code == 400
    assert message in json.loads(reponse.content)["detail"]


def test_les_filtres_de_l_api_sont_ceux_de_l_annuaire(client, territoire, recensement):
    def sirets(**params):
        return {e["siret"] for e in _json(_get(client, "territoires/bethune-bruay/etablissements", **params))["results"]}

    assert sirets(q="2562A") == {recensement["decolletage"].siret}
    assert sirets(zone="zi-de-ruitz") == {recensement["decolletage"].siret}
    assert sirets(filiere="plasturgie") == {recensement["plasturgie"].siret}
    assert sirets(etat="fermes") == {recensement["ferme"].siret}
    assert sirets(industriels=True, tranche_min="12") == {recensement["decolletage"].siret, recensement["plasturgie"].siret}


def test_le_detail_donne_l_historique_des_changements(client, territoire, recensement):
    run = f.import_sirene(territoire)
    f.changement(run, recensement["decolletage"], "tranche", avant="21", apres="22")
    fiche = _json(_get(client, f"territoires/bethune-bruay/etablissements/{recensement['decolletage'].siret}"))
    assert fiche["libelle_naf"] == "Décolletage"
    assert fiche["changements"][0]["type"] == "tranche" and fiche["changements"][0]["apres"] == "22"


def test_les_couches_geojson_des_communes_et_des_zones(client, territoire):
    communes = _get(client, "territoires/bethune-bruay/communes.geojson")
    assert communes["Content-Type"].startswith("application/geo+json")
    donnees = _json(communes)
    assert {c["properties"]["nom"] for c in donnees["features"]} == {"Ruitz", "Béthune"}
    assert donnees["features"][0]["geometry"]["type"] == "Polygon"
    zones = _json(_get(client, "territoires/bethune-bruay/zones.geojson"))
    (zone,) = zones["features"]
    assert zone["properties"]["nom"] == "ZI de Ruitz" and zone["properties"]["surface_ha"] == 80


@pytest.mark.parametrize("persona", ["public", "alice", "eve"])
def test_un_non_diffusible_n_est_jamais_un_point_de_la_carte(client, territoire, recensement, personas, persona):
    cache = recensement["cache"]
    # Even with coordinates (they should not have any), a P establishment is never drawn.
    cache.latitude, cache.longitude = 50.53, 2.64
    cache.save()
    if personas[persona]:
        client.force_login(personas[persona])
    for params in ({}, {"tous": "true"}):
        points = _json(_get(client, "territoires/bethune-bruay/etablissements.geojson", **params))
        sirets = {p["properties"]["siret"] for p in points["features"]}
        assert cache.siret not in sirets
        assert "Forges" not in json.dumps(points)


def test_les_points_par_defaut_sont_les_industriels_suivis(client, territoire, recensement):
    suivis = _json(_get(client, "territoires/bethune-bruay/etablissements.geojson"))
    assert {p["properties"]["siret"] for p in suivis["features"]} == {
        recensement["decolletage"].siret, recensement["plasturgie"].siret,
    }
    tous = _json(_get(client, "territoires/bethune-bruay/etablissements.geojson", tous="true"))
    sirets = {p["properties"]["siret"] for p in tous["features"]}
    assert recensement["logiciel"].siret in sirets
    assert recensement["ferme"].siret not in sirets
    assert recensement["artisan"].siret not in sirets, "le domicile d'un entrepreneur individuel n'est pas publié"


def test_le_nombre_de_requetes_de_l_api_ne_croit_pas(client, territoire):
    commune = territoire.communes.get(code_insee="62729")

    def compter(chemin):
        with CaptureQueriesContext(connection) as requetes:
            _json(_get(client, chemin, tous="true") if "geojson" in chemin else _get(client, chemin))
        return len(requetes)

    chemins = ["territoires/bethune-bruay/etablissements", "territoires/bethune-bruay/etablissements.geojson"]
    for _ in range(3):
        f.etablissement(commune)
    avant = [compter(c) for c in chemins]
    for _ in range(30):
        f.etablissement(commune)
    assert [compter(c) for c in chemins] == avant
