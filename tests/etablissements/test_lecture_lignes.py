"""The line reader of a CSV or ZIP (``Lecteur.lots_valeurs``) against the strict reader (``lots``).

The line reader splits only the lines where a code of the territory appears; these tests hold
it to the same rows, values and line numbers as the strict reader, which parses every column,
and check what it refuses on its own (NUL byte, cut last line, a row of the territory with the
wrong number of columns) and what it leaves to the strict reader (a quoted value on two lines).
"""

from __future__ import annotations

import threading
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from territoire.etablissements.importer import ImportRefuse, lecture
from territoire.etablissements.importer.colonnes import (
    ENTETE_STOCK_UNITE_LEGALE,
    ETABLISSEMENTS,
    UNITES_LEGALES,
)
from territoire.etablissements.importer.lecture import Lecteur
from tests.etablissements import fichiers as f

CODES = {f.RUITZ, f.BETHUNE}
COLONNES = list(dict.fromkeys(ETABLISSEMENTS.requises + ETABLISSEMENTS.optionnelles))


def _rangs(lots) -> list[tuple]:
    """Every row of the batches as (line, value of each column), empty strings read as None."""
    rangs = []
    for lot in lots:
        for i, ligne in enumerate(lot["_ligne"]):
            rangs.append((ligne, *(lot[c][i] or None for c in COLONNES)))
    return rangs


def _strict(chemin) -> tuple[list[tuple], int]:
    lecteur = Lecteur(chemin)
    codes = ", ".join(f"'{c}'" for c in sorted(CODES))
    try:
        return _rangs(lecteur.lots(f'"codeCommuneEtablissement" IN ({codes})')), lecteur.lignes_lues
    finally:
        lecteur.fermer()


def _par_lignes(chemin, **options) -> tuple[list[tuple], int]:
    lecteur = Lecteur(chemin)
    try:
        return _rangs(lecteur.lots_valeurs("codeCommuneEtablissement", CODES, **options)), lecteur.lignes_lues
    finally:
        lecteur.fermer()


def _ecrire(format_: str, chemin, texte: str):
    if format_ == "zip":
        with zipfile.ZipFile(chemin, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("StockEtablissement_utf8.csv", texte)
    else:
        chemin.write_text(texte, encoding="utf-8")
    return chemin


def _lignes(n: int = 6) -> list[dict]:
    lignes = [f.etablissement(i) for i in range(1, n + 1)]
    lignes[1]["codeCommuneEtablissement"] = "75056"  # another territory
    lignes[2]["codeCommuneEtablissement"] = f.BETHUNE
    return lignes


# Values that test the line reader: the codes of the territory in other columns, commas, quotes,
# line breaks inside quoted values (the strict reader then takes over), accents.
_VALEURS = st.lists(st.sampled_from(["A", "é", " ", ",", '"', "\n", "\r\n", "6", "2", "7", "9", "62729"]),
                    max_size=8).map("".join)
_LIGNE = st.fixed_dictionaries({
    "codeCommuneEtablissement": st.sampled_from([f.RUITZ, f.BETHUNE, "75056", "62728", "627290", ""]),
    "enseigne1Etablissement": _VALEURS,
    "libelleVoieEtablissement": _VALEURS,
    "codePostalEtablissement": st.sampled_from(["62729", "62620", "62119", ""]),
})


@pytest.mark.parametrize("format_", ["csv", "zip"])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lignes=st.lists(_LIGNE, max_size=12), fin_de_ligne=st.booleans())
def test_le_lecteur_de_lignes_rend_ce_que_rend_le_lecteur_strict(tmp_path, format_, lignes, fin_de_ligne):
    texte = f.texte_csv([f.etablissement(i + 1, **valeurs) for i, valeurs in enumerate(lignes)])
    if not fin_de_ligne:
        texte = texte.removesuffix("\n")  # a complete last row without its line break
    chemin = _ecrire(format_, tmp_path / f"stock.{format_}", texte)
    assert _par_lignes(chemin) == _strict(chemin)


@pytest.mark.parametrize("format_", ["csv", "zip"])
def test_une_valeur_sur_deux_lignes_fait_relire_le_fichier_par_le_lecteur_strict(tmp_path, format_):
    lignes = _lignes()
    lignes[4]["enseigne1Etablissement"] = "ATELIER\nDU NORD"
    chemin = _ecrire(format_, tmp_path / f"stock.{format_}", f.texte_csv(lignes))
    reprises = []
    rangs, lues = _par_lignes(chemin, reprise=lambda: reprises.append(True))
    assert reprises == [True]
    assert (rangs, lues) == _strict(chemin)
    assert [r[COLONNES.index("enseigne1Etablissement") + 1] for r in rangs if r[1] == f.siret(5)] == ["ATELIER\nDU NORD"]


