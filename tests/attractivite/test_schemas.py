"""The Table Schema validator and the models built from the shipped CNIG schemas."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from territoire.attractivite import cnig, tableschema
from territoire.attractivite.tableschema import FichierIllisible, Schema, lire_csv
from tests.conftest import shared_file

SITE = cnig.schema_site("site-eco")
TERRAIN = cnig.schema_site("terrain-eco")


def _ligne_site(**valeurs) -> dict:
    base = {c.nom: "" for c in SITE.champs}
    base |= {
        "site_id": "62729_SITE-ECO_00001", "pole_id": "62729_POLE-ECO_00001", "site_nom": "ZI de Ruitz",
        "site_type": "zone d'activité économique", "site_vocadomi": "industrielle", "site_etat": "existant",
        "site_surf_brute": "80", "site_surf_utile": "70", "site_identif_date": "2026-06-01",
        "site_actu_date": "2026-06-01", "site_epci_nom": "CA", "site_epci_siren": "200072460",
        "site_comm_nom": "Ruitz", "site_comm_insee": "62729", "site_moa_type": "EPCI",
        "site_geomsurf": json.dumps({"type": "Polygon", "coordinates": [[[0, 6.5e6], [10, 6.5e6], [10, 6.50001e6], [0, 6.5e6]]]}),
    }
    return base | valeurs


def _csv(schema: Schema, lignes: list[dict], sep: str = ";") -> bytes:
    import csv
    import io

    tampon = io.StringIO()
    w = csv.writer(tampon, delimiter=sep)
    w.writerow(schema.noms)
    for ligne in lignes:
        w.writerow([ligne.get(n, "") for n in schema.noms])
    return tampon.getvalue().encode()


def _erreurs(contenu: bytes, schema=SITE) -> list[str]:
    return [str(e) for e in lire_csv(contenu, schema, "site-eco.csv").erreurs]


def test_chaque_champ_des_schemas_livres_est_un_champ_du_modele():
    from territoire.attractivite.models import (
        EtablissementEconomique,
        Friche,
        PoleEconomique,
        SiteEconomique,
        TerrainEconomique,
    )

    relations = {"pole_id": "pole", "site_id": "site"}
    for modele, schema in ((SiteEconomique, SITE), (TerrainEconomique, TERRAIN), (PoleEconomique, cnig.schema_site("pole-eco")),
                           (EtablissementEconomique, cnig.schema_site("etablissement")), (Friche, cnig.schema_friches())):
        for champ in schema.champs:
            if modele is not Friche and champ.nom in relations and champ.nom not in schema.cle_primaire:
                assert modele._meta.get_field(relations[champ.nom]).is_relation
                continue
            f = modele._meta.get_field(cnig.attribut(champ.nom))
            assert f.name == cnig.attribut(champ.nom) and not f.is_relation, (modele, champ.nom)
            if champ.enum is not None:
                assert [v for v, _ in f.choices] == list(champ.enum), champ.nom
            attendu = {"number": "FloatField", "integer": "IntegerField", "geojson": "TextField"}.get(champ.type)
            if attendu:
                assert f.get_internal_type() == attendu, champ.nom
            if champ.type == "date":
                assert f.get_internal_type() == ("PositiveSmallIntegerField" if champ.format == "%Y" else "DateField")


def test_les_copies_livrees_sont_celles_du_standard():
    for classe in cnig.CLASSES:
        copie = json.loads((cnig.SITES / classe / "schema.json").read_text(encoding="utf-8"))
        original = json.loads(shared_file(f"zae/cnig-schema-sites-economiques/{classe}/schema.json").read_text(encoding="utf-8"))
        assert copie == original
    assert (cnig.SCHEMAS / "LICENCE.md").read_text(encoding="utf-8").count("Licence Ouverte") >= 1


def test_une_ligne_conforme_passe():
    table = lire_csv(_csv(SITE, [_ligne_site()]), SITE, "site-eco.csv")
    assert table.valide, [str(e) for e in table.erreurs]
    assert table.lignes[0]["site_surf_brute"] == 80.0


def test_une_surface_en_texte_est_refusee_avec_la_ligne_et_la_colonne():
    erreurs = _erreurs(_csv(SITE, [_ligne_site(site_surf_brute="trente hectares")]))
    assert erreurs == ["site-eco.csv, ligne 2, colonne site_surf_brute : « trente hectares » n'est pas un nombre."]


def test_la_virgule_decimale_est_refusee_avec_la_correction():
    (e,) = _erreurs(_csv(SITE, [_ligne_site(site_surf_brute="37,2")]))
    assert "37.2" in e and "point décimal" in e


def test_une_valeur_hors_liste_dit_les_valeurs_possibles_et_la_casse():
    (e,) = _erreurs(_csv(SITE, [_ligne_site(reseau_gaz="Oui")]))
    assert "colonne reseau_gaz" in e and "valeurs possibles : oui, non" in e and "« oui »" in e


def test_valeur_obligatoire_manquante_et_valeurs_manquantes_du_schema():
    (e,) = _erreurs(_csv(SITE, [_ligne_site(site_nom="NA")]))
    assert "colonne site_nom" in e and "obligatoire" in e


def test_identifiant_en_double_refuse():
    erreurs = _erreurs(_csv(SITE, [_ligne_site(), _ligne_site()]))
    assert erreurs == ["site-eco.csv, ligne 3, colonne site_id : identifiant « 62729_SITE-ECO_00001 » en double "
                       "(déjà ligne 2) : chaque ligne doit avoir son propre identifiant."]


@pytest.mark.parametrize("geom, attendu", [
    ("POLYGON((0 0, 1 0, 1 1, 0 0))", "GeoJSON attendu"),
    ('{"type": "Polygone", "coordinates": []}', "« type »"),
    ('{"type": "Polygon", "coordinates": [[[0, 0], [2, 2], [2, 0], [0, 2], [0, 0]]]}', "géométrie invalide"),
    ('{"type": "Polygon", "coordinates": "abc"}', "mal formée"),
])
def test_une_geometrie_qui_n_est_pas_du_geojson_valide_est_refusee(geom, attendu):
    (e,) = _erreurs(_csv(SITE, [_ligne_site(site_geomsurf=geom)]))
    assert "colonne site_geomsurf" in e and attendu in e


def test_colonnes_inconnues_ou_manquantes_refusent_le_fichier():
    contenu = _csv(SITE, [_ligne_site()]).replace(b"site_nom;", b"nom_du_site;", 1)
    erreurs = _erreurs(contenu)
    assert any("'nom_du_site'" in e for e in erreurs) and any("absente(s) : site_nom" in e for e in erreurs)


def test_un_fichier_qui_n_est_pas_en_utf8_dit_ou_et_comment_faire():
    contenu = _csv(SITE, [_ligne_site(site_nom="Zone de Bénifontaine")]).decode().encode("latin-1")
    with pytest.raises(FichierIllisible, match=r"ligne 2 : le fichier n'est pas en UTF-8.*CSV UTF-8"):
        lire_csv(contenu, SITE, "site-eco.csv")


def test_un_fichier_enorme_est_refuse_avant_lecture(monkeypatch):
    monkeypatch.setattr(tableschema, "TAILLE_MAX_OCTETS", 1000)
    with pytest.raises(FichierIllisible, match="au-delà de la limite"):
        lire_csv(b"x" * 2000, SITE, "site-eco.csv")


@pytest.mark.parametrize("texte", ["=HYPERLINK(\"http://x\")", "@SUM(A1)", "+1+cmd|' /C calc'!A0", "-2+3;=1"])
def test_une_formule_de_tableur_est_refusee(texte):
    (e,) = _erreurs(_csv(SITE, [_ligne_site(site_description=texte)]))
    assert "formule de tableur" in e


def test_le_texte_ordinaire_et_le_html_restent_du_texte():
    table = lire_csv(_csv(SITE, [_ligne_site(site_description="<script>alert(1)</script> - extension prévue",
                                             site_moa_nom="+33 3 21 00 00 00")]), SITE, "site-eco.csv")
    assert table.valide and table.lignes[0]["site_description"].startswith("<script>")


def test_separateur_virgule_ou_point_virgule():
    assert lire_csv(_csv(SITE, [_ligne_site()], sep=","), SITE, "site-eco.csv").valide


def test_ecrire_puis_relire_donne_les_memes_valeurs():
    table = lire_csv(_csv(SITE, [_ligne_site(site_creation_date="2015", site_geompoint="2.59, 50.47",
                                             autoroute_echang_dist="3.5")]), SITE, "x")
    relue = lire_csv(tableschema.ecrire_csv(SITE, table.lignes).encode(), SITE, "x")
    assert relue.lignes == table.lignes


@settings(deadline=None)  # a shared machine's load is no property of the code
@given(st.floats(min_value=0, max_value=1e9, allow_nan=False, allow_infinity=False))
def test_un_nombre_ecrit_se_relit_identique(valeur):
    champ = SITE.champ("site_surf_brute")
    assert tableschema.convertir(champ, tableschema.formater(champ, valeur)) == valeur


@settings(deadline=None)  # a shared machine's load is no property of the code
@given(st.text(max_size=80))
def test_une_cellule_quelconque_donne_une_valeur_ou_un_message(texte):
    for champ in SITE.champs:
        try:
            tableschema.convertir(champ, texte)
        except tableschema.ValeurInvalide as exc:
            assert str(exc)
