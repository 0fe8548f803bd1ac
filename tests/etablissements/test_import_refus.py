"""Every bad input of issue 2 §4 is refused with one clear French line, and changes nothing."""

from __future__ import annotations

import gzip
import zipfile

import pytest

from territoire.etablissements.importer import ImportRefuse, importer_stock
from territoire.etablissements.models import Etablissement
from tests.conftest import shared_file
from tests.etablissements import fichiers as f
from tests.etablissements.test_import import instantane

pytestmark = pytest.mark.django_db


@pytest.fixture
def recense(territoire, tmp_path):
    """A territory already imported once: a refused file must leave these rows as they are."""
    importer_stock(territoire, f.ecrire_csv(tmp_path / "initial.csv", [f.etablissement(i) for i in range(1, 21)]))
    assert Etablissement.objects.count() == 20
    return territoire


def refuser(territoire, chemin, **options) -> str:
    avant = instantane()
    with pytest.raises(ImportRefuse) as refus:
        importer_stock(territoire, chemin, **options)
    assert instantane() == avant
    message = str(refus.value)
    assert "\n" not in message and len(message) < 600
    return message


def _lignes(n: int = 5) -> list[dict]:
    return [f.etablissement(i) for i in range(1, n + 1)]


def test_fichier_absent(recense, tmp_path):
    message = refuser(recense, tmp_path / "absent.csv")
    assert "absent.csv" in message and "introuvable" in message


def test_dossier_au_lieu_d_un_fichier(recense, tmp_path):
    assert "dossier" in refuser(recense, tmp_path)


def test_fichier_vide(recense, tmp_path):
    vide = tmp_path / "vide.csv"
    vide.write_bytes(b"")
    assert "vide" in refuser(recense, vide)


def test_entete_seul_est_un_import_sans_ligne_mais_un_fichier_sans_entete_est_refuse(recense, tmp_path):
    blanc = tmp_path / "blanc.csv"
    blanc.write_bytes(b"\n\n")
    assert "en-tête" in refuser(recense, blanc)


def test_fichier_en_latin1_refuse_en_nommant_la_ligne(recense, tmp_path):
    lignes = _lignes(5)
    lignes[3]["libelleVoieEtablissement"] = "DE LA RÉPUBLIQUE"
    chemin = f.ecrire_csv(tmp_path / "latin1.csv", lignes, encodage="cp1252")
    message = refuser(recense, chemin)
    assert "latin1.csv, ligne 5" in message and "UTF-8" in message


def test_entete_en_latin1_refuse(recense, tmp_path):
    chemin = tmp_path / "entete.csv"
    chemin.write_bytes(f.texte_csv(_lignes(2)).replace("siren,", "sirén,", 1).encode("latin-1"))
    message = refuser(recense, chemin)
    assert "ligne 1" in message and "UTF-8" in message


def test_fichier_utf16_refuse(recense, tmp_path):
    chemin = tmp_path / "utf16.csv"
    chemin.write_bytes(f.texte_csv(_lignes(2)).encode("utf-16"))
    assert "UTF-16" in refuser(recense, chemin)


def test_colonne_obligatoire_absente(recense, tmp_path):
    colonnes = [c for c in f.ENTETE_STOCK_ETABLISSEMENT if c != "codeCommuneEtablissement"]
    message = refuser(recense, f.ecrire_csv(tmp_path / "sans_commune.csv", _lignes(), colonnes))
    assert "codeCommuneEtablissement" in message and "ligne 1" in message


def test_colonne_en_double(recense, tmp_path):
    colonnes = [*f.ENTETE_STOCK_ETABLISSEMENT, "siret"]
    message = refuser(recense, f.ecrire_csv(tmp_path / "double.csv", _lignes(), colonnes))
    assert "deux fois" in message and "colonne 55" in message


def test_ligne_tronquee_refusee_avec_son_numero(recense, tmp_path):
    chemin = tmp_path / "tronque.csv"
    texte = f.texte_csv(_lignes(6))
    chemin.write_text(texte[: texte.rindex("\n", 0, len(texte) - 1) + 40])
    message = refuser(recense, chemin)
    assert "tronque.csv, ligne 7" in message


def test_guillemet_non_ferme(recense, tmp_path):
    lignes = _lignes(4)
    chemin = tmp_path / "guillemet.csv"
    chemin.write_text(f.texte_csv(lignes) + f.texte_csv(lignes).splitlines()[1].replace(",O,", ',"O,', 1) + "\n")
    assert "guillemet.csv, ligne" in refuser(recense, chemin)


def test_separateur_point_virgule(recense, tmp_path):
    chemin = tmp_path / "pv.csv"
    chemin.write_text(f.texte_csv(_lignes()).replace(",", ";"))
    assert "séparateur « ; »" in refuser(recense, chemin)


def test_zip_vide(recense, tmp_path):
    chemin = tmp_path / "vide.zip"
    with zipfile.ZipFile(chemin, "w"):
        pass
    assert "ZIP est vide" in refuser(recense, chemin)


