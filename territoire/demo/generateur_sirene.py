"""A fictitious, deterministic SIRENE stock for the demo territory.

Writes a StockEtablissement-format CSV (the official 54 columns, by name, NAF 2025 column
last) and a StockUniteLegale-format CSV (35 columns) for the territory's communes, from a
fixed seed: the same inputs give the same bytes. Every firm and person is invented (names
from territoire/demo/data/noms.json); communes, postcodes and boundaries are real.

The composition of the fabric is data (territoire/demo/data/industrie.json, activites.csv);
the key figures (industrial establishments followed, jobs, services to industry) are
written nowhere: the platform counts them after the real importer has loaded the file.

Coordinates are Lambert-93 (EPSG:2154), drawn inside the real boundary of the
establishment's commune, and inside the zone's outline for most industrial sites.
"""

from __future__ import annotations

import bisect
import csv
import json
import random
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path

import shapely
from shapely.geometry.base import BaseGeometry

from territoire.etablissements import tranches
from territoire.etablissements.identifiants import cle_luhn, luhn_valide  # noqa: F401 (luhn_valide: used by the tests)
from territoire.etablissements.importer.colonnes import (
    ENTETE_STOCK_ETABLISSEMENT,
    ENTETE_STOCK_UNITE_LEGALE,
)

DONNEES = Path(__file__).resolve().parent / "data"

# The official headers, by name (the importer's reference list).
COLONNES_ETABLISSEMENT = list(ENTETE_STOCK_ETABLISSEMENT)
COLONNES_UNITE_LEGALE = list(ENTETE_STOCK_UNITE_LEGALE)

ND = "[ND]"
CHAMPS_MASQUES = [
    "complementAdresseEtablissement", "numeroVoieEtablissement", "indiceRepetitionEtablissement",
    "typeVoieEtablissement", "libelleVoieEtablissement", "coordonneeLambertAbscisseEtablissement",
    "coordonneeLambertOrdonneeEtablissement", "enseigne1Etablissement",
    "denominationUsuelleEtablissement",
]


# --------------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class CommuneCadre:
    """A real commune of the territory, its boundary in Lambert-93 (metres)."""

    code: str
    nom: str
    population: int
    code_postal: str
    geometrie: BaseGeometry


@dataclass(frozen=True)
class ZoneCadre:
    """An activity zone as loaded (outline in Lambert-93) and which activities it hosts."""

    nom: str
    communes: tuple[str, ...]
    geometrie: BaseGeometry
    accueil: tuple[str, ...] = ("*",)
    poids: float = 1.0

    def accueille(self, code: str) -> bool:
        return "*" in self.accueil or code in self.accueil


@dataclass
class Recensement:
    """The generated stock: one dict per row, keyed by the official column names."""

    etablissements: list[dict] = field(default_factory=list)
    unites_legales: list[dict] = field(default_factory=list)


# --------------------------------------------------------------------------- pure helpers


def nic(siren: str, rang: int) -> str:
    """The NIC of the establishment number `rang` (1, 2…) of a SIREN: 4 digits + a key."""
    debut = f"{rang:04d}"
    return debut + cle_luhn(siren + debut)


def majuscules_sans_accents(texte: str) -> str:
    """As SIRENE writes commune and street names: upper case, no accents, Œ → OE."""
    texte = texte.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE")
    sans = unicodedata.normalize("NFKD", texte).encode("ascii", "ignore").decode("ascii")
    return sans.upper().replace("'", " ").replace("’", " ")


def naf25(code: str, correspondance: dict[str, str]) -> str:
    """The NAF 2025 sub-class of a NAF rév. 2 sub-class, from data/naf2025.csv."""
    try:
        return correspondance[code]
    except KeyError:
        raise ValueError(
            f"{DONNEES / 'naf2025.csv'} : le code NAF rév. 2 {code} n'a pas de code NAF 2025 ; "
            "ajoutez la ligne « naf,naf25 » correspondante."
        ) from None


def tranche_de_l_effectif(effectif: float) -> str:
    """The headcount band holding `effectif` employees (NN for none)."""
    if effectif <= 0:
        return "NN"
    for code in tranches.ORDRE[2:]:
        _, bas, haut = tranches.TRANCHES[code]
        if effectif <= haut:
            return code if effectif >= bas else tranches.ORDRE[tranches.ORDRE.index(code) - 1]
    return "53"


