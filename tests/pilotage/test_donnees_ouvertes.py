"""Open data of the programme, the key figures of every territory, where a territory stands."""

from __future__ import annotations

import csv
import io
import json
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse

from territoire.comptes.models import Adhesion
from territoire.programme.models import Programme
from territoire.referentiel.models import Region, Territoire
from tests.pilotage.test_vue_regionale import _territoire

pytestmark = pytest.mark.django_db


@pytest.fixture
def regions(db):
    hdf = Region.objects.get_or_create(code="32", defaults={"nom": "Hauts-de-France"})[0]
    ge = Region.objects.get_or_create(code="44", defaults={"nom": "Grand Est"})[0]
    a = _territoire("Alpha", hdf, "ti-3201", communes=2, etablissements=3)
    b = _territoire("Beta", hdf, "ti-3202", communes=1, etablissements=1)
    g = _territoire("Gamma", ge, "ti-4401", communes=1, etablissements=2)
    return hdf, ge, a, b, g


def test_api_territoires_liste_chaque_territoire_avec_ses_chiffres(client, regions):
    donnees = client.get("/api/v1/territoires").json()
    par_slug = {t["slug"]: t for t in donnees}
    assert set(par_slug) == {"alpha", "beta", "gamma"}
    alpha = par_slug["alpha"]
    assert alpha["phase"] == "2023-2027" and alpha["region"] == "32"
    assert alpha["chiffres"]["etablissements_industriels"] == 3 and alpha["chiffres"]["communes"] == 2
    assert alpha["chiffres"]["emplois_industriels"] == {"bas": 150, "central": 224, "haut": 297, "millesime": "2023"}
    # Steering-only figures never go out.
    assert "avancement_plan" not in json.dumps(donnees) and "prise_en_charge_5_jours" not in json.dumps(donnees)


def test_l_objet_region_porte_les_agregats_de_ses_territoires(client, regions):
    objet = client.get("/api/v1/regions/32").json()["region"]
    assert objet["nom"] == "Hauts-de-France" and objet["territoires_nombre"] == 2
    assert objet["etablissements_industriels"] == 4 and objet["population"] == 30_000
    assert [t["slug"] for t in objet["territoires"]] == ["alpha", "beta"]
    assert objet["licence"].startswith("Licence Ouverte 2.0")
    reponse = client.get("/api/v1/regions/99")
    assert reponse.status_code == 404 and "Région « 99 » inconnue" in reponse.json()["detail"]
    assert [r["code"] for r in client.get("/api/v1/regions").json()] == ["32", "44"]


def test_csv_et_geojson_nationaux_sous_licence_ouverte_avec_sources(client, regions):
    reponse = client.get("/api/v1/territoires.csv")
    lignes = list(csv.DictReader(io.StringIO(reponse.content.decode("utf-8-sig")), delimiter=";"))
    assert len(lignes) == 3 and {ligne["licence"] for ligne in lignes} == {"Licence Ouverte 2.0 (Etalab)"}
    alpha = next(ligne for ligne in lignes if ligne["slug"] == "alpha")
    assert alpha["etablissements_industriels"] == "3" and alpha["emplois_industriels_central"] == "224"
    assert "INSEE" in alpha["sources"]
    geo = client.get("/api/v1/territoires.geojson?phase=2023-2027")
    assert geo["Content-Type"] == "application/geo+json"
    donnees = geo.json()
    assert donnees["licence"].startswith("Licence Ouverte 2.0") and donnees["sources"][1]["millesime"] == "2026"
    assert len(donnees["features"]) == 3 and "definitions" in donnees
    mauvaise = client.get("/api/v1/territoires.csv?phase=2030")
    assert mauvaise.status_code == 400 and "phase : « 2030 » inconnue" in mauvaise.json()["detail"]
    assert client.get("/api/v1/territoires.geojson?phase=2030").status_code == 400


