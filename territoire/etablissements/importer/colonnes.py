"""Which columns the importer reads, by name, and how it recognises the layouts it refuses.

SIRENE files are read by column NAME, never by position: INSEE adds columns without notice
(the NAF 2025 column was appended in December 2025). Columns listed as optional may be absent
(the API Sirene v3 CSV export has no ``dateDebut``; the geo_siret files have no Lambert
coordinates): they are then read as empty.
"""

from __future__ import annotations

from dataclasses import dataclass

# --- StockEtablissement -------------------------------------------------------------------

ETABLISSEMENT_REQUISES = (
    "siret",
    "siren",
    "nic",
    "statutDiffusionEtablissement",
    "codeCommuneEtablissement",
    "etatAdministratifEtablissement",
    "activitePrincipaleEtablissement",
    "trancheEffectifsEtablissement",
)

ETABLISSEMENT_OPTIONNELLES = (
    "dateCreationEtablissement",
    "anneeEffectifsEtablissement",
    "dateDernierTraitementEtablissement",
    "etablissementSiege",
    "complementAdresseEtablissement",
    "numeroVoieEtablissement",
    "indiceRepetitionEtablissement",
    "typeVoieEtablissement",
    "libelleVoieEtablissement",
    "codePostalEtablissement",
    "libelleCommuneEtablissement",
    "coordonneeLambertAbscisseEtablissement",
    "coordonneeLambertOrdonneeEtablissement",
    "dateDebut",
    "enseigne1Etablissement",
    "enseigne2Etablissement",
    "enseigne3Etablissement",
    "denominationUsuelleEtablissement",
    "nomenclatureActivitePrincipaleEtablissement",
    "caractereEmployeurEtablissement",
    "activitePrincipaleNAF25Etablissement",
)

# --- StockUniteLegale ---------------------------------------------------------------------

UNITE_LEGALE_REQUISES = (
    "siren",
    "statutDiffusionUniteLegale",
    "etatAdministratifUniteLegale",
    "categorieJuridiqueUniteLegale",
)

UNITE_LEGALE_OPTIONNELLES = (
    "dateCreationUniteLegale",
    "sigleUniteLegale",
    "prenom1UniteLegale",
    "prenomUsuelUniteLegale",
    "trancheEffectifsUniteLegale",
    "anneeEffectifsUniteLegale",
    "categorieEntreprise",
    "anneeCategorieEntreprise",
    "nomUniteLegale",
    "nomUsageUniteLegale",
    "denominationUniteLegale",
    "activitePrincipaleUniteLegale",
    "nomenclatureActivitePrincipaleUniteLegale",
    "nicSiegeUniteLegale",
    "economieSocialeSolidaireUniteLegale",
    "activitePrincipaleNAF25UniteLegale",
)

# Unité légale columns that the API Sirene v3 export embeds in its establishment rows: when
# they are there, the establishment file alone gives each SIREN its name and legal category.
UNITE_LEGALE_EMBARQUEES = ("denominationUniteLegale", "nomUniteLegale", "categorieJuridiqueUniteLegale")


@dataclass(frozen=True)
class Genre:
    """What a file is expected to be: establishments or legal units."""

    code: str
    libelle: str
    requises: tuple[str, ...]
    optionnelles: tuple[str, ...]


# WGS84 point of the geo_siret files (Etalab's geocoded stock): used when Lambert is absent.
GEO_SIRET = ("longitude", "latitude")

ETABLISSEMENTS = Genre(
    "etablissements", "StockEtablissement (établissements)", ETABLISSEMENT_REQUISES,
    ETABLISSEMENT_OPTIONNELLES + GEO_SIRET + tuple(
        c for c in UNITE_LEGALE_REQUISES + UNITE_LEGALE_OPTIONNELLES if c != "siren"
    ),
)
UNITES_LEGALES = Genre(
    "unites_legales", "StockUniteLegale (unités légales)", UNITE_LEGALE_REQUISES, UNITE_LEGALE_OPTIONNELLES
)