@lru_cache(maxsize=1)
def donnees() -> dict:
    """The demo's data files, read once."""
    lire = lambda nom: json.loads((DONNEES / nom).read_text(encoding="utf-8"))  # noqa: E731
    with (DONNEES / "activites.csv").open(encoding="utf-8", newline="") as f:
        activites = [dict(ligne) for ligne in csv.DictReader(f)]
    with (DONNEES / "naf2025.csv").open(encoding="utf-8", newline="") as f:
        naf2025 = {ligne["naf"]: ligne["naf25"] for ligne in csv.DictReader(f)}
    return {
        "territoire": lire("territoire.json"),
        "industrie": lire("industrie.json"),
        "noms": lire("noms.json"),
        "activites": activites,
        "naf2025": naf2025,
    }


# --------------------------------------------------------------------------- generator


class _Tirage:
    """Weighted draws on a seeded random generator (deterministic)."""

    def __init__(self, graine):
        self.rng = random.Random(graine)
        self._cumuls: dict[int, tuple[dict, list, list[float]]] = {}

    def poids(self, choix: dict):
        """A key of `choix` drawn with probability proportional to its value."""
        memo = self._cumuls.get(id(choix))
        if memo is None or memo[0] is not choix:
            cles, cumul, total = list(choix), [], 0.0
            for cle in cles:
                total += float(choix[cle])
                cumul.append(total)
            memo = self._cumuls[id(choix)] = (choix, cles, cumul)
        _, cles, cumul = memo
        return cles[bisect.bisect_right(cumul, self.rng.random() * cumul[-1])]

    def date(self, debut: date, fin: date) -> date:
        if fin <= debut:
            return debut
        return debut + timedelta(days=self.rng.randrange((fin - debut).days + 1))

    def chance(self, p: float) -> bool:
        return self.rng.random() < p


@dataclass
class _Unite:
    siren: str
    categorie_juridique: str
    naf: str
    nomenclature: str = "NAFRev2"
    denomination: str = ""
    nom: str = ""
    prenom: str = ""
    sexe: str = ""
    diffusion: str = "O"
    creation: date | None = None
    categorie: str | None = None  # None: computed from the size
    tranche: str | None = None  # None: computed from its establishments
    siege_hors_territoire: bool = False
    rangs: int = 0
    etablissements: list[dict] = field(default_factory=list)