@pytest.mark.parametrize("format_", ["csv", "zip"])
def test_fins_de_ligne_windows(tmp_path, format_):
    chemin = _ecrire(format_, tmp_path / f"stock.{format_}", f.texte_csv(_lignes()).replace("\n", "\r\n"))
    rangs, lues = _par_lignes(chemin)
    assert lues == 6 and [r[0] for r in rangs] == [2, 4, 5, 6, 7]
    assert rangs[-1][COLONNES.index("activitePrincipaleNAF25Etablissement") + 1] == "25.62Y"


def test_une_ligne_du_territoire_au_mauvais_nombre_de_colonnes_est_refusee_avec_son_numero(tmp_path):
    texte = f.texte_csv(_lignes()).splitlines(keepends=True)
    texte[4] = texte[4].replace(",DES INDUSTRIES,", ",DES,INDUSTRIES,")  # line 5: Ruitz
    chemin = _ecrire("zip", tmp_path / "stock.zip", "".join(texte))
    with pytest.raises(ImportRefuse, match=r"stock\.zip \(membre StockEtablissement_utf8\.csv\), ligne 5 : nombre de "
                       r"colonnes différent de l'en-tête \(55 au lieu de 54\)"):
        _par_lignes(chemin)


def test_les_colonnes_d_une_ligne_ou_n_apparait_aucun_code_du_territoire_ne_sont_pas_lues(tmp_path):
    texte = f.texte_csv(_lignes()).splitlines(keepends=True)
    texte[2] = texte[2].replace(",DES INDUSTRIES,", ",DES,INDUSTRIES,")  # line 3: Paris
    assert not any(code in texte[2] for code in CODES) and '"' not in texte[2]
    chemin = _ecrire("csv", tmp_path / "stock.csv", "".join(texte))
    rangs, lues = _par_lignes(chemin)
    assert lues == 6 and [r[0] for r in rangs] == [2, 4, 5, 6, 7]


def test_une_ligne_illisible_dont_on_ne_peut_dire_la_commune_est_refusee(tmp_path):
    texte = f.texte_csv(_lignes()).splitlines(keepends=True)
    texte.insert(3, "62729,TRONQUE\n")  # line 4: a code of the territory, but in which column?
    chemin = _ecrire("csv", tmp_path / "stock.csv", "".join(texte))
    with pytest.raises(ImportRefuse, match=r"stock\.csv, ligne 4 : nombre de colonnes différent de l'en-tête \(2 au lieu"):
        _par_lignes(chemin)


@pytest.mark.parametrize("format_", ["csv", "zip"])
def test_une_derniere_ligne_coupee_est_refusee_meme_hors_du_territoire(tmp_path, format_):
    texte = f.texte_csv(_lignes())
    coupe = texte[: texte.rindex("\n", 0, len(texte) - 1) + 30]  # line 7 cut before its commune code
    chemin = _ecrire(format_, tmp_path / f"stock.{format_}", coupe)
    with pytest.raises(ImportRefuse, match=r"ligne 7 : nombre de colonnes différent de l'en-tête .* tronqué"):
        _par_lignes(chemin)


def test_un_octet_nul_est_refuse(tmp_path):
    chemin = tmp_path / "stock.csv"
    texte = f.texte_csv(_lignes())
    chemin.write_bytes(texte.replace("ATELIER 2", "ATELIER\x002").encode())
    with pytest.raises(ImportRefuse, match=r"stock\.csv, ligne 3 : caractère nul"):
        _par_lignes(chemin)


def test_un_refus_au_debut_d_un_grand_zip_arrete_les_fils_de_decompression(tmp_path, monkeypatch):
    # Small blocks and a queue of one: the feeding threads are still blocked on a full pipe and a
    # full queue when the reader gives up at line 2; they must end, not stay behind.
    monkeypatch.setattr(lecture, "TAILLE_BLOC_ZIP", 1 << 16)
    monkeypatch.setattr(lecture, "BLOCS_EN_AVANCE", 1)
    lignes = [f.etablissement(i, codeCommuneEtablissement="75056") for i in range(1, 40_000)]
    lignes[0]["codeCommuneEtablissement"] = f.RUITZ
    texte = f.texte_csv(lignes).replace(",DES INDUSTRIES,", ",DES,INDUSTRIES,", 1)
    chemin = _ecrire("zip", tmp_path / "stock.zip", texte)
    assert len(texte) > 8 << 20  # more than the pipe, the queue and DuckDB's buffer hold
    with pytest.raises(ImportRefuse, match="ligne 2 : nombre de colonnes"):
        _par_lignes(chemin)
    assert not [t for t in threading.enumerate() if t.name.startswith("sirene-zip")]