def test_le_geojson_national_repond_304_tant_que_les_donnees_n_ont_pas_change(client, regions):
    premiere = client.get("/api/v1/territoires.geojson")
    etag = premiere["ETag"]
    assert etag.startswith('W/"') and premiere.status_code == 200
    assert client.get("/api/v1/territoires.geojson", HTTP_IF_NONE_MATCH=etag).status_code == 304
    Territoire.objects.filter(slug="gamma").first().save()  # a write of the registry: a new version
    assert client.get("/api/v1/territoires.geojson", HTTP_IF_NONE_MATCH=etag).status_code == 200
    # The document says which statuses these operations answer (schemathesis holds the API to it).
    from territoire.api import api

    chemins = api.get_openapi_schema()["paths"]
    assert "400" in chemins["/api/v1/territoires.csv"]["get"]["responses"]
    assert {"400", "304"} <= set(chemins["/api/v1/territoires.geojson"]["get"]["responses"])


def test_chiffres_json_tous_donne_une_liste_et_territoire_garde_sa_forme(regions):
    sortie = StringIO()
    call_command("chiffres", "--json", "--tous", stdout=sortie)
    liste = json.loads(sortie.getvalue())
    assert [c["territoire"]["slug"] for c in liste] == ["alpha", "beta", "gamma"]
    sortie = StringIO()
    call_command("chiffres", "--json", "--territoire", "beta", stdout=sortie)
    un = json.loads(sortie.getvalue())
    assert isinstance(un, dict) and un == liste[1]
    with pytest.raises(CommandError, match="s'excluent"):
        call_command("chiffres", "--tous", "--territoire", "beta")


def test_ou_se_situe_un_territoire_parmi_ses_semblables(client, regions):
    texte = client.get(reverse("reperes:situation", kwargs={"territoire": "alpha"})).content.decode()
    assert "Les autres territoires de la région Hauts-de-France" in texte
    assert "Part des emplois dans l&#x27;industrie" in texte and " sur 2" in texte  # ranked among 2 (itself and Beta)
    assert "Les territoires de taille semblable" in texte


def test_ses_perimetres_disent_ce_qui_change_d_une_phase_a_l_autre(client, regions):
    hdf, _, alpha, _, _ = regions
    seconde = Territoire.objects.create(nom="Alpha et voisins", slug="alpha-et-voisins", id_ti="ti-3203",
                                        phase="2019-2022", region=hdf, population=30_000)
    seconde.communes.add(*alpha.communes.all(), *Territoire.objects.get(slug="beta").communes.all())
    texte = client.get(reverse("reperes:perimetres", kwargs={"territoire": "alpha"})).content.decode()
    assert "De Alpha à Alpha et voisins (2019-2022)" in texte
    assert "+1 (1 en plus, 0 en moins)" in texte and "+10\u202f000 habitants" in texte
    assert "Beta 0" in texte  # the added commune, by name


def test_la_commande_perimetre_donne_et_retire_le_pilotage_d_une_region(regions):
    user = get_user_model().objects.create_user("region@example.org", password="mot-de-passe-solide-42")
    sortie = StringIO()
    call_command("perimetre", "region@example.org", "--region", "32", "--organisation", "Région", stdout=sortie)
    assert "pilote désormais « Hauts-de-France » : 2 rôle(s)" in sortie.getvalue()
    assert Adhesion.objects.filter(utilisateur=user, role="pilotage").count() == 2
    call_command("perimetre", "region@example.org", "--region", "32", "--retirer", stdout=StringIO())
    assert not Adhesion.objects.filter(utilisateur=user).exists()
    with pytest.raises(CommandError, match="région inconnue"):
        call_command("perimetre", "region@example.org", "--region", "99")
    with pytest.raises(CommandError, match="Compte « personne » inconnu"):
        call_command("perimetre", "personne", "--national")


def test_l_avancement_du_plan_et_le_guichet_restent_au_pilotage(client, regions):
    hdf, _, alpha, _, _ = regions
    import datetime as dt

    Programme.objects.create(territoire=alpha, code="2023-2027", nom="Plan 2023-2027",
                             debut=dt.date(2023, 1, 1), fin=dt.date(2027, 12, 31))
    user = get_user_model().objects.create_user("region", password="mot-de-passe-solide-42")
    from territoire.pilotage.actions import accorder_perimetre

    accorder_perimetre(user, hdf)
    client.force_login(user)
    texte = client.get(reverse("pilotage:perimetre", kwargs={"perimetre": "hauts-de-france"})).content.decode()
    assert "Avancement du plan par axe" in texte and "Prise en charge en 5 jours ouvrés" in texte
    ouvertes = client.get("/api/v1/territoires.geojson").content.decode()
    assert "avancement_plan" not in ouvertes and "prise_en_charge" not in ouvertes
