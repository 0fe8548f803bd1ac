"""Pure transforms of SIRENE rows: no database, no file."""

from __future__ import annotations

from datetime import UTC, date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from shapely.geometry import box

from territoire.etablissements.importer import difference, transformation
from territoire.etablissements.importer.transformation import (
    Contexte,
    Zonage,
    emplois,
    est_industriel,
    filiere_pour,
    lire_date,
    lire_horodatage,
    lire_tranche,
    motif_siret_invalide,
    siret_valide,
    texte,
    transformer_lot,
    vers_wgs84,
)
from tests.etablissements import fichiers


def _luhn_naif(chiffres: str) -> bool:
    """Reference Luhn written differently: double every second digit from the right, sum digits."""
    somme = 0
    for i, c in enumerate(chiffres[::-1]):
        d = int(c) * (1 + i % 2)
        somme += sum(int(x) for x in str(d))
    return somme % 10 == 0


@given(st.text(alphabet="0123456789", min_size=14, max_size=14))
def test_siret_valide_suit_la_cle_de_luhn(siret):
    if siret.startswith("356000000"):
        assert siret_valide(siret) == (sum(map(int, siret)) % 5 == 0)
    else:
        assert siret_valide(siret) == _luhn_naif(siret)


@given(st.integers(min_value=0, max_value=10**8 - 1), st.integers(min_value=0, max_value=9999))
def test_un_siret_construit_avec_sa_cle_est_valide_et_une_erreur_de_chiffre_le_rend_invalide(numero, nic):
    debut = f"{numero:08d}"
    siren = debut + fichiers.cle_luhn(debut)
    if siren == "356000000":
        return
    siret = fichiers.siret(nic, siren=siren)
    assert siret_valide(siret)
    faux = siret[:-1] + str((int(siret[-1]) + 1) % 10)
    assert not siret_valide(faux)


@given(st.text(max_size=20).filter(lambda s: not (len(s) == 14 and s.isascii() and s.isdigit())))
def test_un_siret_qui_n_a_pas_14_chiffres_est_invalide(valeur):
    assert not siret_valide(valeur)


def test_la_poste_suit_sa_propre_regle_de_somme_multiple_de_5():
    # Sum of digits multiple of 5 but not Luhn-valid: valid only because the SIREN is La Poste's.
    siret = "35600000000001"
    assert sum(map(int, siret)) % 5 == 0
    assert not _luhn_naif(siret)
    assert siret_valide(siret)
    # Luhn-valid, but its digit sum is not a multiple of 5: refused for La Poste.
    assert _luhn_naif("35600000000014")
    assert not siret_valide("35600000000014")


def test_motif_siret_invalide_dit_pourquoi():
    bon = fichiers.siret(7)
    assert motif_siret_invalide(bon, bon[:9], bon[9:]) is None
    assert "14 chiffres" in motif_siret_invalide("123", "", "")
    assert "clé" in motif_siret_invalide("12345678901234", "", "")
    assert "SIREN + NIC" in motif_siret_invalide(bon, "999999999", bon[9:])


def test_le_masque_nd_devient_vide_et_les_espaces_sont_retires():
    assert texte("[ND]") == ""
    assert texte(None) == ""
    assert texte("  RUE  ") == "RUE"


def test_dates_iso_vides_ou_mal_formees():
    assert lire_date("2019-02-28") == date(2019, 2, 28)
    assert lire_date("2019-02-28T10:00:00") == date(2019, 2, 28)
    assert lire_date("") is None
    assert lire_date("2019-02-30") is None
    assert lire_date("[ND]") is None
    moment = lire_horodatage("2025-10-02T09:15:00")
    assert moment.tzinfo is not None and moment.hour == 7  # 09:15 in Paris (summer time) is 07:15 UTC
    assert lire_horodatage("n'importe quoi") is None


def test_une_heure_du_passage_a_l_heure_d_ete_reste_egale_a_elle_meme_apres_un_aller_retour():
    # 02:28 on 26 March 2023 does not exist in Paris; stored and read back in UTC it must still
    # compare equal, or every re-import would see the row as changed.
    moment = lire_horodatage("2023-03-26T02:28:37")
    relu = moment.astimezone(UTC).replace(tzinfo=UTC)
    assert moment == relu


def test_tranches_inconnues_vides_et_entieres_parquet():
    assert lire_tranche("11") == "11"
    assert lire_tranche("1") == "01"
    assert lire_tranche("99") == ""
    assert lire_tranche("NN") == "NN"