@pytest.mark.parametrize("methode", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA])
def test_toutes_les_methodes_de_compression_du_zip_sont_lues(tmp_path, methode):
    texte = f.texte_csv(_lignes())
    chemin = tmp_path / "stock.zip"
    with zipfile.ZipFile(chemin, "w", compression=methode) as archive:
        archive.writestr("StockEtablissement_utf8.csv", texte)
    assert _par_lignes(chemin) == _strict(_ecrire("csv", tmp_path / "stock.csv", texte))


def test_un_zip_dont_la_somme_de_controle_ne_correspond_pas_est_refuse(tmp_path):
    # Large enough that reading the header does not reach the end of the member (zipfile would
    # then check the CRC itself): the check at the end of the inflating thread is the one tested.
    lignes = [f.etablissement(i, codeCommuneEtablissement="75056") for i in range(1, 20_000)]
    chemin = _ecrire("zip", tmp_path / "stock.zip", f.texte_csv(lignes))
    with zipfile.ZipFile(chemin) as archive:
        crc = archive.infolist()[0].CRC
    faux = (crc ^ 1).to_bytes(4, "little")
    octets = chemin.read_bytes().replace(crc.to_bytes(4, "little"), faux)  # local header and central directory
    chemin.write_bytes(octets)
    with pytest.raises(ImportRefuse, match=r"stock\.zip .*ZIP tronqué ou corrompu.*CRC-32"):
        _par_lignes(chemin)


@pytest.mark.parametrize("premiere", ["siren", "denominationUniteLegale"], ids=["siren_en_tete", "siren_ailleurs"])
def test_les_unites_legales_sont_lues_par_leur_siren(tmp_path, premiere):
    # SIREN first (the official order): a join on the start of each line; elsewhere: the automaton.
    sirens = [f.siret(i)[:9] for i in range(1, 30)]
    lignes = [f.unite_legale(s, denominationUniteLegale=f"SOCIETE {sirens[-1]}") for s in sirens]
    colonnes = [premiere, *(c for c in ENTETE_STOCK_UNITE_LEGALE if c != premiere)]
    chemin = f.ecrire_csv(tmp_path / "ul.csv", lignes, colonnes)
    gardes = set(sirens[::3])
    lecteur = Lecteur(chemin, UNITES_LEGALES)
    lus = [(ligne, siren) for lot in lecteur.lots_valeurs("siren", gardes)
           for ligne, siren in zip(lot["_ligne"], lot["siren"], strict=True)]
    assert lus == [(i + 2, s) for i, s in enumerate(sirens) if s in gardes] and lecteur.lignes_lues == 29
    strict = Lecteur(chemin, UNITES_LEGALES)
    attendus = ", ".join(f"'{s}'" for s in sorted(gardes))
    assert [(r, s) for lot in strict.lots(f'"siren" IN ({attendus})')
            for r, s in zip(lot["_ligne"], lot["siren"], strict=True)] == lus


def test_les_fils_du_zip_s_arretent_meme_si_duckdb_n_ouvre_jamais_le_tube(tmp_path):
    import os

    chemin = _ecrire("zip", tmp_path / "stock.zip", f.texte_csv(_lignes()))
    membre = lecture._MembreZip(chemin)
    fifo = str(tmp_path / "membre.csv")
    os.mkfifo(fifo)
    alimentation = lecture._Alimentation(membre, fifo)
    alimentation.start()
    alimentation.debloquer()  # nobody ever opened the pipe for reading
    assert not alimentation.is_alive() and not alimentation.ecrivain.is_alive()
    membre.close()


@pytest.mark.parametrize("format_", ["csv", "zip"])
def test_toutes_les_lignes_sont_comptees_sur_plusieurs_fils_et_au_dela_d_un_pas_de_progression(tmp_path, format_):
    """The count of lines read (`lecture._Compteur`, a function DuckDB calls on its threads for
    each vector of rows) is exact beyond a progress step, after the last kept row, for both
    readers: DuckDB splits such a file between its threads."""
    n = lecture.PAS_PROGRESSION + 3_001
    modele = f.etablissement(1, point=None)
    modele["codeCommuneEtablissement"] = "75056"  # another territory: nothing kept but a few rows
    entete = f.texte_csv([modele]).split("\n", 1)[0]
    ligne = f.texte_csv([modele]).split("\n")[1]
    gardees = {7, 123_456, n - 2_500}
    gardee = ligne.replace(",75056,", f",{f.RUITZ},", 1)
    assert gardee != ligne
    texte = "\n".join([entete, *(gardee if i in gardees else ligne for i in range(1, n + 1))]) + "\n"
    chemin = _ecrire(format_, tmp_path / f"stock.{format_}", texte)
    lignes_strictes, lues_strict = _strict(chemin)
    lignes_par_lignes, lues_par_lignes = _par_lignes(chemin)
    assert lues_strict == lues_par_lignes == n
    assert [r[0] for r in lignes_strictes] == [r[0] for r in lignes_par_lignes] == sorted(i + 1 for i in gardees)
