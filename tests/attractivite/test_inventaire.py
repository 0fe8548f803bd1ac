"""The legal inventory: computed per site from the census and the plots, frozen, compared, reported."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from territoire.attractivite import inventaire
from territoire.attractivite.actions import etablir_inventaire, remplir_etablissements
from territoire.attractivite.models import EtablissementEconomique, Inventaire
from tests.attractivite import factories as f


def _t(terr_id, occupation="vacant", usage="non bâti", stade="disponible", surface=1.0, utile=None):
    return {"terr_id": terr_id, "terr_etat_occup": occupation, "terr_usage": usage, "terr_stade_comm": stade,
            "terr_surf_brute": surface, "terr_utile": utile, "terr_actu_date": dt.date(2025, 1, 1)}


def _e(bas, central, haut, annee="2023", connu=None):
    return {"emplois_bas": bas, "emplois_central": central, "emplois_haut": haut, "annee_effectifs": annee,
            "effectif_connu": connu}


def test_taux_de_vacance_et_terrains_a_qualifier():
    ligne = inventaire.calculer_site(
        {"site_id": "S", "site_nom": "Site", "site_actu_date": dt.date(2024, 5, 1)},
        [_t("a"), _t("b", "Occupé", "bâti productif", "vendu, commercialisation achevée"),
         _t("c", "occupé", "bâti productif", "vendu"), _t("d", "en travaux", "chantier", "disponible"),
         _t("e", utile="non")],
        [_e(10, 14.5, 19), _e(0, 0, 0, connu=42, annee="")],
    )
    assert (ligne["terrains"], ligne["terrains_vacants"], ligne["terrains_classes"]) == (4, 1, 3)
    assert ligne["taux_vacance"] == 33.3 and ligne["terrains_batis"] == 2
    assert ligne["a_qualifier"] == [{"terr_id": "d", "champs": ["terr_etat_occup", "terr_usage"]}]
    assert (ligne["emplois_bas"], ligne["emplois_central"], ligne["emplois_haut"]) == (52, 56, 61)
    assert ligne["millesimes"] == ["2023"] and ligne["mise_a_jour"] == "2025-01-01"
    # "d" is on offer but its occupation is unknown: still available; "a" is.
    assert ligne["terrains_disponibles"] == 2 and ligne["surface_disponible_ha"] == 2.0


def test_un_site_sans_terrain_n_a_pas_de_taux_de_vacance():
    ligne = inventaire.calculer_site({"site_id": "S", "site_nom": "S"}, [], [])
    assert ligne["taux_vacance"] is None and ligne["mise_a_jour"] is None


def test_ce_qui_a_change_depuis_le_precedent():
    a = [{"site_id": "1", "site_nom": "Un", "terrains": 3, "taux_vacance": 33.3},
         {"site_id": "2", "site_nom": "Deux", "terrains": 1}]
    b = [{"site_id": "1", "site_nom": "Un", "terrains": 4, "taux_vacance": 25.0},
         {"site_id": "3", "site_nom": "Trois", "terrains": 1}]
    d = inventaire.differences(a, b)
    assert d["ajoutes"] == ["Trois"] and d["retires"] == ["Deux"]
    assert [c["champ"] for c in d["changes"][0]["champs"]] == ["terrains", "taux_vacance"]
    assert inventaire.differences(None, b)["premier"]


def test_l_echeance_de_six_ans():
    e = inventaire.echeance(dt.date(2024, 2, 29), dt.date(2029, 3, 1))
    assert e["date"] == dt.date(2030, 2, 28) and not e["depassee"] and e["jours"] == 364
    assert inventaire.echeance(None, dt.date(2026, 1, 1))["depassee"]


@pytest.fixture
def site_recense(territoire):
    from territoire.etablissements.models import Etablissement, UniteLegale

    ul = UniteLegale.objects.create(siren="123456789", denomination="Mécanique fictive", categorie_juridique="5710")
    site = f.site(territoire)
    f.terrain(site, "T1", 2.0)
    f.terrain(site, "T2", 1.0, terr_etat_occup="occupé", terr_usage="bâti productif", terr_stade_comm="vendu",
              terr_geomsurf=__import__("json").dumps(f.carre_l93(2.592, 50.472, 100)))
    zone = site.zone
    ruitz = territoire.communes.get(code_insee="62729")
    for i, (tranche, bas, central, haut, lon, lat, etat) in enumerate([
        ("12", 20, 34.5, 49, 2.592, 50.472, "A"), ("03", 6, 7.5, 9, 2.59, 50.47, "A"), ("11", 10, 14.5, 19, 2.59, 50.47, "F"),
    ]):
        Etablissement.objects.create(
            siret=f"1234567890{i:04d}", siren="123456789", nic=f"{i:05d}", code_commune="62729", commune=ruitz, zone=zone,
            etat=etat, tranche_effectifs=tranche, annee_effectifs="2023", emplois_bas=bas, emplois_central=central,
            emplois_haut=haut, naf="25.62A", longitude=lon, latitude=lat, fictif=True, unite_legale=ul,
            date_creation=__import__("datetime").date(2001, 5, 1),
        )
    return site


def test_etablir_l_inventaire_fige_les_chiffres_et_remplit_le_standard(site_recense, alice, django_assert_max_num_queries):
    inv = etablir_inventaire(site_recense.territoire, auteur=alice, date=dt.date(2026, 6, 1))
    (ligne,) = inv.sites
    assert (ligne["etablissements"], ligne["emplois_central"], ligne["terrains_vacants"], ligne["taux_vacance"]) == (2, 42, 1, 50.0)
    assert inv.echeance == dt.date(2032, 6, 1)
    site_recense.refresh_from_db()
    assert (site_recense.site_nb_etab, site_recense.site_uf_nbre, site_recense.site_taux_vacance) == (2.0, 2.0, 50.0)
    # A constant number of queries for the figures, whatever the number of sites.
    with django_assert_max_num_queries(4):
        inventaire.calculer(inventaire.sites_a_inventorier(site_recense.territoire))


def test_remplir_les_etablissements_du_standard_depuis_le_recensement(site_recense):
    assert remplir_etablissements(site_recense) == {"repris": 2, "ecartes": {}}
    from territoire.etablissements.models import Etablissement

    Etablissement.objects.filter(siret="12345678900001").update(statut_diffusion="P")
    assert remplir_etablissements(site_recense) == {"repris": 1, "ecartes": {"terr_id, etab_geompoint": 1}}
    e = EtablissementEconomique.objects.get(siret="12345678900000")
    assert e.terr_id == "T2" and list(e.terrains.values_list("terr_id", flat=True)) == ["T2"]
    assert e.etab_effectif_code == "12" and e.etab_effectif_annee == 2023 and e.etab_activite_code == "2562A"
    assert "fictif" in e.etab_source_info


def test_les_etablissements_du_standard_se_relisent_identiques(site_recense, tmp_path):
    """Import → export → import gives the same values: a NAF label of the census that ends with a
    space (46.73A) is stored stripped, as the importer reads the cell."""
    from territoire.attractivite import cnig, tableschema
    from territoire.attractivite.exportation import ecrire_dossier
    from territoire.etablissements.models import Etablissement

    Etablissement.objects.filter(siret="12345678900000").update(naf="46.73A")
    remplir_etablissements(site_recense)
    e = EtablissementEconomique.objects.get(siret="12345678900000")
    assert e.etab_activite_libelle.startswith("Commerce de gros") and e.etab_activite_libelle == e.etab_activite_libelle.strip()
    ecrire_dossier(site_recense.territoire, tmp_path)
    table = tableschema.lire_csv((tmp_path / "etablissement.csv").read_bytes(), cnig.schema_site("etablissement"), "etablissement.csv")
    assert not table.erreurs
    assert [ligne["etab_activite_libelle"] for ligne in table.lignes if ligne["SIRET"] == "12345678900000"] == [e.etab_activite_libelle]


def test_le_rapport_dit_ce_qui_a_change_et_l_echeance(site_recense, alice):
    from pypdf import PdfReader

    from territoire.attractivite import rapports

    etablir_inventaire(site_recense.territoire, auteur=alice, date=dt.date(2020, 3, 1))
    f.terrain(site_recense, "T3", 4.0)
    inv = etablir_inventaire(site_recense.territoire, auteur=alice, date=dt.date(2026, 6, 1))
    texte = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(rapports.inventaire_pdf(inv))).pages)
    assert "Prochain inventaire au plus tard le 1er juin 2032" in texte or "01/06/2032" in texte
    assert "taux de vacance" in texte and "Inventaire précédent" in texte
    from docx import Document

    docx = Document(io.BytesIO(rapports.inventaire_docx(inv)))
    assert any("Ce qui a changé" in p.text for p in docx.paragraphs)
    assert Inventaire.objects.count() == 2
