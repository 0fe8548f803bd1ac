"""The directory, its CSV export, the establishment page and the import pages."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from territoire.etablissements.models import Changement
from tests.etablissements import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def recensement(territoire):
    return f.petit_recensement(territoire)


def _liste(client, territoire, **params):
    return client.get(reverse("etablissements:liste", kwargs={"territoire": territoire.slug}), params)


def _texte(reponse) -> str:
    texte = reponse.content.decode()
    assert "@@VARIABLE_INCONNUE" not in texte, "variable de gabarit inconnue"
    return texte


def _csv(client, territoire, **params) -> list[dict]:
    reponse = client.get(reverse("etablissements:export_csv", kwargs={"territoire": territoire.slug}), params)
    assert reponse.status_code == 200
    brut = b"".join(reponse.streaming_content).decode("utf-8")
    assert brut.startswith("\ufeff"), "le CSV commence par l'indicateur d'ordre des octets UTF-8"
    return list(csv.DictReader(io.StringIO(brut[1:]), delimiter=";"))


def _detail(client, territoire, etab):
    return client.get(reverse("etablissements:detail", kwargs={"territoire": territoire.slug, "siret": etab.siret}))


# --- Visibility -------------------------------------------------------------------------------


def test_le_public_ne_voit_pas_les_etablissements_non_diffusibles_dans_l_annuaire(client, territoire, recensement):
    texte = _texte(_liste(client, territoire))
    assert "Décolletage de Ruitz" in texte
    assert recensement["cache"].siret not in texte
    assert "Forges Secrètes" not in texte


def test_l_equipe_voit_les_etablissements_non_diffusibles(client, territoire, recensement, alice):
    client.force_login(alice)
    texte = _texte(_liste(client, territoire))
    assert recensement["cache"].siret in texte
    assert "Forges Secrètes" in texte
    assert "non diffusible" in texte


@pytest.mark.parametrize("persona", ["bruno", "chloe"])
def test_pilotage_et_partenaires_voient_les_non_diffusibles(client, territoire, recensement, personas, persona):
    client.force_login(personas[persona])
    assert recensement["cache"].siret in _texte(_liste(client, territoire))
    assert _detail(client, territoire, recensement["cache"]).status_code == 200


@pytest.mark.parametrize("persona", ["public", "david", "eve"])
def test_la_fiche_d_un_non_diffusible_est_introuvable_hors_equipe(client, territoire, recensement, personas, persona):
    if personas[persona]:
        client.force_login(personas[persona])
    assert _detail(client, territoire, recensement["cache"]).status_code == 404


def test_un_membre_d_un_autre_territoire_voit_ce_que_voit_le_public(client, territoire, recensement, eve):
    public = _texte(_liste(client, territoire, etat="tous"))
    client.force_login(eve)
    assert _texte(_liste(client, territoire, etat="tous")).count("<tr>") == public.count("<tr>")
    assert recensement["cache"].siret not in _texte(_liste(client, territoire))
    assert len(_csv(client, territoire, etat="tous")) == len(_csv(client.__class__(), territoire, etat="tous"))


def test_le_public_ne_voit_jamais_le_nom_d_un_entrepreneur_individuel(client, territoire, recensement):
    artisan = recensement["artisan"]
    liste = _texte(_liste(client, territoire))
    assert artisan.siret in liste and "Entrepreneur individuel" in liste
    fiche = _texte(_detail(client, territoire, artisan))
    lignes = _csv(client, territoire)
    for texte in (liste, fiche, str(lignes)):
        assert "DUPONTEL" not in texte and "Josiane" not in texte
    assert "DES FORGES" not in fiche, "l'adresse d'un entrepreneur individuel n'est pas publique"
    (ligne,) = [ligne for ligne in lignes if ligne["siret"] == artisan.siret]
    assert ligne["adresse"] == ""


def test_l_equipe_voit_le_nom_d_un_entrepreneur_individuel(client, territoire, recensement, alice):
    client.force_login(alice)
    assert "Josiane DUPONTEL" in _texte(_detail(client, territoire, recensement["artisan"]))
    assert "DUPONTEL" in _texte(_liste(client, territoire, q="dupontel"))


def test_le_public_ne_trouve_pas_un_entrepreneur_par_son_nom(client, territoire, recensement):
    assert recensement["artisan"].siret not in _texte(_liste(client, territoire, q="dupontel"))


# --- Search and filters ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "q, attendu",
    [
        ("décolletage de", "decolletage"),
        ("PLASTIBET", "plasturgie"),
        ("béthunois", "plasturgie"),
        ("25.62A", "decolletage"),
        ("2562A", "decolletage"),
        ("2562a", "decolletage"),
        ("22.2", "plasturgie"),
        ("Décolletage", "decolletage"),
        ("programmation informatique", "logiciel"),
    ],
)
def test_recherche_par_nom_code_ou_libelle_naf(client, territoire, recensement, q, attendu):
    texte = _texte(_liste(client, territoire, q=q))
    assert recensement[attendu].siret in texte
    autres = [e for nom, e in recensement.items() if nom not in (attendu, "cache", "ferme")]
    assert all(e.siret not in texte for e in autres), f"« {q} » ne doit trouver que {attendu}"


def test_recherche_par_siret_ou_siren_avec_espaces(client, territoire, recensement):
    e = recensement["plasturgie"]
    avec_espaces = f"{e.siret[:3]} {e.siret[3:6]} {e.siret[6:9]} {e.siret[9:]}"
    texte = _texte(_liste(client, territoire, q=avec_espaces))
    assert e.siret in texte and "1 établissement" in texte
    texte = _texte(_liste(client, territoire, q=f"{e.siren[:3]} {e.siren[3:6]} {e.siren[6:]}"))
    assert e.siret in texte and recensement["decolletage"].siret not in texte


def test_filtres_filiere_zone_commune_taille_etat_industrie(client, territoire, recensement):
    def sirets(**params):
        texte = _texte(_liste(client, territoire, **params))
        return {nom for nom, e in recensement.items() if e.siret in texte}

    assert sirets(filiere="metallurgie") == {"decolletage"}
    assert sirets(zone="zi-de-ruitz") == {"decolletage"}
    assert sirets(commune="62729") == {"decolletage", "artisan"}
    assert sirets(tranche_min="21") == {"decolletage"}
    assert sirets(etat="fermes") == {"ferme"}
    assert "ferme" in sirets(etat="tous")
    assert sirets(industriels="on") == {"decolletage", "plasturgie", "artisan"}


@pytest.mark.parametrize(
    "params",
    [
        {"tranche_min": "zz"},
        {"zone": "zone-inconnue"},
        {"commune": "99999"},
        {"filiere": "<script>"},
        {"etat": "peut-etre"},
        {"tri": "'; DROP TABLE x; --"},
        {"q": "x" * 500},
        {"page": "abc"},
    ],
)
def test_un_parametre_invalide_donne_un_message_et_pas_une_erreur(client, territoire, recensement, params):
    reponse = _liste(client, territoire, **params)
    assert reponse.status_code == 200
    texte = _texte(reponse)
    if "page" not in params:
        assert "pas été appliqué" in texte
    assert "<script>" not in texte.split("<main", 1)[1]


def test_le_html_d_un_nom_est_echappe(client, territoire):
    commune = territoire.communes.get(code_insee="62729")
    f.etablissement(commune, denomination='<img src=x onerror="alert(1)">')
    texte = _texte(_liste(client, territoire))
    assert "<img src=x" not in texte
    assert "&lt;img src=x" in texte


def test_pagination_par_cinquante(client, territoire):
    commune = territoire.communes.get(code_insee="62119")
    unite = f.unite_legale(denomination="Grand Groupe")
    for _ in range(55):
        f.etablissement(commune, unite=unite)
    page1 = _texte(_liste(client, territoire))
    assert "1–50 sur 55 établissements" in page1 and "page 1 sur 2" in page1
    assert page1.count('<th scope="row">') == 50
    page2 = _texte(_liste(client, territoire, page=2))
    assert page2.count('<th scope="row">') == 5


def test_tri_par_taille_decroissante(client, territoire, recensement):
    texte = _texte(_liste(client, territoire, tri="-taille"))
    assert texte.index(recensement["decolletage"].siret) < texte.index(recensement["plasturgie"].siret)
    texte = _texte(_liste(client, territoire, tri="taille"))
    assert texte.index(recensement["plasturgie"].siret) < texte.index(recensement["decolletage"].siret)


def _requetes(client, url) -> int:
    with CaptureQueriesContext(connection) as requetes:
        reponse = client.get(url)
        if hasattr(reponse, "streaming_content"):
            b"".join(reponse.streaming_content)
    assert reponse.status_code == 200
    return len(requetes)


def _peupler(territoire, n: int) -> None:
    ruitz = territoire.communes.get(code_insee="62729")
    zone = territoire.zones.first()
    for i in range(n):
        f.etablissement(ruitz, zone=zone if i % 2 else None, denomination=f"Atelier {i}")


@pytest.mark.parametrize("nom", ["etablissements:liste", "etablissements:export_csv", "etablissements:carte"])
def test_le_nombre_de_requetes_ne_croit_pas_avec_les_etablissements(client, territoire, alice, nom):
    client.force_login(alice)
    url = reverse(nom, kwargs={"territoire": territoire.slug})
    # A first visit gives a token row to the domains its cached values read (observatoire/cache.py):
    # once, not a growth.
    _requetes(client, url)
    _peupler(territoire, 3)
    petit = _requetes(client, url)
    _peupler(territoire, 40)
    assert _requetes(client, url) == petit


# --- CSV export ---------------------------------------------------------------------------------


def test_export_csv_point_virgule_et_formules_neutralisees(client, territoire):
    commune = territoire.communes.get(code_insee="62729")
    for nom in ["=HYPERLINK(\"http://x\")", "+33 Industrie", "-Moins", "@SOMME(A1)", "\tTab", "\rRetour", "Sûr"]:
        f.etablissement(commune, denomination=nom)
    lignes = _csv(client, territoire)
    noms = sorted(ligne["nom"] for ligne in lignes)
    assert "'=HYPERLINK(\"http://x\")" in noms
    assert {"'+33 Industrie", "'-Moins", "'@SOMME(A1)", "'\tTab", "'\rRetour", "Sûr"} <= set(noms)
    assert all(not n.startswith(("=", "+", "-", "@", "\t", "\r")) for n in noms)


def test_export_csv_suit_les_filtres_et_la_visibilite(client, territoire, recensement, alice):
    public = {ligne["siret"] for ligne in _csv(client, territoire)}
    assert recensement["cache"].siret not in public
    assert recensement["decolletage"].siret in public
    assert {ligne["siret"] for ligne in _csv(client, territoire, commune="62729")} == {
        recensement["decolletage"].siret, recensement["artisan"].siret,
    }
    client.force_login(alice)
    equipe = {ligne["siret"]: ligne for ligne in _csv(client, territoire)}
    assert recensement["cache"].siret in equipe
    assert equipe[recensement["decolletage"].siret]["libelle_naf"] == "Décolletage"


# --- Establishment page -------------------------------------------------------------------------


def test_la_fiche_montre_identite_activite_taille_localisation_et_historique(client, territoire, recensement):
    e = recensement["decolletage"]
    e.naf25 = "25.62Y"
    e.effectif_connu = 142
    e.effectif_connu_source = "Visite de l'équipe"
    e.save()
    run = f.import_sirene(territoire)
    f.changement(run, e, Changement.Type.TRANCHE, avant="21", apres="22")
    texte = _texte(_detail(client, territoire, e))
    for attendu in [
        e.siret, e.siren, "Décolletage de Ruitz", "25.62A", "Décolletage", "25.62Y", "Métallurgie, travail des métaux",
        "100 à 199 salariés", "millésime 2023", "142", "Visite de l&#x27;équipe", "12 RUE DES FORGES", "Ruitz",
        "ZI de Ruitz", "Changement de tranche d&#x27;effectifs", "Cet établissement est le siège",
        'id="mini-carte"', "latitude 50,47000",
    ]:
        assert attendu in texte, attendu


def test_la_fiche_d_un_etablissement_fictif_le_dit(client, territoire):
    e = f.etablissement(territoire.communes.get(code_insee="62729"), fictif=True)
    assert "Établissement fictif" in _texte(_detail(client, territoire, e))
    assert "fictif" in _texte(_liste(client, territoire))


def test_la_fiche_d_un_etablissement_inconnu_repond_404(client, territoire):
    url = reverse("etablissements:detail", kwargs={"territoire": territoire.slug, "siret": "12345678900011"})
    assert client.get(url).status_code == 404


def test_un_etablissement_d_un_autre_territoire_n_est_pas_sur_celui_ci(client, territoire, autre_territoire, recensement):
    url = reverse("etablissements:detail", kwargs={"territoire": autre_territoire.slug, "siret": recensement["decolletage"].siret})
    assert client.get(url).status_code == 404


# --- Import runs ---------------------------------------------------------------------------------


def test_l_equipe_filtre_les_changements_d_un_import_par_type(client, territoire, recensement, alice):
    run = f.import_sirene(territoire, crees=1, fermes=1)
    f.changement(run, recensement["ferme"], Changement.Type.FERMETURE, avant="A", apres="F")
    f.changement(run, recensement["logiciel"], Changement.Type.CREATION, avant="", apres="A")
    client.force_login(alice)
    liste = _texte(client.get(reverse("etablissements:imports", kwargs={"territoire": territoire.slug})))
    assert "StockEtablissement_utf8.zip" in liste
    url = reverse("etablissements:import_detail", kwargs={"territoire": territoire.slug, "pk": run.pk})
    tout = _texte(client.get(url))
    assert recensement["ferme"].siret in tout and recensement["logiciel"].siret in tout
    fermetures = _texte(client.get(url, {"type": "fermeture"}))
    assert recensement["ferme"].siret in fermetures and recensement["logiciel"].siret not in fermetures
    invalide = _texte(client.get(url, {"type": "<b>n'importe</b>"}))
    assert "pas un type de changement connu" in invalide and "<b>n'importe</b>" not in invalide


def test_l_import_d_un_autre_territoire_est_introuvable(client, territoire, autre_territoire, alice):
    run = f.import_sirene(autre_territoire)
    client.force_login(alice)
    url = reverse("etablissements:import_detail", kwargs={"territoire": territoire.slug, "pk": run.pk})
    assert client.get(url).status_code == 404


# --- Map page ------------------------------------------------------------------------------------


def test_la_carte_a_ses_tableaux_de_zones_et_de_communes(client, territoire, recensement):
    texte = _texte(client.get(reverse("etablissements:carte", kwargs={"territoire": territoire.slug})))
    assert 'id="carte"' in texte and "leaflet.markercluster.js" in texte
    assert "ZI de Ruitz" in texte and "80" in texte and "Béthune" in texte and "25\xa0000" in texte
    assert "contours illustratifs" not in texte.lower()
    for label in ("couche-communes", "couche-zones", "couche-etablissements", "points-tous"):
        assert f'for="{label}"' in texte


def test_la_carte_signale_les_contours_illustratifs(client, territoire):
    territoire.zones.update(contour_illustratif=True)
    texte = _texte(client.get(reverse("etablissements:carte", kwargs={"territoire": territoire.slug})))
    assert "Contours illustratifs" in texte


def test_les_filtres_choisis_restent_selectionnes(client, territoire, recensement):
    texte = _texte(_liste(client, territoire, commune="62729", zone="zi-de-ruitz", tri="-taille", etat="tous"))
    for attendu in ['<option value="62729" selected>', '<option value="zi-de-ruitz" selected>',
                    '<option value="-taille" selected>', '<option value="tous" selected>']:
        assert attendu in texte
    assert '<select name="commune" id="id_commune">' in texte and '<label for="id_commune">' in texte


def test_l_historique_mene_l_equipe_a_l_import_qui_a_constate_le_changement(client, territoire, recensement, alice):
    run = f.import_sirene(territoire)
    f.changement(run, recensement["decolletage"], Changement.Type.ACTIVITE, avant="25.61Z", apres="25.62A")
    lien = reverse("etablissements:import_detail", kwargs={"territoire": territoire.slug, "pk": run.pk})
    assert lien not in _texte(_detail(client, territoire, recensement["decolletage"]))
    client.force_login(alice)
    assert lien in _texte(_detail(client, territoire, recensement["decolletage"]))
