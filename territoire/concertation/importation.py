"""Import of registration and attendance lists (CSV or XLSX) into a meeting's participants.

reader (CSV with encoding and separator detection, or XLSX) → pure transform into lines →
matching against the territory's organisations (SIRET first, then normalised name) → a
report; nothing is written unless asked (`confirmer=True`), and then all or nothing.
An organisation is never created from a bare name: an unmatched line is shown, not guessed.
The only creation is an Organisation for a SIRET of the territory's census that has none yet,
and the report says so line by line.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field

from django.db import transaction

from territoire.etablissements.identifiants import siret_valide

FORMATS_ACCEPTES = (".csv", ".xlsx")
TAILLE_MAX = 5_000_000
LIGNES_MAX = 5_000

COLONNES = {
    "siret": {"siret", "n_siret", "no_siret", "numero_siret", "num_siret"},
    "organisation": {
        "entreprise", "organisation", "organisme", "raison_sociale", "societe", "structure",
        "nom_entreprise", "nom_de_l_entreprise", "denomination", "etablissement",
    },
    "presence": {"presence", "present", "emargement", "statut", "participation"},
    "prenom": {"prenom", "prenom_participant"},
    "nom": {"nom", "nom_participant", "nom_de_famille"},
}

PRESENCES = {
    "present": {"present", "presente", "presents", "oui", "o", "x", "1", "p", "emarge", "venu"},
    "absent": {"absent", "absente", "non", "n", "0", "a"},
    "excuse": {"excuse", "excusee", "e"},
    "inscrit": {"inscrit", "inscrite", "i"},
}

FORMES_JURIDIQUES = {
    "sas", "sasu", "sarl", "sa", "eurl", "snc", "sca", "scop", "sci", "ets", "etablissements",
    "etablissement", "societe", "ste", "cie", "compagnie", "et", "groupe",
}


class FichierIllisible(ValueError):
    """The file cannot be read as a participants list; the message says why and how to fix it."""


@dataclass
class Ligne:
    numero: int
    siret: str = ""
    organisation: str = ""
    presence: str = ""
    prenom: str = ""
    nom: str = ""
    erreurs: list[str] = field(default_factory=list)


@dataclass
class Resultat:
    """One line of the report: what the line is, what it matched and how."""

    ligne: Ligne
    organisation: object | None = None
    etablissement: object | None = None  # a census establishment to create the Organisation from
    correspondance: str = ""  # "siret", "nom", "recensement", "" (not matched)
    raison: str = ""
    doublon: bool = False

    @property
    def reconnue(self) -> bool:
        return bool(self.correspondance)


def _sans_accents(texte: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", texte) if unicodedata.category(c) != "Mn")


def normaliser_entete(texte: str) -> str:
    texte = _sans_accents(str(texte or "")).lower().strip()
    return re.sub(r"[^a-z0-9]+", "_", texte).strip("_")


def normaliser_nom(texte: str) -> str:
    """A firm's name for comparison: no accents, case, punctuation or legal form."""
    texte = _sans_accents(str(texte or "")).lower().replace("&", " et ")
    mots = re.findall(r"[a-z0-9]+", texte)
    return " ".join(m for m in mots if m not in FORMES_JURIDIQUES)


def normaliser_siret(texte: str) -> str:
    return re.sub(r"[\s.\-]", "", str(texte or ""))


# --- Readers ----------------------------------------------------------------------------


def lire_csv(contenu: bytes) -> list[list[str]]:
    if b"\x00" in contenu[:4096]:
        raise FichierIllisible(
            "Ce fichier n'est pas un texte CSV (il contient des octets nuls) : exportez la liste "
            "depuis le tableur au format CSV ou XLSX."
        )
    for encodage in ("utf-8-sig", "cp1252"):
        try:
            texte = contenu.decode(encodage)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes almost anything; kept for clarity
        raise FichierIllisible("Encodage du fichier inconnu : enregistrez-le en CSV UTF-8.")
    premiere = texte.split("\n", 1)[0]
    separateur = max(";,\t", key=premiere.count)
    return [ligne for ligne in csv.reader(io.StringIO(texte), delimiter=separateur)]


