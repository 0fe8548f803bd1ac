"""Pure transforms of SIRENE rows: no database, no file. Unit-tested on their own.

The reader hands column batches (``dict[colonne SIRENE, list[str | None]]``); ``transformer_lot``
turns one batch into field dictionaries of ``Etablissement`` (model field names) plus the
rejected rows, given a ``Contexte`` (territory's communes, zones, NAF → filière rules).
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from territoire.etablissements.identifiants import siret_valide

from .. import tranches

ND = "[ND]"  # value hidden under partial diffusion (statut P)
PARIS = ZoneInfo("Europe/Paris")

# Etablissement.localisation values (kept equal to models.Localisation, checked by a test).
POINT = "point"
ZONE_UNIQUE = "zone_unique"
COMMUNE = "commune"

_NAF_REV2 = re.compile(r"^\d\d\.\d\d[A-Z]$")

# Lambert-93 covers metropolitan France; overseas départements use other projections in SIRENE.
_LAMBERT_X = (0.0, 1_300_000.0)
_LAMBERT_Y = (6_000_000.0, 7_200_000.0)

# Model max lengths: hostile or broken values are cut, never allowed to fail the transaction.
LONGUEURS = {
    "siret": 14, "siren": 9, "nic": 5, "statut_diffusion": 1, "etat": 1, "employeur": 1,
    "tranche_effectifs": 2, "annee_effectifs": 4, "naf": 6, "nomenclature_naf": 8, "naf25": 6,
    "enseigne": 200, "denomination_usuelle": 200, "complement_adresse": 200, "numero_voie": 10,
    "indice_repetition": 5, "type_voie": 10, "libelle_voie": 200, "code_postal": 5,
    "libelle_commune": 100, "code_commune": 5,
}


# --- values ---------------------------------------------------------------------------------

def texte(valeur: str | None) -> str:
    """A SIRENE text value: stripped, with None and the ``[ND]`` mask turned into ''."""
    if valeur is None:
        return ""
    valeur = valeur.strip()
    return "" if valeur == ND else valeur


def court(valeur: str, nom: str) -> str:
    return valeur[: LONGUEURS[nom]] if nom in LONGUEURS else valeur


def lire_date(valeur: str | None) -> date | None:
    """``YYYY-MM-DD`` (a time part is ignored); empty or malformed gives None."""
    valeur = texte(valeur)
    if len(valeur) < 10:
        return None
    try:
        return date.fromisoformat(valeur[:10])
    except ValueError:
        return None


def lire_horodatage(valeur: str | None) -> datetime | None:
    """``YYYY-MM-DDTHH:MM:SS`` (INSEE's local time) as an aware UTC datetime; otherwise None."""
    valeur = texte(valeur)
    if not valeur:
        return None
    try:
        moment = datetime.fromisoformat(valeur)
    except ValueError:
        jour = lire_date(valeur)
        if jour is None:
            return None
        moment = datetime(jour.year, jour.month, jour.day)
    # Stored in UTC: an aware time in a zone's DST gap never compares equal to its UTC self
    # (PEP 495), which would make an unchanged row look changed at every import.
    return (moment if moment.tzinfo else moment.replace(tzinfo=PARIS)).astimezone(UTC)


def lire_nombre(valeur: str | None) -> float | None:
    valeur = texte(valeur)
    if not valeur:
        return None
    try:
        nombre = float(valeur.replace(",", "."))
    except ValueError:
        return None
    return nombre if math.isfinite(nombre) else None


def lire_booleen(valeur: str | None) -> bool:
    return texte(valeur).lower() in {"true", "1", "o", "oui"}


def lire_tranche(valeur: str | None) -> str:
    """A headcount band code; a Parquet integer ``1`` is the band ``01``; unknown codes give ''."""
    code = texte(valeur)
    if code.isdigit() and len(code) == 1:
        code = code.zfill(2)
    return code if code in tranches.TRANCHES else ""


def lire_annee(valeur: str | None) -> str:
    annee = texte(valeur)
    return annee[:4] if annee[:4].isdigit() else ""


# --- identifiers ----------------------------------------------------------------------------


def motif_siret_invalide(siret: str, siren: str, nic: str) -> str | None:
    """Why a row's identifiers are unusable, or None when they are fine."""
    if len(siret) != 14 or not siret.isascii() or not siret.isdigit():
        return "le SIRET doit compter 14 chiffres"
    if not siret_valide(siret):
        return "clé de contrôle du SIRET invalide"
    if (siren and siren != siret[:9]) or (nic and nic != siret[9:]):
        return "SIRET différent de SIREN + NIC"
    return None


# --- activity -------------------------------------------------------------------------------

def nomenclature(naf: str, declaree: str) -> str:
    """The nomenclature of a NAF code: the declared one, else NAFRev2 when the code looks so."""
    if declaree:
        return declaree
    return "NAFRev2" if _NAF_REV2.match(naf) else ""


def est_industriel(naf: str, nomenclature_naf: str) -> bool:
    """Industry = NAF rév. 2 divisions 05 to 39 (sections B to E). Older nomenclatures
    (NAFRev1, NAF1993, NAP) are kept as codes but never counted as industry."""
    if nomenclature_naf != "NAFRev2" or len(naf) < 2 or not naf[:2].isdigit():
        return False
    return 5 <= int(naf[:2]) <= 39


def filiere_pour(naf: str, nomenclature_naf: str, regles: dict[str, int]) -> int | None:
    """The filière id of the longest NAF prefix rule that matches (``regles``: prefix → id)."""
    if nomenclature_naf != "NAFRev2" or not naf:
        return None
    for longueur in range(len(naf), 1, -1):
        trouvee = regles.get(naf[:longueur])
        if trouvee is not None:
            return trouvee
    return None


def emplois(tranche: str, effectif_connu: int | None = None) -> tuple[int, float, int]:
    """(low, central, high) jobs: the band's range, or the known figure for all three."""
    if effectif_connu is not None:
        return effectif_connu, float(effectif_connu), effectif_connu
    return tranches.emplois(tranche)


# --- geography ------------------------------------------------------------------------------

def lambert_plausible(x: float | None, y: float | None, code_commune: str) -> bool:
    if x is None or y is None or code_commune.startswith("97"):
        return False
    return _LAMBERT_X[0] <= x <= _LAMBERT_X[1] and _LAMBERT_Y[0] <= y <= _LAMBERT_Y[1]


def vers_wgs84(xs: list[float | None], ys: list[float | None], codes: list[str]) -> tuple[list, list]:
    """Vectorised Lambert-93 → (longitudes, latitudes); None where there is no usable point."""
    from territoire.referentiel.geo import lambert93_vers_wgs84

    indices = [i for i, (x, y, c) in enumerate(zip(xs, ys, codes, strict=True)) if lambert_plausible(x, y, c)]
    lons: list[float | None] = [None] * len(xs)
    lats: list[float | None] = [None] * len(xs)
    if indices:
        lo, la = lambert93_vers_wgs84([xs[i] for i in indices], [ys[i] for i in indices])
        for rang, i in enumerate(indices):
            if math.isfinite(lo[rang]) and math.isfinite(la[rang]):
                lons[i], lats[i] = round(float(lo[rang]), 6), round(float(la[rang]), 6)
    return lons, lats


class Zonage:
    """Places establishments in the territory's activity zones.

    A diffusible establishment with coordinates is placed by point-in-polygon. A ``P``
    establishment, or one without coordinates, is placed in a zone only when its commune holds
    exactly one zone (``zone_unique``); otherwise it stays unlocated within its commune.
    """

    def __init__(self, zones: list[tuple[int, object, list[str]]]) -> None:
        from shapely import STRtree

        self.ids = [identifiant for identifiant, _, _ in zones]
        self.arbre = STRtree([geometrie for _, geometrie, _ in zones]) if zones else None
        self.par_commune: dict[str, list[int]] = {}
        for identifiant, _, communes in zones:
            for code in communes:
                self.par_commune.setdefault(code, []).append(identifiant)

    def placer(
        self, codes: list[str], lons: list, lats: list, diffusibles: list[bool]
    ) -> list[tuple[int | None, str]]:
        import shapely

        resultat: list[tuple[int | None, str]] = []
        a_chercher = []
        for i, (code, lon, diffusible) in enumerate(zip(codes, lons, diffusibles, strict=True)):
            if diffusible and lon is not None:
                resultat.append((None, POINT))
                a_chercher.append(i)
            else:
                zones = self.par_commune.get(code, [])
                resultat.append((zones[0], ZONE_UNIQUE) if len(zones) == 1 else (None, COMMUNE))
        if a_chercher and self.arbre is not None:
            points = shapely.points([lons[i] for i in a_chercher], [lats[i] for i in a_chercher])
            entrees, trouvees = self.arbre.query(points, predicate="intersects")
            for entree, trouvee in zip(entrees.tolist(), trouvees.tolist(), strict=True):
                i = a_chercher[entree]
                if resultat[i][0] is None:
                    resultat[i] = (self.ids[trouvee], POINT)
        return resultat


# --- rows -----------------------------------------------------------------------------------

@dataclass
class Contexte:
    """What the transforms need to know about the territory, loaded once per import."""

    communes: dict[str, int]  # code INSEE → Commune id
    regles: dict[str, int]  # NAF prefix → Filiere id
    zonage: Zonage = field(default_factory=lambda: Zonage([]))


@dataclass
class Rejet:
    ligne: int
    siret: str
    motif: str

    def exemple(self) -> dict:
        return {"ligne": self.ligne, "siret": self.siret[:40], "motif": self.motif}


def _textes(valeurs: list) -> list[str]:
    """``texte`` over a whole column (one comprehension: no call per value)."""
    return ["" if v is None else ("" if (t := v.strip()) == ND else t) for v in valeurs]


def _courts(valeurs: list[str], nom: str) -> list[str]:
    longueur = LONGUEURS.get(nom)
    if longueur is None:
        return valeurs
    return [v if len(v) <= longueur else v[:longueur] for v in valeurs]


# Model field ← SIRENE column, for the text fields copied as they are (cleaned and cut).
_TEXTES = {
    "naf25": "activitePrincipaleNAF25Etablissement",
    "denomination_usuelle": "denominationUsuelleEtablissement",
    "complement_adresse": "complementAdresseEtablissement",
    "numero_voie": "numeroVoieEtablissement",
    "indice_repetition": "indiceRepetitionEtablissement",
    "type_voie": "typeVoieEtablissement",
    "libelle_voie": "libelleVoieEtablissement",
    "code_postal": "codePostalEtablissement",
    "libelle_commune": "libelleCommuneEtablissement",
}


def transformer_lot(lot: dict[str, list], contexte: Contexte) -> tuple[list[dict], list[Rejet]]:
    """One batch of SIRENE rows → (Etablissement field dicts, rejected rows).

    Columns are cleaned whole (one comprehension each) before the rows are built: a batch holds
    thousands of rows, and a function call per value was most of the cost of the transform.
    """
    sirets = _textes(lot["siret"])
    sirens, nics = _textes(lot["siren"]), _textes(lot["nic"])
    etats = [e.upper() for e in _textes(lot["etatAdministratifEtablissement"])]
    rejets: list[Rejet] = []
    retenus: list[int] = []
    for i, ligne in enumerate(lot["_ligne"]):
        siret = sirets[i]
        motif = motif_siret_invalide(siret, sirens[i], nics[i])
        if motif is None and etats[i] not in {"A", "F"}:
            motif = f"état administratif inconnu « {etats[i][:10]} » (A ou F attendu)"
        if motif is not None:
            rejets.append(Rejet(ligne, siret or "(vide)", motif))
        else:
            retenus.append(i)
    if not retenus:
        return [], rejets
    if len(retenus) < len(sirets):
        lot = {nom: [valeurs[i] for i in retenus] for nom, valeurs in lot.items()}
        sirets = [sirets[i] for i in retenus]
        etats = [etats[i] for i in retenus]
    gardes = _champs(lot, sirets, etats, contexte)
    _localiser(gardes, contexte)
    return gardes, rejets


def _champs(lot: dict[str, list], sirets: list[str], etats: list[str], contexte: Contexte) -> list[dict]:
    """The field dicts of valid rows (``sirets`` and ``etats`` already cleaned)."""
    def colonne(nom: str) -> list[str]:
        return _textes(lot[nom])

    statuts = [v.upper() or "O" for v in colonne("statutDiffusionEtablissement")]
    nafs = colonne("activitePrincipaleEtablissement")  # cut to its field's length only when stored
    declarees = colonne("nomenclatureActivitePrincipaleEtablissement")
    nomenclatures = [nomenclature(naf, d) for naf, d in zip(nafs, declarees, strict=True)]
    codes = _courts(colonne("codeCommuneEtablissement"), "code_commune")
    enseignes = _courts(
        [a or b or c for a, b, c in zip(
            colonne("enseigne1Etablissement"), colonne("enseigne2Etablissement"), colonne("enseigne3Etablissement"),
            strict=True,
        )],
        "enseigne",
    )
    textes = {champ: _courts(colonne(source), champ) for champ, source in _TEXTES.items()}
    employeurs = [v.upper()[:1] for v in colonne("caractereEmployeurEtablissement")]
    sieges = [lire_booleen(v) for v in lot["etablissementSiege"]]
    creations = [_date(v) for v in lot["dateCreationEtablissement"]]
    debuts = [_date(v) for v in lot["dateDebut"]]
    traitements = [_horodatage(v) for v in lot["dateDernierTraitementEtablissement"]]
    tranches_ = [lire_tranche(v) for v in lot["trancheEffectifsEtablissement"]]
    annees = [lire_annee(v) for v in lot["anneeEffectifsEtablissement"]]
    diffusibles = [statut != "P" for statut in statuts]
    xs = [lire_nombre(v) if d else None for v, d in zip(lot["coordonneeLambertAbscisseEtablissement"], diffusibles, strict=True)]
    ys = [lire_nombre(v) if d else None for v, d in zip(lot["coordonneeLambertOrdonneeEtablissement"], diffusibles, strict=True)]
    geos = [
        (lire_nombre(lon), lire_nombre(lat)) if d else (None, None)
        for lon, lat, d in zip(lot["longitude"], lot["latitude"], diffusibles, strict=True)
    ]
    communes, regles = contexte.communes, contexte.regles
    gardes = []
    for i, siret in enumerate(sirets):
        naf, nomen, code = nafs[i], nomenclatures[i], codes[i]
        champs = {
            "siret": siret,
            "siren": siret[:9],
            "nic": siret[9:],
            "statut_diffusion": statuts[i][:1],
            "siege": sieges[i],
            "date_creation": creations[i],
            "date_debut": debuts[i],
            "etat": etats[i],
            "employeur": employeurs[i],
            "tranche_effectifs": tranches_[i],
            "annee_effectifs": annees[i],
            "naf": court(naf, "naf"),
            "nomenclature_naf": court(nomen, "nomenclature_naf"),
            "est_industriel": est_industriel(naf, nomen),
            "filiere_id": filiere_pour(naf, nomen, regles),
            "enseigne": enseignes[i],
            "code_commune": code,
            "commune_id": communes.get(code),
            "lambert_x": xs[i],
            "lambert_y": ys[i],
            "date_dernier_traitement": traitements[i],
            "_geo": geos[i],
        }
        for champ, valeurs in textes.items():
            champs[champ] = valeurs[i]
        gardes.append(champs)
    return gardes


@functools.lru_cache(maxsize=4096)
def _date(valeur: str | None) -> date | None:
    """``lire_date``, remembered: creation dates repeat across thousands of rows."""
    return lire_date(valeur)


@functools.lru_cache(maxsize=4096)
def _horodatage(valeur: str | None) -> datetime | None:
    """``lire_horodatage``, remembered: INSEE's processing times repeat across rows."""
    return lire_horodatage(valeur)


def _localiser(gardes: list[dict], contexte: Contexte) -> None:
    codes = [c["code_commune"] for c in gardes]
    lons, lats = vers_wgs84([c["lambert_x"] for c in gardes], [c["lambert_y"] for c in gardes], codes)
    for i, champs in enumerate(gardes):
        lon, lat = champs.pop("_geo")
        if lons[i] is None and lon is not None and lat is not None and -180 <= lon <= 180 and -90 <= lat <= 90:
            lons[i], lats[i] = lon, lat  # geo_siret files: geocoded WGS84 point, no Lambert
    places = contexte.zonage.placer(codes, lons, lats, [c["statut_diffusion"] != "P" for c in gardes])
    for champs, lon, lat, (zone, localisation) in zip(gardes, lons, lats, places, strict=True):
        champs["longitude"], champs["latitude"] = lon, lat
        champs["zone_id"], champs["localisation"] = zone, localisation


# --- legal units ----------------------------------------------------------------------------

def transformer_unites_legales(lot: dict[str, list]) -> list[dict]:
    """One batch of StockUniteLegale rows (or of establishment rows carrying the unité légale
    columns, as the API export does) → UniteLegale field dicts. Invalid SIRENs are dropped."""
    resultat = []
    for i in range(len(lot["_ligne"])):
        def v(colonne: str, i: int = i) -> str:
            valeurs = lot.get(colonne)
            return texte(valeurs[i]) if valeurs is not None else ""

        siren = v("siren")
        if len(siren) != 9 or not siren.isdigit():
            continue
        resultat.append({
            "siren": siren,
            "statut_diffusion": (v("statutDiffusionUniteLegale").upper() or "O")[:1],
            "denomination": v("denominationUniteLegale")[:250],
            "sigle": v("sigleUniteLegale")[:50],
            "nom": (v("nomUsageUniteLegale") or v("nomUniteLegale"))[:120],
            "prenom": (v("prenomUsuelUniteLegale") or v("prenom1UniteLegale"))[:120],
            "categorie_juridique": v("categorieJuridiqueUniteLegale")[:4],
            "categorie_entreprise": v("categorieEntreprise")[:3],
            "annee_categorie": lire_annee(v("anneeCategorieEntreprise")),
            "tranche_effectifs": lire_tranche(v("trancheEffectifsUniteLegale")),
            "annee_effectifs": lire_annee(v("anneeEffectifsUniteLegale")),
            "naf": v("activitePrincipaleUniteLegale")[:6],
            "naf25": v("activitePrincipaleNAF25UniteLegale")[:6],
            "etat": (v("etatAdministratifUniteLegale").upper() or "A")[:1],
            "date_creation": lire_date(v("dateCreationUniteLegale")),
            "nic_siege": v("nicSiegeUniteLegale")[:5],
            "economie_sociale_solidaire": v("economieSocialeSolidaireUniteLegale")[:1],
        })
    return resultat