@pytest.mark.parametrize(
    ("naf", "nomenclature", "attendu"),
    [("25.62A", "NAFRev2", True), ("05.10Z", "NAFRev2", True), ("39.00Z", "NAFRev2", True),
     ("04.99Z", "NAFRev2", False), ("41.20A", "NAFRev2", False), ("25.62A", "NAFRev1", False),
     ("57.10", "NAP", False), ("", "NAFRev2", False)],
)
def test_industrie_seulement_pour_les_divisions_05_a_39_de_la_naf_rev2(naf, nomenclature, attendu):
    assert est_industriel(naf, nomenclature) is attendu


def test_nomenclature_absente_deduite_du_format_du_code():
    assert transformation.nomenclature("25.62A", "") == "NAFRev2"
    assert transformation.nomenclature("57.10", "") == ""
    assert transformation.nomenclature("57.10", "NAP") == "NAP"


def test_la_filiere_vient_du_prefixe_naf_le_plus_long():
    regles = {"27": 1, "27.20": 2, "62.01Z": 3}
    assert filiere_pour("27.20Z", "NAFRev2", regles) == 2
    assert filiere_pour("27.11Z", "NAFRev2", regles) == 1
    assert filiere_pour("62.01Z", "NAFRev2", regles) == 3
    assert filiere_pour("62.02A", "NAFRev2", regles) is None
    assert filiere_pour("27.20Z", "NAFRev1", regles) is None


def test_emplois_de_la_tranche_sauf_effectif_connu():
    assert emplois("12") == (20, 34.5, 49)
    assert emplois("NN") == (0, 0, 0)
    assert emplois("12", effectif_connu=150) == (150, 150.0, 150)


def test_lambert93_vers_wgs84_vectorise_et_sans_point_hors_metropole():
    x, y = fichiers.lambert(*fichiers.ZI_RUITZ)
    lons, lats = vers_wgs84([float(x), None, float(x), 12.0], [float(y), None, float(y), 3.0],
                            ["62729", "62729", "97411", "62729"])
    assert lons[0] == pytest.approx(2.59, abs=1e-5) and lats[0] == pytest.approx(50.47, abs=1e-5)
    assert lons[1:] == [None, None, None]


def test_zonage_par_point_et_regle_de_la_zone_unique_pour_les_non_diffusibles():
    zonage = Zonage([(1, box(2.585, 50.465, 2.595, 50.475), ["62729"]),
                     (2, box(2.63, 50.52, 2.635, 50.525), ["62119"]),
                     (3, box(2.645, 50.535, 2.65, 50.54), ["62119"])])
    places = zonage.placer(
        ["62729", "62729", "62729", "62729", "62119", "99999"],
        [2.59, 2.70, None, 2.59, None, None],
        [50.47, 50.60, None, 50.47, None, None],
        [True, True, True, False, False, True],
    )
    assert places == [
        (1, "point"),  # inside the zone
        (None, "point"),  # located, outside every zone
        (1, "zone_unique"),  # no coordinates, Ruitz holds one zone
        (1, "zone_unique"),  # P establishment: never by its point
        (None, "commune"),  # P in Béthune, which holds two zones
        (None, "commune"),
    ]


def test_les_constantes_suivent_les_choix_des_modeles():
    from territoire.etablissements.models import Changement, Localisation

    assert {transformation.POINT, transformation.ZONE_UNIQUE, transformation.COMMUNE} == set(Localisation.values)
    assert {difference.CREATION, difference.FERMETURE, difference.REOUVERTURE, difference.DEMENAGEMENT,
            difference.TRANCHE, difference.ACTIVITE, difference.DISPARITION} == set(Changement.Type.values)


def _lot(*lignes: dict) -> dict[str, list]:
    from territoire.etablissements.importer.colonnes import ETABLISSEMENTS

    colonnes = list(dict.fromkeys(ETABLISSEMENTS.requises + ETABLISSEMENTS.optionnelles))
    lot = {c: [ligne.get(c) or None for ligne in lignes] for c in colonnes}
    lot["_ligne"] = list(range(2, len(lignes) + 2))
    return lot


