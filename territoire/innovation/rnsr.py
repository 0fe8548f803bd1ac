"""Reading the national register of research structures (RNSR export): pure functions.

The export is a `;`-separated UTF-8 CSV with a header (31 columns in the Hauts-de-France extract,
34 in the full export, which adds the head's name: those columns are never read). Columns are
read by name; multi-valued fields are `;`-joined inside one field (tutelles, their SIRET, labels,
ERC panels) and are zipped by position. Competences are derived from the register's own fields:
its ERC panels and scientific domains through data/correspondance_rnsr.csv, and the vocabulary's
terms found in the structure's name; each keeps the field it comes from as its source.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from territoire.referentiel.actions import DonneesInvalides

CORRESPONDANCE = Path(__file__).parent / "data" / "correspondance_rnsr.csv"
COLONNES_REQUISES = (
    "numero_national_de_structure", "libelle", "sigle", "type_de_structure", "code_postal", "commune",
    "tutelles", "siret_des_tutelles", "type_de_tutelle", "code_domaine_scientifique", "code_panel_erc",
)
# Columns of the full export that name a person: never read, never stored.
COLONNES_PERSONNELLES = ("nom_du_responsable", "prenom_du_responsable", "titre_du_responsable")
TAILLE_MAX = 100 * 1024 * 1024  # the national export is about 4 MB
_NUMERO = re.compile(r"^\d{9}[A-Z]$")
_SIRET = re.compile(r"^\d{14}$")
_URL = re.compile(r"^https?://[^\s<>\"']+$", re.IGNORECASE)
_CEDEX = re.compile(r"\s*cedex\s*\d*\s*$", re.IGNORECASE)

# RNSR structure type code → holder type.
TYPES = {
    "1": "equipe_recherche",
    "21": "laboratoire", "22": "laboratoire", "23": "laboratoire",
    "3": "structure_federative", "31": "structure_federative", "32": "structure_federative",
}


@dataclass(frozen=True)
class TutelleRNSR:
    nom: str
    sigle: str
    siret: str
    uai: str
    nature: str
    participant: bool


@dataclass
class StructureRNSR:
    ligne: int
    numero: str
    libelle: str
    sigle: str = ""
    annee_creation: int | None = None
    type_structure: str = ""
    code_type: str = ""
    site_web: str = ""
    adresse: str = ""
    code_postal: str = ""
    commune: str = ""
    labels: list[str] = field(default_factory=list)
    tutelles: list[TutelleRNSR] = field(default_factory=list)
    parent: str = ""
    domaines: list[dict] = field(default_factory=list)
    panels: list[dict] = field(default_factory=list)
    fiche: str = ""

    @property
    def type_detenteur(self) -> str:
        return TYPES.get(self.code_type, "laboratoire")

    @property
    def label_numero(self) -> str:
        return ", ".join(self.labels)

    @property
    def departement(self) -> str:
        return self.code_postal[:2]

    @property
    def commune_sans_cedex(self) -> str:
        return _CEDEX.sub("", self.commune).strip()


_valider_url = URLValidator(schemes=["http", "https"])


def _url(valeur: str, longueur: int = 200) -> str:
    """The value when it is a web address Django accepts, else "" (a malformed register value is dropped)."""
    if not valeur or len(valeur) > longueur or not _URL.match(valeur):
        return ""
    try:
        _valider_url(valeur)
    except ValidationError:
        return ""
    return valeur


def _liste(valeur: str) -> list[str]:
    return [v.strip() for v in (valeur or "").split(";")]


def _uniques(valeurs) -> list[str]:
    vus, resultat = set(), []
    for v in valeurs:
        if v and v not in vus:
            vus.add(v)
            resultat.append(v)
    return resultat


@lru_cache(maxsize=1)
def correspondance() -> dict[tuple[str, str], tuple[str, list[str]]]:
    """(field, code) → (title, competence codes), from data/correspondance_rnsr.csv."""
    with CORRESPONDANCE.open(encoding="utf-8", newline="") as f:
        return {
            (ligne["champ"], ligne["code"]): (ligne["titre"], [c for c in ligne["competences"].split("|") if c])
            for ligne in csv.DictReader(f, delimiter=";")
        }


def structure_depuis_ligne(ligne: dict[str, str], numero_ligne: int = 0) -> StructureRNSR:
    """One register row → a structure. Raise ValueError (with the column) on a bad value."""
    v = {k: (val or "").strip() for k, val in ligne.items() if k and k not in COLONNES_PERSONNELLES}
    numero = v.get("numero_national_de_structure", "").upper()
    if not _NUMERO.match(numero):
        raise ValueError(f"numero_national_de_structure « {numero[:20]} » : 9 chiffres et une lettre attendus (ex. 201019043K)")
    libelle = " ".join(v.get("libelle", "").split())
    if not libelle:
        raise ValueError("libelle vide")
    annee = v.get("annee_de_creation", "")
    site = v.get("site_web", "")
    code_postal = v.get("code_postal", "")
    if code_postal and not (len(code_postal) == 5 and code_postal.isdigit()):
        raise ValueError(f"code_postal « {code_postal[:10]} » : 5 chiffres attendus")
    noms, sigles = _liste(v.get("tutelles", "")), _liste(v.get("sigles_des_tutelles", ""))
    sirets, uais = _liste(v.get("siret_des_tutelles", "")), _liste(v.get("uai_des_tutelles", ""))
    natures, types = _liste(v.get("nature_de_tutelle", "")), _liste(v.get("code_de_type_de_tutelle", ""))
    types_libelles = _liste(v.get("type_de_tutelle", ""))
    tutelles = []
    for i, nom in enumerate(noms):
        if not nom:
            continue
        siret = sirets[i] if i < len(sirets) else ""
        type_code = types[i] if i < len(types) else ""
        type_libelle = types_libelles[i] if i < len(types_libelles) else ""
        tutelles.append(TutelleRNSR(
            nom=nom, sigle=sigles[i] if i < len(sigles) else "", siret=siret if _SIRET.match(siret) else "",
            uai=uais[i] if i < len(uais) else "", nature=natures[i] if i < len(natures) else "",
            participant=type_code == "PART" or "participant" in type_libelle,
        ))
    titres = correspondance()
    libelles_domaines = _liste(v.get("domaine_scientifique", ""))
    domaines = [
        {"code": code, "libelle": titres.get(("domaine", code), ("", []))[0]
         or (libelles_domaines[i] if i < len(libelles_domaines) else code)}
        for i, code in enumerate(_uniques(_liste(v.get("code_domaine_scientifique", ""))))
    ]
    # ERC panel titles hold « ; » inside them in the export: titles come from our table.
    panels = [
        {"code": code, "libelle": titres.get(("panel_erc", code), ("", []))[0] or code}
        for code in _uniques(_liste(v.get("code_panel_erc", "")))
    ]
    return StructureRNSR(
        ligne=numero_ligne, numero=numero, libelle=libelle[:250], sigle=" ".join(v.get("sigle", "").split())[:50],
        annee_creation=int(annee) if annee.isdigit() and 1800 < int(annee) < 2100 else None,
        type_structure=v.get("type_de_structure", "")[:100], code_type=v.get("code_de_type_de_structure", ""),
        site_web=_url(site), adresse=v.get("adresse", "")[:300],
        code_postal=code_postal, commune=v.get("commune", "")[:100],
        labels=_uniques(_liste(v.get("label_numero", ""))), tutelles=tutelles,
        parent=next((p for p in _liste(v.get("numero_de_structure_parent", "")) if _NUMERO.match(p) and p != numero), ""),
        domaines=domaines, panels=panels,
        fiche=_url(v.get("fiche_rnsr", ""), 300),
    )


def lire(contenu: bytes, nom: str = "fichier") -> tuple[list[StructureRNSR], int]:
    """Parse a whole export. Returns (structures, rows read). Raise DonneesInvalides saying
    what and where when the file cannot be read or a row is wrong (no partial result)."""
    if len(contenu) > TAILLE_MAX:
        raise DonneesInvalides(f"{nom} : {len(contenu) // (1024 * 1024)} Mio ; un export du RNSR fait quelques Mio "
                               f"(limite {TAILLE_MAX // (1024 * 1024)} Mio). Est-ce le bon fichier ?")
    try:
        texte = contenu.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        ligne = contenu[: exc.start].count(b"\n") + 1
        raise DonneesInvalides(
            f"{nom}, ligne {ligne} : le fichier n'est pas en UTF-8 (l'export du RNSR l'est). "
            "Téléchargez-le de nouveau ou réenregistrez-le en UTF-8."
        ) from exc
    lecteur = csv.DictReader(io.StringIO(texte, newline=""), delimiter=";")
    entete = [c.strip() for c in (lecteur.fieldnames or [])]
    manquantes = [c for c in COLONNES_REQUISES if c not in entete]
    if manquantes:
        indice = " Le séparateur attendu est « ; »." if len(entete) <= 1 else ""
        raise DonneesInvalides(f"{nom} : ce n'est pas un export du RNSR, colonnes manquantes : {', '.join(manquantes)}.{indice}")
    lecteur.fieldnames = entete
    structures: list[StructureRNSR] = []
    vus: dict[str, int] = {}
    lues = 0
    try:
        for numero_ligne, ligne in enumerate(lecteur, start=2):
            if None in ligne:
                raise DonneesInvalides(f"{nom}, ligne {numero_ligne} : plus de valeurs que de colonnes "
                                       "(un « ; » non protégé par des guillemets ?).")
            if not any((val or "").strip() for val in ligne.values()):
                continue
            lues += 1
            try:
                s = structure_depuis_ligne(ligne, numero_ligne)
            except ValueError as exc:
                raise DonneesInvalides(f"{nom}, ligne {numero_ligne} : {exc}.") from exc
            if s.numero in vus:
                raise DonneesInvalides(f"{nom}, ligne {numero_ligne} : la structure {s.numero} est déjà à la ligne {vus[s.numero]}.")
            vus[s.numero] = numero_ligne
            structures.append(s)
    except csv.Error as exc:
        raise DonneesInvalides(f"{nom}, ligne {lecteur.line_num} : CSV illisible ({exc}).") from exc
    if not structures:
        raise DonneesInvalides(f"{nom} : aucune structure dans le fichier.")
    return structures, lues


def competences_du_registre(s: StructureRNSR, codes_connus: set[str], detecteur=None,
                            source: str = "RNSR") -> dict[str, str]:
    """competence code → its source, derived from the structure's register fields.

    `detecteur` (appariement.corpus.Detecteur over the vocabulary, with the codes as ids)
    finds the vocabulary's terms in the structure's name."""
    titres = correspondance()
    resultat: dict[str, str] = {}
    if detecteur is not None:
        for code, termes in detecteur.trouver(s.libelle).items():
            if code in codes_connus:
                resultat.setdefault(code, f"{source}, intitulé de la structure (« {termes[0]} »)")
    for p in s.panels:
        for code in titres.get(("panel_erc", p["code"]), ("", []))[1]:
            if code in codes_connus:
                resultat.setdefault(code, f"{source}, panel ERC {p['code']} ({p['libelle']})")
    for d in s.domaines:
        for code in titres.get(("domaine", d["code"]), ("", []))[1]:
            if code in codes_connus:
                resultat.setdefault(code, f"{source}, domaine scientifique {d['code']} ({d['libelle']})")
    return resultat