def disposition_etrangere(colonnes: list[str], genre: Genre) -> str | None:
    """Name the layout of a header that is not the expected one, or None when it is not known.

    The returned text says what the file is and what to do with it.
    """
    noms = set(colonnes)
    minuscules = {c.lower() for c in colonnes}
    if "l1_normalisee" in minuscules or {"SIREN", "NIC", "APET700"} & noms == {"SIREN", "NIC", "APET700"}:
        return (
            "ancien format SIRENE v2 d'avant 2019 (colonnes SIREN, NIC, L1_NORMALISEE…), "
            "que l'INSEE ne publie plus : téléchargez le stock actuel (territoire sirene download)"
        )
    if any(" " in c for c in colonnes) and (
        "identifiant de l'entreprise" in minuscules
        or any(c.startswith(("siren", "siret", "numéro", "date de")) for c in minuscules)
    ):
        return (
            "export OpenDataSoft aux en-têtes en libellés français (séparateur « ; »), "
            "pas un fichier officiel de l'INSEE : téléchargez le stock officiel (territoire sirene download)"
        )
    if "siret" in noms and "datefin" in minuscules:
        return (
            "fichier StockEtablissementHistorique (périodes des établissements), pas le stock "
            "courant : donnez le fichier StockEtablissement"
        )
    if "siretetablissementpredecesseur" in minuscules:
        return "fichier des liens de succession, pas le stock des établissements : donnez le fichier StockEtablissement"
    if genre is ETABLISSEMENTS and "siret" not in noms and (
        "statutDiffusionUniteLegale" in noms or "denominationUniteLegale" in noms
    ):
        return (
            "fichier StockUniteLegale (unités légales) donné à la place des établissements : "
            "passez-le avec --unites-legales et donnez le StockEtablissement comme fichier principal"
        )
    if genre is UNITES_LEGALES and "siret" in noms:
        return (
            "fichier d'établissements (colonne siret) donné comme fichier d'unités légales : "
            "donnez le StockUniteLegale avec --unites-legales"
        )
    return None


# --- The official headers, in INSEE's order (for writers of test, demo and benchmark files) ---

_ADRESSE_2 = tuple(
    f"{nom}2Etablissement"
    for nom in (
        "complementAdresse", "numeroVoie", "indiceRepetition", "typeVoie", "libelleVoie", "codePostal",
        "libelleCommune", "libelleCommuneEtranger", "distributionSpeciale", "codeCommune", "codeCedex",
        "libelleCedex", "codePaysEtranger", "libellePaysEtranger",
    )
)

ENTETE_STOCK_ETABLISSEMENT = (
    "siren", "nic", "siret", "statutDiffusionEtablissement", "dateCreationEtablissement",
    "trancheEffectifsEtablissement", "anneeEffectifsEtablissement",
    "activitePrincipaleRegistreMetiersEtablissement", "dateDernierTraitementEtablissement",
    "etablissementSiege", "nombrePeriodesEtablissement", "complementAdresseEtablissement",
    "numeroVoieEtablissement", "indiceRepetitionEtablissement", "dernierNumeroVoieEtablissement",
    "indiceRepetitionDernierNumeroVoieEtablissement", "typeVoieEtablissement", "libelleVoieEtablissement",
    "codePostalEtablissement", "libelleCommuneEtablissement", "libelleCommuneEtrangerEtablissement",
    "distributionSpecialeEtablissement", "codeCommuneEtablissement", "codeCedexEtablissement",
    "libelleCedexEtablissement", "codePaysEtrangerEtablissement", "libellePaysEtrangerEtablissement",
    "identifiantAdresseEtablissement", "coordonneeLambertAbscisseEtablissement",
    "coordonneeLambertOrdonneeEtablissement", *_ADRESSE_2, "dateDebut", "etatAdministratifEtablissement",
    "enseigne1Etablissement", "enseigne2Etablissement", "enseigne3Etablissement",
    "denominationUsuelleEtablissement", "activitePrincipaleEtablissement",
    "nomenclatureActivitePrincipaleEtablissement", "caractereEmployeurEtablissement",
    "activitePrincipaleNAF25Etablissement",
)

ENTETE_STOCK_UNITE_LEGALE = (
    "siren", "statutDiffusionUniteLegale", "unitePurgeeUniteLegale", "dateCreationUniteLegale",
    "sigleUniteLegale", "sexeUniteLegale", "prenom1UniteLegale", "prenom2UniteLegale", "prenom3UniteLegale",
    "prenom4UniteLegale", "prenomUsuelUniteLegale", "pseudonymeUniteLegale",
    "identifiantAssociationUniteLegale", "trancheEffectifsUniteLegale", "anneeEffectifsUniteLegale",
    "dateDernierTraitementUniteLegale", "nombrePeriodesUniteLegale", "categorieEntreprise",
    "anneeCategorieEntreprise", "dateDebut", "etatAdministratifUniteLegale", "nomUniteLegale",
    "nomUsageUniteLegale", "denominationUniteLegale", "denominationUsuelle1UniteLegale",
    "denominationUsuelle2UniteLegale", "denominationUsuelle3UniteLegale", "categorieJuridiqueUniteLegale",
    "activitePrincipaleUniteLegale", "nomenclatureActivitePrincipaleUniteLegale", "nicSiegeUniteLegale",
    "economieSocialeSolidaireUniteLegale", "societeMissionUniteLegale", "caractereEmployeurUniteLegale",
    "activitePrincipaleNAF25UniteLegale",
)