def test_un_lot_rejette_les_siret_invalides_et_masque_le_non_diffusible():
    contexte = Contexte(communes={"62729": 10}, regles={"25": 7},
                        zonage=Zonage([(1, box(2.585, 50.465, 2.595, 50.475), ["62729"])]))
    p = fichiers.etablissement(2, statutDiffusionEtablissement="P", libelleVoieEtablissement="[ND]",
                               enseigne1Etablissement="[ND]")
    gardes, rejets = transformer_lot(_lot(
        fichiers.etablissement(1), p, fichiers.etablissement(3, siret="12345678901234"),
        fichiers.etablissement(4, etatAdministratifEtablissement="X"),
    ), contexte)
    assert [r.ligne for r in rejets] == [4, 5]
    assert "état administratif" in rejets[1].motif
    diffusible, masque = gardes
    assert diffusible["zone_id"] == 1 and diffusible["localisation"] == "point"
    assert diffusible["filiere_id"] == 7 and diffusible["est_industriel"] and diffusible["commune_id"] == 10
    assert masque["libelle_voie"] == "" and masque["enseigne"] == ""
    assert masque["lambert_x"] is None and masque["latitude"] is None
    assert masque["zone_id"] == 1 and masque["localisation"] == "zone_unique"


def test_une_valeur_demesuree_est_coupee_a_la_longueur_du_champ():
    contexte = Contexte(communes={"62729": 10}, regles={})
    gardes, _ = transformer_lot(_lot(fichiers.etablissement(1, enseigne1Etablissement="A" * 100_000,
                                                            codePostalEtablissement="6262062620")), contexte)
    assert len(gardes[0]["enseigne"]) == 200
    assert gardes[0]["code_postal"] == "62620"


def _existant(champs: dict, id_: int, **autres) -> dict:
    return {**champs, "id": id_, "present": True, "effectif_connu": None, **autres}


def test_comparer_trouve_chaque_type_de_difference():
    contexte = Contexte(communes={"62729": 10, "62119": 11}, regles={})
    avant_lignes = [fichiers.etablissement(i) for i in range(1, 8)]
    gardes, _ = transformer_lot(_lot(*avant_lignes), contexte)
    existants = {c["siret"]: _existant(c, i) for i, c in enumerate(gardes, start=1)}
    existants[gardes[5]["siret"]]["etat"] = "F"
    existants[gardes[6]["siret"]]["effectif_connu"] = 42
    apres_lignes = [
        fichiers.etablissement(1, etatAdministratifEtablissement="F"),
        fichiers.etablissement(2, codeCommuneEtablissement="62119", point=fichiers.CENTRE_BETHUNE),
        fichiers.etablissement(3, trancheEffectifsEtablissement="21"),
        fichiers.etablissement(4, activitePrincipaleEtablissement="28.11Z"),
        # 5 is gone
        fichiers.etablissement(6),  # was closed, active again
        fichiers.etablissement(7),  # unchanged, keeps its known headcount
        fichiers.etablissement(8),  # new
    ]
    nouveaux = {c["siret"]: c for c in transformer_lot(_lot(*apres_lignes), contexte)[0]}
    champs = tuple(k for k in nouveaux[gardes[0]["siret"]] if k != "siret")
    plan = difference.comparer(existants, nouveaux, champs)
    types = {(s, t) for s, t, _, _ in plan.changements}
    s = [c["siret"] for c in gardes]
    assert (s[0], "fermeture") in types
    assert (s[1], "demenagement") in types
    assert (s[2], "tranche") in types
    assert (s[3], "activite") in types
    assert (s[4], "disparition") in types
    assert (s[5], "reouverture") in types
    assert plan.comptes["creation"] == 1
    assert plan.actifs_avant == 6 and plan.pertes == 2
    assert nouveaux[s[6]]["emplois_central"] == 42.0
    assert plan.disparitions == [5]


def test_point_wgs84_des_fichiers_geo_siret_utilise_faute_de_lambert():
    contexte = Contexte(communes={"62729": 10}, regles={},
                        zonage=Zonage([(1, box(2.585, 50.465, 2.595, 50.475), ["62729"])]))
    geo = fichiers.etablissement(1, point=None, longitude="2.591", latitude="50.471")
    masque = fichiers.etablissement(2, point=None, statutDiffusionEtablissement="P", longitude="2.7", latitude="50.6")
    lambert = fichiers.etablissement(3, longitude="9.0", latitude="42.0")  # Lambert wins
    (a, b, c), _ = transformer_lot(_lot(geo, masque, lambert), contexte)
    assert (a["longitude"], a["latitude"], a["zone_id"], a["localisation"]) == (2.591, 50.471, 1, "point")
    assert b["longitude"] is None and b["localisation"] == "zone_unique"
    assert c["longitude"] == pytest.approx(2.59, abs=1e-5)
