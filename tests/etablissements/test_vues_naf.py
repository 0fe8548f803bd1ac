"""Pure pieces behind the directory: NAF codes and labels, spreadsheet-safe cells (no database)."""

from __future__ import annotations

import csv

from hypothesis import given
from hypothesis import strategies as st

from territoire.etablissements import naf
from territoire.etablissements.exports import cellule_sure


def test_les_libelles_naf_couvrent_les_732_sous_classes():
    libelles = naf.libelles()
    assert len(libelles) == 732
    assert libelles["25.62A"] == "Décolletage"
    assert libelles["27.20Z"].startswith("Fabrication de piles")
    assert all(len(code) == 6 and code[2] == "." for code in libelles)


def test_le_fichier_naf_est_du_csv_utf8_lisible():
    with naf.FICHIER.open(encoding="utf-8", newline="") as f:
        lignes = list(csv.DictReader(f))
    assert {ligne["section"] for ligne in lignes} == set("ABCDEFGHIJKLMNOPQRSTU")
    assert len({ligne["division"] for ligne in lignes}) == 88


def test_un_code_naf_s_ecrit_avec_ou_sans_point():
    assert naf.normaliser_code("2562A") == "25.62A"
    assert naf.normaliser_code(" 25.62a ") == "25.62A"
    assert naf.normaliser_code("25.62") == "25.62"
    assert naf.normaliser_code("25") == "25"
    assert naf.normaliser_code("256A") is None
    assert naf.normaliser_code("Décolletage") is None
    assert naf.normaliser_code("123456789") is None


def test_un_libelle_se_cherche_sans_accents_ni_majuscules():
    assert naf.codes_par_libelle("DECOLLETAGE") == ["25.62A"]
    assert "22.21Z" in naf.codes_par_libelle("plaques plastiques")
    assert naf.codes_par_libelle("x") == []


@given(st.text(max_size=60))
def test_une_recherche_libre_ne_fait_jamais_d_erreur(texte):
    code = naf.normaliser_code(texte)
    assert code is None or code[:2].isdigit()
    assert all(c in naf.libelles() for c in naf.codes_par_libelle(texte))


@given(st.one_of(st.text(max_size=40), st.integers(), st.floats(allow_nan=False), st.none()))
def test_aucune_cellule_exportee_ne_peut_etre_une_formule(valeur):
    cellule = cellule_sure(valeur)
    assert not cellule.startswith(("=", "+", "-", "@", "\t", "\r"))
    texte = "" if valeur is None else str(valeur)
    assert cellule in (texte, "'" + texte)
