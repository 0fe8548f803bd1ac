"""Helpers that write small SIRENE-format files (StockEtablissement, StockUniteLegale) for tests.

Rows are dicts by official column name; ``etablissement(...)`` fills a plausible active
establishment of Ruitz (62729) located inside the "ZI de Ruitz" of the ``territoire`` fixture.
"""

from __future__ import annotations

import csv
import gzip
import io
import zipfile
from pathlib import Path

from territoire.etablissements.identifiants import cle_luhn
from territoire.etablissements.importer.colonnes import (
    ENTETE_STOCK_ETABLISSEMENT,
    ENTETE_STOCK_UNITE_LEGALE,
)
from territoire.referentiel.geo import wgs84_vers_lambert93

RUITZ, BETHUNE = "62729", "62119"
ZI_RUITZ = (2.59, 50.47)  # centre of the zone of the fixture (a square of ±0.005°)
HORS_ZONE_RUITZ = (2.60, 50.48)  # in Ruitz's square, outside the zone
CENTRE_BETHUNE = (2.64, 50.53)


def siret(numero: int, siren: str | None = None) -> str:
    """A valid SIRET: a Luhn-valid SIREN built from ``numero`` (or the one given) and a NIC."""
    if siren is None:
        debut = f"{100000 + numero:08d}"
        siren = debut + cle_luhn(debut)
    nic = f"{numero % 10000:04d}"
    return siren + nic + cle_luhn(siren + nic)


def lambert(lon: float, lat: float) -> tuple[str, str]:
    x, y = wgs84_vers_lambert93(lon, lat)
    return f"{x:.1f}", f"{y:.1f}"


def etablissement(numero: int, *, point: tuple[float, float] | None = ZI_RUITZ, **colonnes: str) -> dict:
    """One StockEtablissement row by column name; keyword arguments override columns."""
    s = colonnes.pop("siret", None) or siret(numero)
    x, y = lambert(*point) if point else ("", "")
    ligne = {
        "siren": s[:9], "nic": s[9:], "siret": s, "statutDiffusionEtablissement": "O",
        "dateCreationEtablissement": "2005-03-01", "trancheEffectifsEtablissement": "11",
        "anneeEffectifsEtablissement": "2023", "dateDernierTraitementEtablissement": "2025-10-02T09:15:00",
        "etablissementSiege": "true", "nombrePeriodesEtablissement": "1",
        "numeroVoieEtablissement": str(numero % 200 + 1), "typeVoieEtablissement": "RUE",
        "libelleVoieEtablissement": "DES INDUSTRIES", "codePostalEtablissement": "62620",
        "libelleCommuneEtablissement": "RUITZ", "codeCommuneEtablissement": RUITZ,
        "coordonneeLambertAbscisseEtablissement": x, "coordonneeLambertOrdonneeEtablissement": y,
        "dateDebut": "2005-03-01", "etatAdministratifEtablissement": "A",
        "enseigne1Etablissement": f"ATELIER {numero}", "activitePrincipaleEtablissement": "25.62A",
        "nomenclatureActivitePrincipaleEtablissement": "NAFRev2", "caractereEmployeurEtablissement": "O",
        "activitePrincipaleNAF25Etablissement": "25.62Y",
    }
    ligne.update(colonnes)
    return ligne


def unite_legale(siren: str, **colonnes: str) -> dict:
    ligne = {
        "siren": siren, "statutDiffusionUniteLegale": "O", "dateCreationUniteLegale": "2005-03-01",
        "categorieEntreprise": "PME", "anneeCategorieEntreprise": "2023", "etatAdministratifUniteLegale": "A",
        "denominationUniteLegale": f"SOCIETE {siren}", "categorieJuridiqueUniteLegale": "5710",
        "activitePrincipaleUniteLegale": "25.62A", "nomenclatureActivitePrincipaleUniteLegale": "NAFRev2",
        "nicSiegeUniteLegale": "00010", "trancheEffectifsUniteLegale": "11", "anneeEffectifsUniteLegale": "2023",
    }
    ligne.update(colonnes)
    return ligne


def texte_csv(lignes: list[dict], colonnes=ENTETE_STOCK_ETABLISSEMENT, *, separateur: str = ",") -> str:
    sortie = io.StringIO()
    ecrivain = csv.writer(sortie, delimiter=separateur, lineterminator="\n")
    ecrivain.writerow(colonnes)
    for ligne in lignes:
        ecrivain.writerow([ligne.get(c, "") for c in colonnes])
    return sortie.getvalue()


def ecrire_csv(chemin: Path, lignes: list[dict], colonnes=ENTETE_STOCK_ETABLISSEMENT, *, encodage="utf-8") -> Path:
    chemin.write_bytes(texte_csv(lignes, colonnes).encode(encodage))
    return chemin


def ecrire_gzip(chemin: Path, lignes: list[dict], colonnes=ENTETE_STOCK_ETABLISSEMENT) -> Path:
    chemin.write_bytes(gzip.compress(texte_csv(lignes, colonnes).encode()))
    return chemin


def ecrire_zip(
    chemin: Path, lignes: list[dict], colonnes=ENTETE_STOCK_ETABLISSEMENT, *, membre="StockEtablissement_utf8.csv"
) -> Path:
    with zipfile.ZipFile(chemin, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(membre, texte_csv(lignes, colonnes))
    return chemin


def ecrire_parquet(chemin: Path, lignes: list[dict], colonnes=ENTETE_STOCK_ETABLISSEMENT) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({c: pa.array([ligne.get(c) or None for ligne in lignes], pa.string()) for c in colonnes})
    pq.write_table(table, chemin)
    return chemin


def ecrire_unites_legales(chemin: Path, lignes: list[dict]) -> Path:
    return ecrire_csv(chemin, lignes, ENTETE_STOCK_UNITE_LEGALE)