def test_zip_tronque(recense, tmp_path):
    chemin = f.ecrire_zip(tmp_path / "stock.zip", _lignes(50))
    chemin.write_bytes(chemin.read_bytes()[: chemin.stat().st_size // 2])
    assert "ZIP illisible" in refuser(recense, chemin)


def test_zip_au_contenu_corrompu(recense, tmp_path):
    lignes = [f.etablissement(i, enseigne1Etablissement=f"ENSEIGNE {i} " * 20) for i in range(1, 400)]
    chemin = f.ecrire_zip(tmp_path / "corrompu.zip", lignes)
    octets = bytearray(chemin.read_bytes())
    milieu = len(octets) // 2
    octets[milieu:milieu + 64] = bytes(64)  # the central directory (at the end) stays intact
    chemin.write_bytes(bytes(octets))
    message = refuser(recense, chemin)
    assert "corrompu.zip" in message and ("corrompu" in message or "illisible" in message)


@pytest.mark.parametrize(("membre", "contenu"), [
    ("rapport.pdf", b"%PDF-1.4 pas un CSV"),
    ("StockEtablissement.parquet", b"PAR1\x00\x00PAR1"),
])
def test_zip_contenant_autre_chose_qu_un_csv(recense, tmp_path, membre, contenu):
    chemin = tmp_path / "autre.zip"
    with zipfile.ZipFile(chemin, "w") as archive:
        archive.writestr(membre, contenu)
    message = refuser(recense, chemin)
    assert "ne contient pas de CSV" in message and membre in message


def test_zip_a_plusieurs_csv(recense, tmp_path):
    chemin = tmp_path / "deux.zip"
    with zipfile.ZipFile(chemin, "w") as archive:
        archive.writestr("a.csv", f.texte_csv(_lignes()))
        archive.writestr("b.csv", f.texte_csv(_lignes()))
    assert "plusieurs CSV" in refuser(recense, chemin)


def test_gzip_tronque(recense, tmp_path):
    chemin = tmp_path / "stock.csv.gz"
    brut = gzip.compress(f.texte_csv([f.etablissement(i) for i in range(1, 300)]).encode())
    chemin.write_bytes(brut[: len(brut) // 2])
    assert "stock.csv.gz" in refuser(recense, chemin)


def test_parquet_tronque(recense, tmp_path):
    chemin = f.ecrire_parquet(tmp_path / "stock.parquet", _lignes(50))
    chemin.write_bytes(chemin.read_bytes()[:200])
    assert "Parquet" in refuser(recense, chemin)


def test_unites_legales_donnees_comme_etablissements(recense, tmp_path):
    chemin = f.ecrire_unites_legales(tmp_path / "ul.csv", [f.unite_legale("100000017")])
    message = refuser(recense, chemin)
    assert "StockUniteLegale" in message and "--unites-legales" in message


def test_etablissements_donnes_comme_unites_legales(recense, tmp_path):
    etab = f.ecrire_csv(tmp_path / "e.csv", _lignes())
    message = refuser(recense, etab, chemin_unites_legales=etab)
    assert "unités légales" in message


def test_fichier_historique_nomme(recense, tmp_path):
    chemin = f.ecrire_csv(tmp_path / "histo.csv", _lignes(), (*f.ENTETE_STOCK_ETABLISSEMENT, "dateFin"))
    assert "StockEtablissementHistorique" in refuser(recense, chemin)


def test_ancien_format_v2_reel_refuse_en_nommant_le_format(recense):
    message = refuser(recense, shared_file("sirene/old_v2_geo-sirene_35_small.csv"))
    assert "SIRENE v2" in message and "avant 2019" in message


def test_export_opendatasoft_reel_refuse_en_nommant_le_format(recense):
    message = refuser(recense, shared_file("sirene/old_v2_ods_labels_bars_bouches-du-rhone.csv"))
    assert "OpenDataSoft" in message


def test_fichier_d_unites_legales_invalide_ne_change_rien(recense, tmp_path):
    ul = tmp_path / "ul.csv"
    ul.write_text("siren,denominationUniteLegale\n100000017,X\n")
    message = refuser(recense, f.ecrire_csv(tmp_path / "e.csv", _lignes()), chemin_unites_legales=ul)
    assert "ul.csv" in message and "statutDiffusionUniteLegale" in message


@pytest.mark.parametrize("ecrire", [f.ecrire_csv, f.ecrire_zip], ids=["csv", "zip"])
def test_ligne_demesuree_refusee_sans_recopier_son_contenu(recense, tmp_path, ecrire):
    lignes = [f.etablissement(1), f.etablissement(2, enseigne1Etablissement="A" * 3_000_000), f.etablissement(3)]
    message = refuser(recense, ecrire(tmp_path / "enorme", lignes))
    assert "enorme" in message and "ligne 3" in message and "2 Mo" in message and "AAAA" not in message
