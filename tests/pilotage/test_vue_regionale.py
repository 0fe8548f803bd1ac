"""The Region's and the State's view: perimeters, the page of territories side by side, exports,
comparison; queries that do not grow with the number of territories."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from territoire.comptes.models import Adhesion, Role
from territoire.pilotage.actions import accorder_perimetre, retirer_perimetre
from territoire.pilotage.indicateurs import tableau
from territoire.referentiel.models import Commune, Region, Territoire
from tests.etablissements.factories import etablissement, import_sirene

pytestmark = pytest.mark.django_db


@pytest.fixture
def hdf(db):
    return Region.objects.get_or_create(code="32", defaults={"nom": "Hauts-de-France"})[0]


@pytest.fixture
def grand_est(db):
    return Region.objects.get_or_create(code="44", defaults={"nom": "Grand Est"})[0]


def _territoire(nom: str, region, id_ti: str, communes: int = 1, etablissements: int = 0, **champs) -> Territoire:
    t = Territoire.objects.create(nom=nom, slug=nom.lower().replace(" ", "-")[:80], id_ti=id_ti, phase="2023-2027",
                                  region=region, population=10_000 * communes, **champs)
    for i in range(communes):
        code = f"{int(id_ti[3:]):04d}{i}"[-5:]
        c, _ = Commune.objects.get_or_create(code_insee=code, defaults={"nom": f"{nom} {i}", "population": 10_000})
        t.communes.add(c)
    premiere = t.communes.first()
    for _ in range(etablissements):
        etablissement(premiere, naf="25.62A", tranche_effectifs="21")
    if etablissements:
        import_sirene(t)
    return t


@pytest.fixture
def region_user(hdf):
    user = get_user_model().objects.create_user("region", password="mot-de-passe-solide-42")
    return user


def test_un_perimetre_regional_donne_le_pilotage_de_chaque_territoire_de_la_region(hdf, grand_est, region_user):
    a = _territoire("Alpha", hdf, "ti-3201")
    b = _territoire("Beta", hdf, "ti-3202")
    ailleurs = _territoire("Gamma", grand_est, "ti-4401")
    Adhesion.objects.create(utilisateur=region_user, territoire=b, role=Role.PILOTAGE)  # granted on its own
    _, ajoutees = accorder_perimetre(region_user, hdf, "Région Hauts-de-France")
    assert ajoutees == 1
    assert set(Adhesion.objects.filter(utilisateur=region_user).values_list("territoire__slug", flat=True)) == {"alpha", "beta"}
    # A territory created later in the region: the hook after territoire init gives the role.
    from territoire.referentiel.actions import apres_creation

    d = _territoire("Delta", hdf, "ti-3203")
    apres_creation([d, ailleurs])
    assert Adhesion.objects.filter(utilisateur=region_user, territoire=d, role="pilotage").exists()
    assert not Adhesion.objects.filter(utilisateur=region_user, territoire=ailleurs).exists()
    # Withdrawn: the derived roles go, the one granted on its own stays.
    assert retirer_perimetre(region_user, hdf) == 2
    assert list(Adhesion.objects.filter(utilisateur=region_user).values_list("territoire__slug", flat=True)) == ["beta"]
    del a


def test_la_page_de_la_region_montre_ses_territoires_cote_a_cote_et_pas_les_autres(client, hdf, grand_est, region_user):
    _territoire("Alpha", hdf, "ti-3201", etablissements=3)
    _territoire("Beta", hdf, "ti-3202", etablissements=1)
    _territoire("Gamma", grand_est, "ti-4401", etablissements=2)
    accorder_perimetre(region_user, hdf)
    client.force_login(region_user)
    page = client.get(reverse("pilotage:perimetre", kwargs={"perimetre": "hauts-de-france"}) + "?tri=-etablissements_industriels")
    texte = page.content.decode()
    assert page.status_code == 200
    assert texte.index(">Alpha<") < texte.index(">Beta<") and "Gamma" not in texte
    assert 'aria-sort="descending"' in texte and 'id="carte"' in texte and "config-carte" in texte
    assert "Définitions" in texte and "Tranche" not in texte.split("Définitions")[0][-20:]
    # The map's layer: one feature per territory of the region, with the figure to colour.
    geo = client.get(reverse("pilotage:carte", kwargs={"perimetre": "hauts-de-france"}))
    assert geo["Content-Type"] == "application/geo+json"
    proprietes = {f["properties"]["slug"]: f["properties"] for f in json.loads(geo.content)["features"]}
    assert set(proprietes) == {"alpha", "beta"} and proprietes["alpha"]["etablissements_industriels"] == 3
    # The State (national perimeter) sees every region.
    etat = get_user_model().objects.create_user("prefet", password="mot-de-passe-solide-42")
    accorder_perimetre(etat, None, "Préfecture de région")
    client.force_login(etat)
    texte = client.get(reverse("pilotage:perimetre", kwargs={"perimetre": "france"})).content.decode()
    assert all(nom in texte for nom in (">Alpha<", ">Beta<", ">Gamma<"))
    assert client.get(reverse("pilotage:perimetre", kwargs={"perimetre": "grand-est"})).status_code == 200


def test_un_membre_d_une_autre_region_est_refuse(client, hdf, grand_est, region_user):
    accorder_perimetre(region_user, grand_est)
    client.force_login(region_user)
    assert client.get(reverse("pilotage:perimetre", kwargs={"perimetre": "hauts-de-france"})).status_code == 403
    assert client.get(reverse("pilotage:perimetre", kwargs={"perimetre": "atlantide"})).status_code == 404
    client.logout()
    reponse = client.get(reverse("pilotage:perimetre", kwargs={"perimetre": "grand-est"}))
    assert reponse.status_code == 302 and reverse("comptes:connexion") in reponse["Location"]


def _requetes(client, url) -> int:
    with CaptureQueriesContext(connection) as requetes:
        assert client.get(url).status_code == 200
    return len(requetes)


def test_le_nombre_de_requetes_ne_croit_pas_avec_le_nombre_de_territoires(client, hdf, region_user):
    accorder_perimetre(region_user, hdf)
    client.force_login(region_user)
    url = reverse("pilotage:perimetre", kwargs={"perimetre": "hauts-de-france"})
    for i in range(2):
        _territoire(f"Petit {i}", hdf, f"ti-32{i:02d}", communes=2, etablissements=2)
    # A first visit creates the token rows of the domains never written yet (the decision
    # centres' for the census's part); then the cache is emptied, as after a change of the data.
    client.get(url)
    cache.clear()
    deux = _requetes(client, url)
    ouvertes = ["/api/v1/territoires", "/api/v1/territoires.csv", "/api/v1/territoires.geojson", "/api/v1/regions/32"]
    ouvertes_deux = [_requetes(client, u) for u in ouvertes]
    for i in range(2, 14):
        _territoire(f"Petit {i}", hdf, f"ti-32{i:02d}", communes=2, etablissements=2)
    quatorze = _requetes(client, url)
    assert quatorze == deux
    # The open data too (computed once per version of the data, then from the cache).
    assert [_requetes(client, u) for u in ouvertes] == ouvertes_deux
    for nom in ("pilotage:carte", "pilotage:export_csv", "pilotage:export_xlsx"):
        assert _requetes(client, reverse(nom, kwargs={"perimetre": "hauts-de-france"})) <= deux


def test_les_figures_sont_celles_du_registre_et_inconnues_quand_elles_manquent(hdf):
    plein = _territoire("Plein", hdf, "ti-3201", etablissements=4)
    vide = _territoire("Vide", hdf, "ti-3202")
    Territoire.objects.filter(pk=vide.pk).update(population=None)
    lignes = {ligne.territoire.slug: ligne for ligne in tableau(Territoire.objects.filter(pk__in=[plein.pk, vide.pk]))}
    p, v = lignes["plein"], lignes["vide"]
    assert p.v("etablissements_industriels") == 4 and p.v("emplois_industriels") == 4 * 74.5
    assert p.v("emplois_bas") == 200 and p.v("emplois_haut") == 396 and p.v("part_emplois_industriels") == 1.0
    assert p.v("filiere_dominante") and p.v("dernier_import") is not None
    assert v.v("population") is None and v.v("dernier_import") is None and v.v("evolution_un_an") is None


def test_exports_csv_et_xlsx_neutralisent_les_formules(client, hdf, region_user):
    _territoire("=HYPERLINK(\"http://x\")", hdf, "ti-3201", etablissements=1)
    accorder_perimetre(region_user, hdf)
    client.force_login(region_user)
    reponse = client.get(reverse("pilotage:export_csv", kwargs={"perimetre": "hauts-de-france"}))
    assert reponse["Content-Disposition"].endswith('hauts-de-france-2023-2027.csv"')
    lignes = list(csv.reader(io.StringIO(reponse.content.decode("utf-8-sig")), delimiter=";"))
    assert lignes[0][:3] == ["Identifiant ANCT", "Territoire", "Communes"]
    assert lignes[1][1] == "'=HYPERLINK(\"http://x\")" and lignes[1][0] == "ti-3201"
    from openpyxl import load_workbook

    classeur = load_workbook(io.BytesIO(client.get(
        reverse("pilotage:export_xlsx", kwargs={"perimetre": "hauts-de-france"})).content))
    feuille = classeur["Territoires"]
    assert feuille["B2"].value == "'=HYPERLINK(\"http://x\")" and feuille["E2"].value == 1
    assert classeur["Définitions"]["A1"].value == "Colonne"


def test_comparer_deux_territoires_sur_les_memes_indicateurs_avec_leurs_definitions(client, hdf, grand_est, region_user):
    _territoire("Alpha", hdf, "ti-3201", etablissements=2)
    _territoire("Beta", hdf, "ti-3202")
    _territoire("Gamma", grand_est, "ti-4401")
    accorder_perimetre(region_user, hdf)
    client.force_login(region_user)
    url = reverse("pilotage:comparer", kwargs={"perimetre": "hauts-de-france"})
    texte = client.get(url + "?t=alpha&t=beta&t=gamma&t=<script>").content.decode()
    assert "Alpha" in texte and "Beta" in texte and "Emplois industriels (estimation centrale)" in texte
    assert "Somme, sur ces établissements" in texte  # each figure with its definition
    assert "ignoré(s) : gamma, &lt;script&gt;" in texte and "<script>" not in texte.split("ignoré")[1][:40]
    assert "Choisissez au moins deux territoires" in client.get(url + "?t=alpha").content.decode()


def test_l_espace_du_pilotage_regional_mene_a_la_vue_regionale(client, hdf, region_user):
    t = _territoire("Alpha", hdf, "ti-3201")
    accorder_perimetre(region_user, hdf)
    client.force_login(region_user)
    texte = client.get(reverse("comptes:espace", kwargs={"territoire": t.slug})).content.decode()
    assert "Vue régionale et nationale" in texte and "/pilotage/hauts-de-france/" in texte
    assert client.get(reverse("pilotage:accueil")).status_code == 302  # one perimeter: straight to it


def test_le_tableau_en_cache_suit_chaque_ecriture_des_donnees_qu_il_lit(client, hdf, region_user):
    """The table of territories is kept in the cache under the tokens of the domains it read: a
    second page reads it from the cache; a new establishment (registry) or a new request (desk)
    renews its domain's token and the next page shows it."""
    from tests.guichet.factories import demande

    alpha = _territoire("Alpha", hdf, "ti-3201", etablissements=2)
    _territoire("Beta", hdf, "ti-3202", etablissements=1)
    accorder_perimetre(region_user, hdf)
    client.force_login(region_user)
    url = reverse("pilotage:carte", kwargs={"perimetre": "hauts-de-france"})

    def figures():
        with CaptureQueriesContext(connection) as requetes:
            reponse = client.get(url)
        proprietes = {f["properties"]["slug"]: f["properties"] for f in json.loads(reponse.content)["features"]}
        return proprietes["alpha"], len(requetes)

    premiere, calcul = figures()
    assert premiere["etablissements_industriels"] == 2
    deuxieme, en_cache = figures()
    assert deuxieme == premiere and en_cache < calcul
    etablissement(alpha.communes.first(), naf="25.62A", tranche_effectifs="21")
    apres, recalcul = figures()
    assert apres["etablissements_industriels"] == 3 and recalcul > en_cache
    assert apres.get("prise_en_charge_5_jours") is None
    # A request filed three weeks ago and never taken in charge: the desk's share becomes 0 %.
    demande(alpha, quand=timezone.now() - dt.timedelta(days=21))
    assert figures()[0]["prise_en_charge_5_jours"] == 0.0