def lire_xlsx(contenu: bytes) -> list[list[str]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        classeur = load_workbook(io.BytesIO(contenu), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError) as exc:
        raise FichierIllisible(
            f"Ce fichier XLSX est illisible ({exc.__class__.__name__}) : ouvrez-le dans le tableur, "
            "enregistrez-le à nouveau au format .xlsx ou .csv, puis recommencez."
        ) from exc
    try:
        feuille = classeur.worksheets[0]
        lignes = []
        for rangee in feuille.iter_rows(values_only=True):
            lignes.append(["" if v is None else _texte_cellule(v) for v in rangee])
            if len(lignes) > LIGNES_MAX + 1:
                break
        return lignes
    finally:
        classeur.close()


def _texte_cellule(valeur) -> str:
    if isinstance(valeur, float) and valeur.is_integer():
        return str(int(valeur))  # a SIRET typed as a number
    return str(valeur).strip()


def lire(nom: str, contenu: bytes) -> list[list[str]]:
    if nom.lower().endswith(".xlsx"):
        return lire_xlsx(contenu)
    if nom.lower().endswith(".csv"):
        return lire_csv(contenu)
    raise FichierIllisible(f"« {nom} » n'est ni un CSV ni un XLSX : enregistrez la liste dans l'un de ces formats.")


# --- Pure transform ---------------------------------------------------------------------


def transformer(rangees: list[list[str]], presence_defaut: str = "present") -> list[Ligne]:
    """Rows (header first) → lines, read by column name. Raises FichierIllisible on a bad header."""
    rangees = [r for r in rangees if any(str(c).strip() for c in r)]
    if not rangees:
        raise FichierIllisible("Le fichier est vide : il faut une ligne d'en-tête puis une ligne par participant.")
    if len(rangees) > LIGNES_MAX + 1:
        raise FichierIllisible(f"Plus de {LIGNES_MAX} lignes : découpez la liste en plusieurs fichiers.")
    entetes = [normaliser_entete(c) for c in rangees[0]]
    index = {}
    for cle, alias in COLONNES.items():
        for i, entete in enumerate(entetes):
            if entete in alias and cle not in index:
                index[cle] = i
    if "siret" not in index and "organisation" not in index:
        lues = ", ".join(f"« {c} »" for c in rangees[0] if str(c).strip()) or "aucune"
        raise FichierIllisible(
            "Ni colonne « siret » ni colonne « entreprise » (ou organisation, raison sociale) dans la "
            f"première ligne du fichier (en-têtes lus : {lues}) : ajoutez l'une des deux."
        )
    lignes = []
    for numero, rangee in enumerate(rangees[1:], start=2):
        def valeur(cle, rangee=rangee):
            i = index.get(cle)
            return str(rangee[i]).strip() if i is not None and i < len(rangee) else ""

        ligne = Ligne(
            numero=numero, siret=normaliser_siret(valeur("siret")), organisation=valeur("organisation")[:250],
            prenom=valeur("prenom")[:120], nom=valeur("nom")[:120],
        )
        brute = normaliser_entete(valeur("presence"))
        if not brute:
            ligne.presence = presence_defaut
        else:
            ligne.presence = next((p for p, mots in PRESENCES.items() if brute in mots), "")
            if not ligne.presence:
                ligne.erreurs.append(
                    f"présence « {valeur('presence')} » inconnue (attendu : présent, absent, excusé ou inscrit)"
                )
        if ligne.siret and not siret_valide(ligne.siret):
            ligne.erreurs.append(f"SIRET « {valeur('siret')} » invalide (14 chiffres, clé de contrôle)")
        if not ligne.siret and not ligne.organisation:
            ligne.erreurs.append("ni SIRET ni nom d'organisation")
        lignes.append(ligne)
    return lignes


# --- Matching and saving ----------------------------------------------------------------


def rapprocher(lignes: list[Ligne], territoire) -> list[Resultat]:
    """Match each line with an organisation of the territory: by SIRET, then by normalised name."""
    from territoire.etablissements.models import Etablissement
    from territoire.reseau.models import Organisation

    orgs = list(Organisation.objects.filter(territoires=territoire).distinct())
    par_siret = {o.siret: o for o in orgs if o.siret}
    par_nom: dict[str, list] = {}
    for o in orgs:
        for nom in {normaliser_nom(o.nom), normaliser_nom(o.sigle)} - {""}:
            par_nom.setdefault(nom, []).append(o)
    sirets_inconnus = {ligne.siret for ligne in lignes if siret_valide(ligne.siret) and ligne.siret not in par_siret}
    etablissements = {
        e.siret: e
        for e in Etablissement.objects.filter(siret__in=sirets_inconnus, commune__territoires=territoire).select_related(
            "unite_legale"
        )
    }
    resultats, vus = [], set()
    for ligne in lignes:
        r = Resultat(ligne=ligne)
        if ligne.erreurs and not (ligne.organisation or siret_valide(ligne.siret)):
            r.raison = "; ".join(ligne.erreurs)
        elif not ligne.presence:
            r.raison = "; ".join(ligne.erreurs)
        elif siret_valide(ligne.siret) and ligne.siret in par_siret:
            r.organisation, r.correspondance = par_siret[ligne.siret], "siret"
        elif siret_valide(ligne.siret) and ligne.siret in etablissements:
            r.etablissement, r.correspondance = etablissements[ligne.siret], "recensement"
        else:
            candidats = par_nom.get(normaliser_nom(ligne.organisation), []) if ligne.organisation else []
            if len(candidats) == 1:
                r.organisation, r.correspondance = candidats[0], "nom"
                if candidats[0].siret and siret_valide(ligne.siret) and candidats[0].siret != ligne.siret:
                    r.raison = f"attention : le SIRET du fichier diffère de celui connu ({candidats[0].siret})"
            elif len(candidats) > 1:
                r.raison = (
                    f"{len(candidats)} organisations portent ce nom : ajoutez le SIRET pour les distinguer"
                )
            else:
                r.raison = (
                    "aucune organisation du territoire ne correspond : créez-la dans le réseau ou ajoutez "
                    "le SIRET d'un établissement du recensement"
                )
            if ligne.erreurs:
                r.raison = "; ".join([*ligne.erreurs, *([r.raison] if r.raison else [])])
        cle = (r.organisation.pk if r.organisation else None, r.etablissement.siret if r.etablissement else None)
        if r.reconnue and cle in vus:
            r.doublon = True
            r.raison = "déjà plus haut dans le fichier : ligne ignorée"
        vus.add(cle)
        resultats.append(r)
    return resultats


@transaction.atomic
def enregistrer(resultats: list[Resultat], reunion, auteur=None) -> dict:
    """Save the matched lines as participants of `reunion` (all or nothing)."""
    from territoire.reseau.actions import creer_organisation_entreprise
    from territoire.reseau.models import Organisation

    from .actions import ajouter_participant

    comptes = {"participations": 0, "deja_la": 0, "organisations_creees": 0}
    territoire = reunion.consultation.territoire
    for r in resultats:
        if not r.reconnue or r.doublon:
            continue
        if r.organisation is None:
            e = r.etablissement
            org = Organisation.objects.filter(siret=e.siret).first()
            if org is None:
                org = creer_organisation_entreprise(
                    territoire, nom=e.nom_affiche(public=False).split(" (")[0][:250], etablissement=e, auteur=auteur,
                )
                comptes["organisations_creees"] += 1
            org.territoires.add(territoire)
            r.organisation = org
        _, cree = ajouter_participant(
            reunion, organisation=r.organisation, presence=r.ligne.presence, importee=True
        )
        comptes["participations" if cree else "deja_la"] += 1
    return comptes
