"""Small StockEtablissementHistorique files for tests (rows by official column name)."""

from __future__ import annotations

from territoire.etablissements.importer.historique import ENTETE_HISTORIQUE
from tests.etablissements import fichiers as stock


def periode(siret: str, debut: str, fin: str = "", etat: str = "A", naf: str = "25.62A", **colonnes: str) -> dict:
    ligne = {
        "siren": siret[:9], "nic": siret[9:], "siret": siret, "dateFin": fin, "dateDebut": debut,
        "etatAdministratifEtablissement": etat, "changementEtatAdministratifEtablissement": "false",
        "changementEnseigneEtablissement": "false", "changementDenominationUsuelleEtablissement": "false",
        "activitePrincipaleEtablissement": naf, "nomenclatureActivitePrincipaleEtablissement": "NAFRev2" if naf else "",
        "changementActivitePrincipaleEtablissement": "false",
        "caractereEmployeurEtablissement": "O" if etat == "A" else "N",
        "changementCaractereEmployeurEtablissement": "false",
    }
    ligne.update(colonnes)
    return ligne


def ecrire(chemin, lignes, colonnes=ENTETE_HISTORIQUE, *, format="csv", encodage="utf-8"):
    if format == "zip":
        return stock.ecrire_zip(chemin, lignes, colonnes, membre="StockEtablissementHistorique_utf8.csv")
    if format == "gzip":
        return stock.ecrire_gzip(chemin, lignes, colonnes)
    if format == "parquet":
        return stock.ecrire_parquet(chemin, lignes, colonnes)
    return stock.ecrire_csv(chemin, lignes, colonnes, encodage=encodage)