def test_une_commune_partagee_compte_pour_chaque_territoire_selon_sa_definition_et_son_centre_de_decision(hdf):
    """The registry's figures are summed per commune, then per territory: an establishment of a
    commune shared by two territories counts in both, under each one's definition of the
    establishments followed; a head office is "inside" for the territory that holds its commune."""
    from territoire.etablissements import tranches
    from territoire.observatoire.models import CentreDecision

    alpha = _territoire("Alpha", hdf, "ti-3201", communes=2)
    beta = _territoire("Beta", hdf, "ti-3202", communes=1, definition_suivi={"tranche_min": "03"})
    propre, partagee = Commune.objects.get(code_insee="32010"), Commune.objects.get(code_insee="32011")
    beta.communes.add(partagee)
    etablissement(propre, naf="25.62A", tranche_effectifs="21")
    etablissement(propre, naf="47.11F", tranche_effectifs="12")  # every employer, not industry
    grand = etablissement(partagee, naf="25.62A", tranche_effectifs="21")
    CentreDecision.objects.create(unite_legale=grand.unite_legale, localisation="territoire",
                                  code_commune_siege=propre.code_insee, source="test")
    etablissement(partagee, naf="25.62A", tranche_effectifs="03")  # followed by Beta's definition only
    c21, c12, c03 = (tranches.emplois(t)[1] for t in ("21", "12", "03"))
    lignes = {ligne.territoire.slug: ligne for ligne in tableau(Territoire.objects.filter(pk__in=[alpha.pk, beta.pk]))}
    a, b = lignes["alpha"], lignes["beta"]
    assert (a.v("etablissements_industriels"), a.v("emplois_industriels")) == (2, round(2 * c21))
    assert a.v("part_emplois_industriels") == round(round(2 * c21) / (2 * c21 + c12 + c03), 3)
    assert a.v("part_centre_exterieur") == 0.0  # the head office is in Alpha's own commune
    assert (b.v("etablissements_industriels"), b.v("emplois_industriels")) == (2, round(c21 + c03))
    assert b.v("part_centre_exterieur") == 1.0 and b.v("part_emplois_industriels") == 1.0
    assert a.v("filiere_dominante") == b.v("filiere_dominante") and a.v("part_filiere_dominante") == 1.0
    assert a.v("communes") == 2 and b.v("communes") == 2