class Generateur:
    """Builds the rows. Use `generer()`; this class only holds the draw's state."""

    def __init__(self, communes: list[CommuneCadre], zones: list[ZoneCadre], graine=None):
        d = donnees()
        self.params = d["territoire"]
        self.industrie = d["industrie"]
        self.noms = d["noms"]
        self.activites = d["activites"]
        self.t = _Tirage(self.params["graine"] if graine is None else graine)
        self.communes = sorted(communes, key=lambda c: c.code)
        self.par_code = {c.code: c for c in self.communes}
        self.zones = list(zones)
        self.naf2025 = d["naf2025"]
        self.stock = date.fromisoformat(self.params["date_stock"])
        self.millesime = self.params["millesime_effectifs"]
        self.sirens: set[str] = set()
        self.denominations: set[str] = set()
        self.unites: list[_Unite] = []
        self._interieurs: dict = {}
        self._poids_communes = {c.code: max(c.population, 50) for c in self.communes}

    # -- identities ---------------------------------------------------------------

    def _siren(self) -> str:
        while True:
            debut = f"{self.t.rng.randrange(10**6, 10**8):08d}"
            siren = debut + cle_luhn(debut)
            if siren not in self.sirens and not siren.startswith("356000000"):
                self.sirens.add(siren)
                return siren

    def _racine(self) -> str:
        n = self.noms
        return "".join(self.t.rng.choice(n[cle]) for cle in ("racines_debut", "racines_milieu", "racines_fin"))

    def _denomination(self, famille: str) -> str:
        interdits = self.noms["interdits"]
        for _ in range(200):
            modele = self.t.rng.choice(self.noms["suffixes"][famille])
            nom = modele.replace("{R}", self._racine()).replace(
                "{V}", self.t.rng.choice(self.noms["voies"]).title()
            )
            cle = majuscules_sans_accents(nom)
            if cle in self.denominations:
                continue
            mots = cle.lower().split()
            if any(i in mots or (" " in i and i in cle.lower()) for i in interdits):
                continue
            self.denominations.add(cle)
            return nom
        raise RuntimeError(f"plus de nom libre pour la famille {famille!r}")

    def _personne(self, unite: _Unite) -> None:
        n = self.noms
        feminin = self.t.chance(0.45)
        unite.sexe = "F" if feminin else "M"
        unite.prenom = self.t.rng.choice(n["prenoms_f"] if feminin else n["prenoms_m"])
        unite.nom = (self.t.rng.choice(n["nom_debut"]) + self.t.rng.choice(n["nom_fin"])).upper()

    def _unite(self, categorie_juridique: str, naf: str, famille: str, creation: date, **kw) -> _Unite:
        unite = _Unite(siren=self._siren(), categorie_juridique=categorie_juridique, naf=naf,
                       creation=creation, **kw)
        fond = self.industrie["fond"]
        if categorie_juridique == "1000":
            self._personne(unite)
            if self.t.chance(fond["part_non_diffusibles_personnes"]):
                unite.diffusion = "P"
        else:
            famille = {"6540": "sci", "9220": "asso"}.get(categorie_juridique, famille)
            unite.denomination = self._denomination(famille)
            if self.t.chance(fond["part_non_diffusibles_societes"]):
                unite.diffusion = "P"
        self.unites.append(unite)
        return unite

    # -- places -------------------------------------------------------------------

    def _interieur(self, cle, geometrie: BaseGeometry, marge: float) -> BaseGeometry:
        """The geometry shrunk by `marge` metres (so rounding never moves a point out)."""
        if cle not in self._interieurs:
            reduit = geometrie.buffer(-marge)
            geom = reduit if not reduit.is_empty and reduit.area > 0.05 * geometrie.area else geometrie
            shapely.prepare(geom)
            self._interieurs[cle] = geom
        return self._interieurs[cle]

    def _point_dans(self, geom: BaseGeometry) -> tuple[float, float]:
        minx, miny, maxx, maxy = geom.bounds
        for _ in range(10_000):
            x, y = self.t.rng.uniform(minx, maxx), self.t.rng.uniform(miny, maxy)
            if shapely.contains_xy(geom, x, y):
                return round(x, 1), round(y, 1)
        raise RuntimeError("aucun point tiré dans la géométrie (surface nulle ?)")

    def _commune_au_hasard(self) -> CommuneCadre:
        return self.par_code[self.t.poids(self._poids_communes)]

    def _zone_pour(self, code_activite: str) -> ZoneCadre | None:
        candidates = {i: z.poids for i, z in enumerate(self.zones) if z.accueille(code_activite)}
        if not candidates:
            return None
        return self.zones[self.t.poids(candidates)]

    def _dans_zone(self, zone: ZoneCadre, code_commune: str | None = None) -> tuple[CommuneCadre, tuple]:
        morceaux = {}
        for code in zone.communes:
            if code in self.par_code and (code_commune is None or code == code_commune):
                inter = zone.geometrie.intersection(self.par_code[code].geometrie)
                if inter.area > 100:
                    morceaux[code] = inter.area
        if not morceaux:
            raise ValueError(f"la zone {zone.nom} ne recouvre pas la commune {code_commune}")
        code = self.t.poids(morceaux)
        geom = self._interieur(
            ("zone", zone.nom, code),
            zone.geometrie.intersection(self.par_code[code].geometrie), 15,
        )
        return self.par_code[code], self._point_dans(geom)

    def _dans_commune(self, commune: CommuneCadre) -> tuple[float, float]:
        return self._point_dans(self._interieur(("commune", commune.code), commune.geometrie, 30))

    # -- establishments -----------------------------------------------------------

    def _etablissement(
        self, unite: _Unite, naf: str, tranche: str, commune: CommuneCadre, point, *,
        creation: date, fermeture: date | None = None, zone: ZoneCadre | None = None,
        nomenclature: str = "NAFRev2", enseigne: str = "",
    ) -> dict:
        unite.rangs += 1
        t, fond = self.t, self.industrie["fond"]
        e = dict.fromkeys(COLONNES_ETABLISSEMENT, "")
        e["siren"] = unite.siren
        e["nic"] = nic(unite.siren, unite.rangs)
        e["siret"] = unite.siren + e["nic"]
        e["statutDiffusionEtablissement"] = unite.diffusion
        e["dateCreationEtablissement"] = creation.isoformat()
        actif = fermeture is None
        periodes = 1 if t.chance(0.55) else t.rng.randint(2, 4)
        if actif:
            debut = creation if periodes == 1 else t.date(creation, self.stock - timedelta(days=30))
            e["etatAdministratifEtablissement"] = "A"
        else:
            debut, periodes = fermeture, max(periodes, 2)
            e["etatAdministratifEtablissement"] = "F"
        e["dateDebut"] = debut.isoformat()
        e["nombrePeriodesEtablissement"] = str(periodes)
        e["trancheEffectifsEtablissement"] = tranche
        if tranche != "NN":
            annee = self.millesime if actif else str(min(int(self.millesime), max(fermeture.year - 1, creation.year)))
            e["anneeEffectifsEtablissement"] = annee
        if not actif:
            e["caractereEmployeurEtablissement"] = "N"
        elif tranche == "NN" or (tranche == "00" and t.chance(0.5)):
            e["caractereEmployeurEtablissement"] = "N"
        else:
            e["caractereEmployeurEtablissement"] = "O"
        traitement_min = max(debut, date(2019, 1, 1))
        if e["anneeEffectifsEtablissement"] == self.millesime:
            # A band of vintage N is written into SIRENE at the end of year N + 1.
            traitement_min = max(traitement_min, date(int(self.millesime) + 1, 12, 1))
        traite = datetime.combine(t.date(traitement_min, self.stock), datetime.min.time()) + timedelta(
            seconds=t.rng.randrange(86_400)
        )
        e["dateDernierTraitementEtablissement"] = traite.strftime("%Y-%m-%dT%H:%M:%S")
        e["activitePrincipaleEtablissement"] = naf
        e["nomenclatureActivitePrincipaleEtablissement"] = nomenclature
        e["activitePrincipaleNAF25Etablissement"] = (
            naf25(naf, self.naf2025) if nomenclature == "NAFRev2" else ""
        )
        # Address.
        e["codeCommuneEtablissement"] = commune.code
        e["codePostalEtablissement"] = commune.code_postal
        e["libelleCommuneEtablissement"] = majuscules_sans_accents(commune.nom)
        if zone is not None:
            e["complementAdresseEtablissement"] = majuscules_sans_accents(zone.nom).replace("–", "").replace("  ", " ")
            e["libelleVoieEtablissement"] = t.rng.choice(self.noms["voies_zone"])
            e["typeVoieEtablissement"] = "RUE" if t.chance(0.7) else "AV"
        else:
            e["libelleVoieEtablissement"] = t.rng.choice(self.noms["voies"])
            e["typeVoieEtablissement"] = t.poids(self.noms["types_voie"])
        if t.chance(0.9):
            e["numeroVoieEtablissement"] = str(t.rng.randint(1, 180))
            if t.chance(0.03):
                e["indiceRepetitionEtablissement"] = "B"
        if point is not None and not t.chance(fond["part_sans_coordonnees"] if zone is None else 0):
            e["coordonneeLambertAbscisseEtablissement"] = f"{point[0]:.1f}"
            e["coordonneeLambertOrdonneeEtablissement"] = f"{point[1]:.1f}"
        if enseigne:
            e["enseigne1Etablissement"] = enseigne.upper()
        if unite.diffusion == "P":
            for champ in CHAMPS_MASQUES:
                if e[champ] or champ.startswith("coordonnee"):
                    e[champ] = ND
        unite.etablissements.append(e)
        return e

    def _site(self, unite, naf, tranche, *, zone=None, commune=None, creation, fermeture=None,
              enseigne="", nomenclature="NAFRev2") -> dict:
        if zone is not None:
            commune, point = self._dans_zone(zone, commune.code if commune else None)
        else:
            commune = commune or self._commune_au_hasard()
            point = self._dans_commune(commune)
        return self._etablissement(unite, naf, tranche, commune, point, creation=creation,
                                   fermeture=fermeture, zone=zone, enseigne=enseigne,
                                   nomenclature=nomenclature)

    def _creation(self, debut: int = 1965, fin: int | None = None) -> date:
        limite = self.stock - timedelta(days=60)
        fin_date = min(date(fin, 12, 31), limite) if fin else limite
        return self.t.date(date(debut, 1, 1), fin_date)

    # -- the fabric ---------------------------------------------------------------

    def _zone_nommee(self, nom: str) -> ZoneCadre | None:
        return next((z for z in self.zones if z.nom == nom), None)

    def grands_sites(self) -> None:
        for g in self.industrie["grands_sites"]:
            creation = date.fromisoformat(g["creation"])
            unite = self._unite(
                self.t.poids(self.industrie["profils"]["industrie"]["juridique"]), g["naf"], g["suffixe"],
                creation, categorie=g["categorie"] or None, tranche=g["tranche_ul"],
                siege_hors_territoire=g["siege_hors_territoire"],
            )
            unite.diffusion = "O"
            if unite.siege_hors_territoire:
                unite.rangs = self.t.rng.randint(2, 6)  # the head office and other sites are elsewhere
            fermeture = date.fromisoformat(g["fermeture"]) if g.get("fermeture") else None
            self._site(unite, g["naf"], g["tranche"], zone=self._zone_nommee(g["zone"]),
                       commune=self.par_code.get(g["commune"]), creation=creation, fermeture=fermeture)

    def _entreprise(self, famille: dict, tranche: str, part_en_zone: float, *, fermeture_annees=None) -> None:
        naf = self.t.poids(famille["naf"])
        creation = self._creation(1960, 2021)
        fermeture = None
        if fermeture_annees:
            debut, fin = fermeture_annees
            fermeture = self.t.date(date(max(debut, creation.year + 2), 1, 1), date(fin, 10, 31))
        groupe = self.t.chance(0.15)
        categorie = self.t.poids({"ETI": 1, "GE": 1}) if groupe else None
        unite = self._unite(self.t.poids(self.industrie["profils"]["industrie"]["juridique"]), naf,
                            famille["suffixe"], creation, siege_hors_territoire=groupe, categorie=categorie,
                            tranche={"ETI": "32", "GE": "42"}.get(categorie))
        if groupe:
            unite.rangs = self.t.rng.randint(1, 4)
        zone = self._zone_pour(famille["code"]) if self.t.chance(part_en_zone) else None
        self._site(unite, naf, tranche, zone=zone, creation=creation, fermeture=fermeture)
        if fermeture is None and self.t.chance(self.industrie["part_second_etablissement"]):
            # A second, smaller site: a depot, a workshop, or the former address, closed.
            if self.t.chance(0.5):
                self._site(unite, naf, self.t.poids({"01": 3, "02": 3, "03": 2}),
                           creation=self.t.date(creation, self.stock - timedelta(days=400)))
            else:
                ancienne = self.t.date(date(1960, 1, 1), creation)
                self._site(unite, naf, "NN", creation=ancienne, fermeture=creation)

    def coeur_industriel(self) -> None:
        ind = self.industrie
        for famille in ind["filieres"]:
            for _ in range(famille["nombre"]):
                self._entreprise(famille, self.t.poids(ind["tranches_coeur"]), ind["part_en_zone_industrie"])
        for famille in ind["services"]:
            for _ in range(famille["nombre"]):
                self._entreprise(famille, self.t.poids(ind["tranches_services"]), ind["part_en_zone_services"])
        fermes = ind["industriels_fermes"]
        poids_filieres = {i: f["nombre"] for i, f in enumerate(ind["filieres"])}
        for _ in range(fermes["nombre"]):
            famille = ind["filieres"][self.t.poids(poids_filieres)]
            self._entreprise(famille, self.t.poids(ind["tranches_fermes"]), 0.6,
                             fermeture_annees=fermes["annees"])
        artisanat = ind["artisanat_alimentaire_au_seuil"]
        for naf, nombre in artisanat["naf"].items():
            for _ in range(nombre):
                creation = self._creation(1975, 2020)
                unite = self._unite(self.t.poids({"5499": 3, "5710": 1, "1000": 1}), naf, "commerce", creation)
                self._site(unite, naf, self.t.poids(artisanat["tranches"]), creation=creation,
                           enseigne=unite.denomination if unite.denomination else "")

    def fond(self) -> None:
        """Thousands of small establishments of every sector, open and closed."""
        fond = self.industrie["fond"]
        profils = self.industrie["profils"]
        poids = {i: float(a["poids"]) for i, a in enumerate(self.activites)}
        actifs = fond["etablissements_actifs"]
        fermes = round(actifs * fond["part_fermes"] / (1 - fond["part_fermes"]))
        debut, fin = fond["annees_creation"]
        for i in range(actifs + fermes):
            activite = self.activites[self.t.poids(poids)]
            profil = profils[activite["profil"]]
            naf = activite["naf"]
            creation = self._creation(debut, fin)
            ferme = i >= actifs
            fermeture = (
                min(self.t.date(creation + timedelta(days=30), self.stock - timedelta(days=20)), self.stock)
                if ferme else None
            )
            juridique = self.t.poids(profil["juridique"])
            famille = "commerce"
            unite = self._unite(juridique, naf, famille, creation)
            tranche = "NN" if ferme and self.t.chance(0.8) else self.t.poids(profil["tranches"])
            enseigne = ""
            if activite["profil"] in {"tpe", "gms"} and self.t.chance(0.35):
                enseigne = self._racine()
            if not ferme and self.t.chance(fond["part_demenages"]):
                # The firm moved: its former address is a closed establishment.
                avant = self.t.date(date(debut, 1, 1), creation)
                self._site(unite, naf, "NN", creation=avant, fermeture=creation)
            self._site(unite, naf, tranche, creation=creation, fermeture=fermeture, enseigne=enseigne)
            if not ferme and activite["profil"] in {"tpe", "pme", "gms"} and self.t.chance(fond["part_reseaux"]):
                for _ in range(self.t.rng.randint(1, 4)):
                    self._site(unite, naf, self.t.poids(profil["tranches"]),
                               creation=self.t.date(creation, self.stock - timedelta(days=90)),
                               enseigne=enseigne)
        for ancienne in fond["anciennes_nomenclatures"]:
            for _ in range(ancienne["nombre"]):
                creation = self._creation(1970, 2000)
                fermeture = self.t.date(creation + timedelta(days=365), date(2007, 12, 31))
                unite = self._unite(self.t.poids({"1000": 2, "5499": 1}), ancienne["naf"], "commerce",
                                    creation, nomenclature=ancienne["nomenclature"])
                self._site(unite, ancienne["naf"], "NN", creation=creation, fermeture=fermeture,
                           nomenclature=ancienne["nomenclature"])

    # -- legal units --------------------------------------------------------------

    def _ligne_unite(self, u: _Unite) -> dict:
        r = dict.fromkeys(COLONNES_UNITE_LEGALE, "")
        actifs = [e for e in u.etablissements if e["etatAdministratifEtablissement"] == "A"]
        active = bool(actifs) or u.siege_hors_territoire
        r["siren"] = u.siren
        r["statutDiffusionUniteLegale"] = u.diffusion
        r["dateCreationUniteLegale"] = u.creation.isoformat()
        if u.categorie_juridique == "1000":
            masque = u.diffusion == "P"
            r["sexeUniteLegale"] = ND if masque else u.sexe
            r["prenom1UniteLegale"] = ND if masque else majuscules_sans_accents(u.prenom)
            r["prenomUsuelUniteLegale"] = r["prenom1UniteLegale"]
            r["nomUniteLegale"] = ND if masque else u.nom
        else:
            r["denominationUniteLegale"] = majuscules_sans_accents(u.denomination)
        if u.categorie_juridique == "9220":
            r["identifiantAssociationUniteLegale"] = f"W62{int(u.siren) % 10**7:07d}"
        if u.tranche:
            tranche = u.tranche
        else:
            tranche = tranche_de_l_effectif(
                sum(tranches.emplois(e["trancheEffectifsEtablissement"])[1] for e in actifs)
            ) if actifs else "NN"
            if actifs and tranche == "NN" and any(e["trancheEffectifsEtablissement"] == "00" for e in actifs):
                tranche = "00"
        r["trancheEffectifsUniteLegale"] = tranche
        if tranche != "NN":
            r["anneeEffectifsUniteLegale"] = self.millesime
        traitements = [e["dateDernierTraitementEtablissement"] for e in u.etablissements]
        r["dateDernierTraitementUniteLegale"] = max(traitements)
        r["nombrePeriodesUniteLegale"] = str(1 + (len(u.etablissements) > 1) + (not active))
        if active:
            if u.categorie:
                r["categorieEntreprise"] = u.categorie
            else:
                effectif = tranches.emplois(tranche)[1]
                r["categorieEntreprise"] = "ETI" if effectif >= 250 else "PME"
            r["anneeCategorieEntreprise"] = self.params["annee_categorie_entreprise"]
            r["etatAdministratifUniteLegale"] = "A"
            r["dateDebut"] = min(e["dateDebut"] for e in actifs) if actifs else u.creation.isoformat()
        else:
            r["etatAdministratifUniteLegale"] = "C"
            r["dateDebut"] = max(e["dateDebut"] for e in u.etablissements)
        r["categorieJuridiqueUniteLegale"] = u.categorie_juridique
        r["activitePrincipaleUniteLegale"] = u.naf
        r["nomenclatureActivitePrincipaleUniteLegale"] = u.nomenclature
        if u.nomenclature == "NAFRev2":
            r["activitePrincipaleNAF25UniteLegale"] = naf25(u.naf, self.naf2025)
        if u.siege_hors_territoire:
            r["nicSiegeUniteLegale"] = nic(u.siren, 1)
        else:
            siege = actifs[0] if actifs else u.etablissements[-1]
            r["nicSiegeUniteLegale"] = siege["nic"]
        for e in u.etablissements:
            e["etablissementSiege"] = "true" if e["nic"] == r["nicSiegeUniteLegale"] else "false"
        r["economieSocialeSolidaireUniteLegale"] = "O" if u.categorie_juridique == "9220" else "N"
        if u.categorie_juridique not in {"1000", "9220"}:
            r["societeMissionUniteLegale"] = "N"
        employeur = u.siege_hors_territoire or any(e["caractereEmployeurEtablissement"] == "O" for e in actifs)
        r["caractereEmployeurUniteLegale"] = "O" if employeur else "N"
        return r

    def resultat(self) -> Recensement:
        lignes_ul = [self._ligne_unite(u) for u in self.unites]
        etabs = [e for u in self.unites for e in u.etablissements]
        return Recensement(
            etablissements=sorted(etabs, key=lambda e: e["siret"]),
            unites_legales=sorted(lignes_ul, key=lambda r: r["siren"]),
        )


def generer(communes: list[CommuneCadre], zones: list[ZoneCadre], graine=None) -> Recensement:
    """The whole fictitious stock for these communes and zones (deterministic for a seed)."""
    g = Generateur(communes, zones, graine)
    g.grands_sites()
    g.coeur_industriel()
    g.fond()
    return g.resultat()


def ecrire_csv(lignes: list[dict], colonnes: list[str], chemin: Path) -> Path:
    """UTF-8, comma, header, fields quoted only when they need it, LF line ends."""
    with Path(chemin).open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=colonnes, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
        w.writeheader()
        w.writerows(lignes)
    return Path(chemin)


def ecrire_stocks(recensement: Recensement, dossier: Path) -> tuple[Path, Path]:
    """Write StockEtablissement_demo.csv and StockUniteLegale_demo.csv in `dossier`."""
    dossier = Path(dossier)
    dossier.mkdir(parents=True, exist_ok=True)
    return (
        ecrire_csv(recensement.etablissements, COLONNES_ETABLISSEMENT, dossier / "StockEtablissement_demo.csv"),
        ecrire_csv(recensement.unites_legales, COLONNES_UNITE_LEGALE, dossier / "StockUniteLegale_demo.csv"),
    )
