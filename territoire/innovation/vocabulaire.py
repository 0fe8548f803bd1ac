"""The controlled competence vocabulary: read a CSV file, check it, load it.

File (UTF-8, `;`, header): code;libelle;categorie;parent;synonymes;description[;source]
- `code`: a slug (lower-case letters, digits, hyphens), unique;
- `categorie`: technologie, materiau, procede, secteur or methode;
- `parent`: the code of a more general entry (in the file or already in the database), or empty;
- `synonymes`: the words firms and labs use for it, separated by `|`.

Refused, with every problem listed by line: a duplicate code, two entries with the same label
(ignoring case and accents), a term (label or synonym) that names two entries, an unknown
category or parent, a cycle of parents. Nothing is written unless the whole file is right.
Entries absent from the file are kept (holders may use them).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from territoire.referentiel.actions import DonneesInvalides

from .models import Competence, Synonyme

FICHIER_LIVRE = Path(__file__).parent / "data" / "competences.csv"
SOURCE_LIVREE = "Vocabulaire livré avec la plateforme (territoire/innovation/data/competences.csv)"
COLONNES_REQUISES = ("code", "libelle", "categorie")
TAILLE_MAX = 5 * 1024 * 1024
MAX_ERREURS = 30
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def normaliser(terme: str) -> str:
    """A term for comparison: lower case, no accents, single spaces, apostrophes as spaces."""
    texte = unicodedata.normalize("NFKD", terme or "").lower().replace("’", "'")
    texte = "".join(c for c in texte if unicodedata.category(c) != "Mn")
    return " ".join(re.sub(r"[^\w]+", " ", texte).split())


@dataclass
class EntreeVocabulaire:
    ligne: int
    code: str
    libelle: str
    categorie: str
    parent: str = ""
    synonymes: list[str] = field(default_factory=list)
    description: str = ""
    source: str = ""


def _cycle(parents: dict[str, str]) -> list[str] | None:
    """The first cycle of the parent graph (as a list of codes ending where it began), or None."""
    etat: dict[str, int] = {}
    for depart in sorted(parents):
        chemin: list[str] = []
        courant = depart
        while courant and etat.get(courant, 0) == 0:
            etat[courant] = 1
            chemin.append(courant)
            courant = parents.get(courant, "")
        if courant and etat.get(courant) == 1:
            return chemin[chemin.index(courant):] + [courant]
        for code in chemin:
            etat[code] = 2
    return None


def lire(contenu: bytes, nom: str = "vocabulaire", existants: dict[str, str] | None = None) -> list[EntreeVocabulaire]:
    """Parse and check a vocabulary file. `existants` maps the database's codes to their parent
    code (for parents and cycles across the file and the database). Raise DonneesInvalides."""
    if len(contenu) > TAILLE_MAX:
        raise DonneesInvalides(f"{nom} : {len(contenu) // 1024} Kio ; un vocabulaire tient en moins de {TAILLE_MAX // 1024 // 1024} Mio.")
    try:
        texte = contenu.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        ligne = contenu[: exc.start].count(b"\n") + 1
        raise DonneesInvalides(
            f"{nom}, ligne {ligne} : le fichier n'est pas en UTF-8. Réenregistrez-le en UTF-8 (CSV UTF-8 dans un tableur)."
        ) from exc
    lecteur = csv.DictReader(io.StringIO(texte, newline=""), delimiter=";")
    entete = [c.strip() for c in (lecteur.fieldnames or [])]
    manquantes = [c for c in COLONNES_REQUISES if c not in entete]
    if manquantes:
        indice = " (le séparateur attendu est « ; »)" if len(entete) == 1 and "," in entete[0] else ""
        raise DonneesInvalides(f"{nom} : colonnes manquantes : {', '.join(manquantes)}{indice}. "
                               "En-tête attendu : code;libelle;categorie;parent;synonymes;description.")
    lecteur.fieldnames = entete
    categories = set(Competence.Categorie.values)
    existants = existants or {}
    erreurs: list[str] = []
    entrees: list[EntreeVocabulaire] = []
    codes: dict[str, int] = {}
    libelles: dict[str, tuple[int, str]] = {}
    termes: dict[str, tuple[int, str]] = {}
    try:
        lignes = list(enumerate(lecteur, start=2))
    except csv.Error as exc:
        raise DonneesInvalides(f"{nom} : CSV illisible ({exc}).") from exc
    for numero, brute in lignes:
        valeur = {k: (v or "").strip() if isinstance(v, str) else "" for k, v in brute.items() if k}
        code, libelle, categorie = valeur.get("code", ""), valeur.get("libelle", ""), valeur.get("categorie", "")
        if not code and not libelle:
            continue
        if not _SLUG.match(code) or len(code) > 80:
            erreurs.append(f"ligne {numero} : code « {code[:80]} » invalide (minuscules sans accents, chiffres et tirets).")
            continue
        if code in codes:
            erreurs.append(f"ligne {numero} : le code « {code} » est déjà à la ligne {codes[code]} (doublon).")
            continue
        codes[code] = numero
        if not libelle or len(libelle) > 200:
            erreurs.append(f"ligne {numero} ({code}) : libellé vide ou de plus de 200 caractères.")
        if categorie not in categories:
            erreurs.append(f"ligne {numero} ({code}) : catégorie « {categorie} » inconnue ; "
                           f"attendu : {', '.join(sorted(categories))}.")
        cle = normaliser(libelle)
        if cle in libelles:
            erreurs.append(f"ligne {numero} ({code}) : le libellé « {libelle} » est déjà celui de la ligne {libelles[cle][0]} ({libelles[cle][1]}).")
        libelles.setdefault(cle, (numero, code))
        synonymes: list[str] = []
        vus = {cle}
        for terme in (t.strip() for t in valeur.get("synonymes", "").split("|")):
            n = normaliser(terme)
            if not n or n in vus:
                continue
            vus.add(n)
            if len(terme) > 200:
                erreurs.append(f"ligne {numero} ({code}) : synonyme de plus de 200 caractères.")
                continue
            synonymes.append(terme)
        for n in vus:
            autre = termes.get(n)
            if autre and autre[1] != code:
                erreurs.append(f"ligne {numero} ({code}) : le terme « {n} » désigne déjà « {autre[1]} » (ligne {autre[0]}) ; "
                               "un terme ne peut désigner qu'une entrée.")
            termes.setdefault(n, (numero, code))
        entrees.append(EntreeVocabulaire(
            ligne=numero, code=code, libelle=libelle, categorie=categorie, parent=valeur.get("parent", ""),
            synonymes=synonymes, description=valeur.get("description", ""), source=valeur.get("source", ""),
        ))
        if len(erreurs) >= MAX_ERREURS:
            break
    tous = set(existants) | set(codes)
    for e in entrees:
        if e.parent and e.parent not in tous:
            erreurs.append(f"ligne {e.ligne} ({e.code}) : parent « {e.parent} » inconnu (ni dans le fichier, ni dans le vocabulaire).")
        if e.parent == e.code:
            erreurs.append(f"ligne {e.ligne} ({e.code}) : une entrée ne peut pas être son propre parent.")
    parents = {**existants, **{e.code: e.parent for e in entrees}}
    cycle = _cycle({c: p for c, p in parents.items() if p and p != c})
    if cycle:
        erreurs.append("cycle de parents : " + " → ".join(cycle) + ". Une entrée ne peut pas descendre d'elle-même.")
    if erreurs:
        suite = "" if len(erreurs) < MAX_ERREURS else f" (arrêt après {MAX_ERREURS} erreurs)"
        raise DonneesInvalides(f"{nom} : {len(erreurs)} problème(s){suite}, rien n'a été chargé :\n- " + "\n- ".join(erreurs[:MAX_ERREURS]))
    if not entrees:
        raise DonneesInvalides(f"{nom} : aucune entrée.")
    return entrees


@transaction.atomic
def charger(entrees: list[EntreeVocabulaire], source: str) -> dict[str, int]:
    """Create or update the entries (by code); their synonyms become the file's. Returns counts."""
    from .index import renouveler_version

    existants = {c.code: c for c in Competence.objects.all()}
    creees = mises_a_jour = 0
    par_code: dict[str, Competence] = {}
    for e in entrees:
        c = existants.get(e.code)
        valeurs = {"libelle": e.libelle, "categorie": e.categorie, "description": e.description,
                   "source": e.source or (c.source if c else source), "actif": True}
        if c is None:
            c = Competence.objects.create(code=e.code, **valeurs)
            creees += 1
        elif any(getattr(c, k) != v for k, v in valeurs.items()):
            for k, v in valeurs.items():
                setattr(c, k, v)
            c.save()
            mises_a_jour += 1
        par_code[e.code] = c
    tous = {**existants, **par_code}
    for e in entrees:
        c = par_code[e.code]
        parent = tous[e.parent] if e.parent else None
        if c.parent_id != (parent.pk if parent else None):
            c.parent = parent
            c.save(update_fields=["parent", "modifie_le"])
        actuels = set(c.synonymes.values_list("terme", flat=True))
        if actuels != set(e.synonymes):
            c.synonymes.exclude(terme__in=e.synonymes).delete()
            Synonyme.objects.bulk_create([Synonyme(competence=c, terme=t) for t in e.synonymes if t not in actuels])
    renouveler_version()
    return {"entrees": len(entrees), "creees": creees, "mises_a_jour": mises_a_jour}


def charger_fichier(chemin: Path, source: str | None = None) -> dict[str, int]:
    existants = dict(Competence.objects.values_list("code", "parent__code"))
    entrees = lire(chemin.read_bytes(), chemin.name, {k: v or "" for k, v in existants.items()})
    return charger(entrees, source or f"Fichier {chemin.name}")


def installer_vocabulaire() -> dict[str, int]:
    """Load the shipped vocabulary (the demo builder and the data migration call it)."""
    return charger_fichier(FICHIER_LIVRE, SOURCE_LIVREE)