def test_une_cellule_echappe_le_texte_et_dit_ce_qui_manque():
    from territoire.pilotage.indicateurs import Ligne
    from territoire.pilotage.templatetags.pilotage import cellule

    ligne = Ligne(None, {"filiere_dominante": "<b>Métallurgie</b>", "part_filiere_dominante": 0.5,
                         "emplois_industriels": 1234, "emplois_bas": 1000, "emplois_haut": 1500, "millesime": "2023",
                         "avancement_plan": [{"axe": "Recruter & <former>", "avancement": None},
                                             {"axe": "Innover", "avancement": 40}],
                         "evolution_un_an": -45, "part_centre_exterieur": 0.123})
    assert cellule(ligne, "filiere_dominante") == (
        '&lt;b&gt;Métallurgie&lt;/b&gt; <span class="aide">(50,0\u00a0% des emplois industriels)</span>')
    assert cellule(ligne, "emplois_industriels") == '1\u202f234<br><span class="aide">1\u202f000 à 1\u202f500 · tranches 2023</span>'
    assert cellule(ligne, "avancement_plan") == (
        'Recruter &amp; &lt;former&gt; : <span class="manquant">non connu</span><br>Innover : 40&nbsp;%')
    assert cellule(ligne, "evolution_un_an") == "\u221245" and cellule(ligne, "part_centre_exterieur") == "12,3\u00a0%"
    assert cellule(ligne, "evolution_depuis_2019") == '<span class="manquant">non disponible</span>'
    assert cellule(Ligne(None, {}), "avancement_plan") == '<span class="manquant">aucun plan</span>'


def test_la_couche_en_texte_est_la_collection_avec_les_contours_tels_quils_sont_gardes(hdf):
    """The map's layer and the national GeoJSON splice each stored outline into the text instead
    of decoding and encoding it again: the same collection, a territory without outline included."""
    from territoire.pilotage import carte

    contour = json.dumps({"type": "Polygon", "coordinates": [[[2.5, 50.4], [2.6, 50.4], [2.6, 50.5], [2.5, 50.4]]]})
    _territoire("Alpha", hdf, "ti-3201", etablissements=1, contour=contour)
    _territoire("Beta", hdf, "ti-3202")
    lignes = tableau(Territoire.objects.order_by("id_ti"))
    for pilotage in (True, False):
        meta = {"licence": "Licence Ouverte 2.0 (Etalab)"}
        assert json.loads(carte.collection_texte(lignes, pilotage, meta)) == carte.collection(lignes, pilotage, meta)
    assert json.loads(carte.collection_texte(lignes, True))["features"][1]["geometry"] is None
