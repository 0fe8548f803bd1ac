"""CSV export of the directory: UTF-8 with BOM, semicolons, decimal commas, formula injection
neutralised."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator

from territoire.formules import neutraliser

from . import categories_juridiques, naf

COLONNES = [
    "siret", "siren", "nom", "categorie_juridique", "libelle_categorie_juridique", "naf", "libelle_naf", "naf_2025", "filiere", "tranche_effectifs",
    "libelle_tranche", "millesime_effectifs", "emplois_bas", "emplois_central", "emplois_haut", "etat",
    "siege", "code_commune", "commune", "zone", "adresse", "fictif",
]


def cellule_sure(valeur) -> str:
    """The text of a cell, neutralised by the platform's one formula rule (territoire.formules)."""
    return neutraliser("" if valeur is None else str(valeur))


def nombre_csv(valeur, decimales: int = 1) -> str:
    """A number as a French spreadsheet reads it in a ";" file: decimal comma, no thousands
    separator (12,5 ; 1250 ; 3). Integers stay integers."""
    if valeur is None:
        return ""
    if isinstance(valeur, int) or float(valeur).is_integer():
        return str(int(valeur))
    return f"{float(valeur):.{decimales}f}".replace(".", ",")


def ligne(etab, public: bool) -> list:
    """One establishment as an export row; the public never gets a sole trader's name or address."""
    adresse = etab.adresse() if adresse_montrable(etab, public) else ""
    categorie = etab.unite_legale.categorie_juridique if etab.unite_legale_id else ""
    return [
        etab.siret, etab.siren, etab.nom_affiche(public=public), categorie, categories_juridiques.libelle(categorie),
        etab.naf, naf.libelle(etab.naf), etab.naf25,
        etab.filiere.libelle if etab.filiere_id else "", etab.tranche_effectifs, etab.libelle_tranche(),
        etab.annee_effectifs, nombre_csv(etab.emplois_bas), nombre_csv(etab.emplois_central), nombre_csv(etab.emplois_haut),
        etab.get_etat_display(), "oui" if etab.siege else "non", etab.code_commune,
        etab.commune.nom if etab.commune_id else etab.libelle_commune, etab.zone.nom if etab.zone_id else "",
        adresse, "oui" if etab.fictif else "non",
    ]


class _Tampon:
    def write(self, valeur: str) -> str:
        return valeur


def lignes_csv(etablissements: Iterable, public: bool) -> Iterator[str]:
    """Stream the CSV text, one row at a time (constant memory, whatever the territory's size)."""
    ecrivain = csv.writer(_Tampon(), delimiter=";")
    yield "\ufeff" + ecrivain.writerow(COLONNES)
    for etab in etablissements:
        yield ecrivain.writerow([cellule_sure(v) for v in ligne(etab, public)])


def adresse_montrable(etab, public: bool) -> bool:
    """May this viewer see the establishment's address and coordinates? The public may not for a
    non-diffusible (P) establishment, nor for a sole trader (often their home)."""
    if not public:
        return True
    personne = bool(etab.unite_legale_id and etab.unite_legale.est_personne_physique)
    return etab.diffusible and not personne
