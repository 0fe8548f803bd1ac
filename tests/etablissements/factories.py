"""Plain functions that create census rows through the ORM, with sensible defaults.

SIRETs are generated Luhn-valid from a counter, so every test gets distinct, valid keys.
"""

from __future__ import annotations

import itertools
from datetime import date

from django.utils import timezone

from territoire.etablissements import tranches
from territoire.etablissements.identifiants import cle_luhn
from territoire.etablissements.models import (
    Changement,
    Etablissement,
    Filiere,
    ImportSirene,
    RegleNaf,
    UniteLegale,
)

_compteur = itertools.count(1)


def _cle_luhn(chiffres: str) -> str:
    """`chiffres` followed by the digit that makes it Luhn-valid."""
    return chiffres + cle_luhn(chiffres)


def nouveau_siren() -> str:
    return _cle_luhn(f"{next(_compteur) + 30000000:08d}")


def siret_de(siren: str, nic: int = 1) -> str:
    return _cle_luhn(f"{siren}{nic:04d}")


def filiere_de(naf: str) -> Filiere | None:
    """The filière of a NAF code by the longest matching prefix (as the importer does)."""
    regles = RegleNaf.objects.select_related("filiere")
    meilleure = None
    for regle in regles:
        if naf.startswith(regle.prefixe) and (meilleure is None or len(regle.prefixe) > len(meilleure.prefixe)):
            meilleure = regle
    return meilleure.filiere if meilleure else None


def unite_legale(**champs) -> UniteLegale:
    valeurs = {
        "siren": nouveau_siren(),
        "denomination": "Mécanique de l'Artois",
        "categorie_juridique": "5710",
        "categorie_entreprise": "PME",
        "naf": "25.62A",
    }
    valeurs.update(champs)
    return UniteLegale.objects.create(**valeurs)


def etablissement(commune, *, unite=None, zone=None, **champs) -> Etablissement:
    """An active, diffusible, employer establishment of `commune` (20–49 employees, décolletage).

    Pass `unite=` to attach it to an existing legal unit, or `denomination=`, `categorie_juridique=`,
    `nom=`, `prenom=` to shape the legal unit created for it.
    """
    champs_ul = {k: champs.pop(k) for k in ("denomination", "categorie_juridique", "nom", "prenom") if k in champs}
    if unite is None:
        unite = unite_legale(**champs_ul)
    naf = champs.get("naf", "25.62A")
    tranche = champs.get("tranche_effectifs", "12")
    bas, central, haut = tranches.emplois(tranche)
    division = int(naf[:2]) if naf[:2].isdigit() else 0
    nic = unite.etablissements.count() + 1
    valeurs = {
        "siret": siret_de(unite.siren, nic),
        "siren": unite.siren,
        "nic": f"{nic:05d}",
        "unite_legale": unite,
        "statut_diffusion": "O",
        "siege": nic == 1,
        "date_creation": date(2010, 3, 1),
        "etat": Etablissement.Etat.ACTIF,
        "employeur": "O",
        "tranche_effectifs": tranche,
        "annee_effectifs": "2023",
        "emplois_bas": bas,
        "emplois_central": central,
        "emplois_haut": haut,
        "naf": naf,
        "nomenclature_naf": "NAFRev2",
        "naf25": "",
        "est_industriel": 5 <= division <= 39,
        "filiere": filiere_de(naf),
        "numero_voie": "12",
        "type_voie": "RUE",
        "libelle_voie": "DES FORGES",
        "code_postal": "62700",
        "libelle_commune": commune.nom.upper(),
        "code_commune": commune.code_insee,
        "commune": commune,
        "latitude": commune.latitude,
        "longitude": commune.longitude,
        "zone": zone,
        "localisation": "point" if commune.latitude is not None else "commune",
    }
    valeurs.update(champs)
    return Etablissement.objects.create(**valeurs)


def non_diffusible(commune, **champs) -> Etablissement:
    """A partially diffusible (P) establishment: address, coordinates and trade names hidden."""
    valeurs = {
        "statut_diffusion": "P",
        "numero_voie": "",
        "type_voie": "",
        "libelle_voie": "",
        "latitude": None,
        "longitude": None,
        "localisation": "commune",
        "denomination": "Forges Secrètes",
    }
    valeurs.update(champs)
    return etablissement(commune, **valeurs)


def entrepreneur_individuel(commune, **champs) -> Etablissement:
    """A sole trader (legal category 1000): their own name is personal data."""
    valeurs = {
        "categorie_juridique": "1000",
        "denomination": "",
        "nom": "DUPONTEL",
        "prenom": "Josiane",
        "naf": "33.12Z",
        "tranche_effectifs": "01",
    }
    valeurs.update(champs)
    return etablissement(commune, **valeurs)


def import_sirene(territoire, **champs) -> ImportSirene:
    valeurs = {
        "territoire": territoire,
        "source": "StockEtablissement_utf8.zip",
        "format": "zip",
        "statut": ImportSirene.Statut.REUSSI,
        "debut": timezone.now(),
        "fin": timezone.now(),
    }
    valeurs.update(champs)
    return ImportSirene.objects.create(**valeurs)


def changement(import_run, etab, type=Changement.Type.TRANCHE, avant="11", apres="12") -> Changement:
    return Changement.objects.create(import_sirene=import_run, etablissement=etab, type=type, avant=avant, apres=apres)


def petit_recensement(territoire) -> dict:
    """A handful of establishments covering the cases the pages must tell apart.

    Ruitz (62729) holds the zone "ZI de Ruitz"; Béthune (62119) holds none.
    """
    ruitz = territoire.communes.get(code_insee="62729")
    bethune = territoire.communes.get(code_insee="62119")
    zone = territoire.zones.get(slug="zi-de-ruitz")
    return {
        "decolletage": etablissement(
            ruitz, denomination="Décolletage de Ruitz", zone=zone, tranche_effectifs="22", naf="25.62A"
        ),
        "plasturgie": etablissement(
            bethune, denomination="Plastiques du Béthunois", enseigne="PLASTIBET", tranche_effectifs="12",
            naf="22.29A",
        ),
        "cache": non_diffusible(bethune, naf="28.11Z", tranche_effectifs="21"),
        "artisan": entrepreneur_individuel(ruitz),
        "ferme": etablissement(
            bethune, denomination="Fonderie Fermée", etat=Etablissement.Etat.FERME, naf="24.51Z"
        ),
        "logiciel": etablissement(
            bethune, denomination="Logiciels Artois", naf="62.01Z", tranche_effectifs="11"
        ),
    }
