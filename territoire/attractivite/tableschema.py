"""A Table Schema (frictionless) validator driven by the JSON schema files themselves.

Pure Python, no database: it reads a schema.json, decodes a CSV, casts every cell by the type
and format its field declares and checks the field's constraints (required, enum, pattern,
lengths, bounds, unique) and the primary key. Nothing here knows a field by name: the CNIG
schemas shipped in `data/schemas/` are the only list of fields.

Messages are French and say where (file, line, column), what, and how to fix it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

# Larger files are refused before being read: an inventory of activity zones is a few
# thousand rows; a 20 MB CSV is already far beyond any real one.
TAILLE_MAX_OCTETS = 20 * 1024 * 1024
# One cell may hold a long polygon (GeoJSON); 5 MB is far above any real plot or site.
TAILLE_MAX_CELLULE = 5 * 1024 * 1024
SEPARATEURS = (";", ",", "\t")
TYPES_GEOJSON = frozenset(
    {"Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon", "GeometryCollection"}
)
_NOMBRE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_ENTIER = re.compile(r"^[+-]?\d+$")
_COURRIEL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_URI = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$")


class ValeurInvalide(ValueError):
    """A cell that does not follow its field's type, format or constraints."""


class FichierIllisible(ValueError):
    """The file cannot be read as a CSV at all (encoding, size, no header)."""


@dataclass(frozen=True)
class Champ:
    nom: str
    type: str
    format: str
    requis: bool
    enum: tuple | None
    motif: str | None
    titre: str
    description: str
    contraintes: dict

    @property
    def est_texte_libre(self) -> bool:
        return self.type == "string" and self.enum is None and self.motif is None and self.format in ("", "default")


@dataclass(frozen=True)
class Schema:
    nom: str
    titre: str
    version: str
    champs: tuple[Champ, ...]
    cle_primaire: tuple[str, ...]
    valeurs_manquantes: frozenset[str]
    chemin: str = ""

    @classmethod
    def charger(cls, chemin: Path) -> Schema:
        donnees = json.loads(Path(chemin).read_text(encoding="utf-8"))
        return cls.depuis_dict(donnees, str(chemin))

    @classmethod
    def depuis_dict(cls, donnees: dict, chemin: str = "") -> Schema:
        champs = []
        for f in donnees["fields"]:
            c = f.get("constraints") or {}
            champs.append(Champ(
                nom=f["name"], type=f.get("type", "string"), format=f.get("format", "") or "",
                requis=bool(c.get("required")), enum=tuple(c["enum"]) if "enum" in c else None,
                motif=c.get("pattern"), titre=f.get("title", ""), description=f.get("description", ""),
                contraintes=c,
            ))
        cle = donnees.get("primaryKey") or ()
        return cls(
            nom=donnees.get("name", ""), titre=donnees.get("title", ""), version=donnees.get("version", ""),
            champs=tuple(champs), cle_primaire=(cle,) if isinstance(cle, str) else tuple(cle),
            valeurs_manquantes=frozenset(donnees.get("missingValues", [""])), chemin=chemin,
        )

    @property
    def noms(self) -> list[str]:
        return [c.nom for c in self.champs]

    def champ(self, nom: str) -> Champ:
        for c in self.champs:
            if c.nom == nom:
                return c
        raise KeyError(nom)

    @property
    def requis(self) -> list[str]:
        return [c.nom for c in self.champs if c.requis]


@dataclass
class Erreur:
    message: str
    ligne: int | None = None  # line of the file (the header is line 1)
    colonne: str | None = None
    fichier: str = ""

    def __str__(self) -> str:
        lieu = [p for p in (self.fichier, f"ligne {self.ligne}" if self.ligne else "",
                            f"colonne {self.colonne}" if self.colonne else "") if p]
        return f"{', '.join(lieu)} : {self.message}" if lieu else self.message


@dataclass
class Table:
    """The rows of a file, cast by the schema (missing values are None), and what was wrong."""

    schema: Schema
    fichier: str
    entetes: list[str]
    lignes: list[dict] = field(default_factory=list)  # {"_ligne": n, field name: typed value}
    erreurs: list[Erreur] = field(default_factory=list)
    separateur: str = ";"

    @property
    def valide(self) -> bool:
        return not self.erreurs


# --------------------------------------------------------------------------- reading a CSV


def decoder(contenu: bytes, fichier: str) -> str:
    """UTF-8 text (a leading BOM is dropped); anything else is refused with where it failed."""
    if len(contenu) > TAILLE_MAX_OCTETS:
        raise FichierIllisible(
            f"{fichier} : fichier de {len(contenu) / 1048576:.1f} Mo, au-delà de la limite de "
            f"{TAILLE_MAX_OCTETS // 1048576} Mo ; découpez-le ou vérifiez qu'il s'agit du bon fichier."
        )
    if b"\x00" in contenu[:4096]:
        raise FichierIllisible(f"{fichier} : fichier binaire (octets nuls), pas un CSV texte.")
    try:
        texte = contenu.decode("utf-8")
    except UnicodeDecodeError as exc:
        ligne = contenu[: exc.start].count(b"\n") + 1
        raise FichierIllisible(
            f"{fichier}, ligne {ligne} : le fichier n'est pas en UTF-8 (octet 0x{contenu[exc.start]:02x}). "
            "Enregistrez-le en « CSV UTF-8 » depuis votre tableur, puis recommencez."
        ) from exc
    return texte.removeprefix("\ufeff")


def deviner_separateur(premiere_ligne: str, noms: Iterable[str]) -> str:
    """The separator that splits the header into the most names of the schema (; , or tab)."""
    attendus = set(noms)
    meilleur, score = SEPARATEURS[0], -1
    for sep in SEPARATEURS:
        entetes = next(csv.reader([premiere_ligne], delimiter=sep), [])
        n = len(attendus & {e.strip() for e in entetes})
        if n > score:
            meilleur, score = sep, n
    return meilleur


def lire_csv(contenu: bytes, schema: Schema, fichier: str) -> Table:
    """Decode, split and validate a CSV file against `schema`."""
    texte = decoder(contenu, fichier)
    if not texte.strip():
        raise FichierIllisible(f"{fichier} : fichier vide (aucune ligne d'en-tête).")
    premiere = texte.splitlines()[0]
    sep = deviner_separateur(premiere, schema.noms)
    csv.field_size_limit(TAILLE_MAX_CELLULE)
    lecteur = csv.reader(io.StringIO(texte, newline=""), delimiter=sep)
    try:
        entetes = [e.strip() for e in next(lecteur)]
        brutes = []
        for numero, ligne in enumerate(lecteur, start=2):
            if ligne and any(v.strip() for v in ligne):
                brutes.append((numero, ligne))
    except csv.Error as exc:
        raise FichierIllisible(f"{fichier}, ligne {lecteur.line_num} : CSV mal formé ({exc}).") from exc
    table = valider(schema, entetes, brutes, fichier)
    table.separateur = sep
    return table


# --------------------------------------------------------------------------- casting


def _nombre(texte: str) -> float:
    if not _NOMBRE.match(texte):
        if re.match(r"^[+-]?\d+,\d+$", texte):
            raise ValeurInvalide(f"« {texte} » : nombre attendu avec un point décimal (par exemple {texte.replace(',', '.')}).")
        raise ValeurInvalide(f"« {_court(texte)} » n'est pas un nombre.")
    valeur = float(texte)
    if math.isinf(valeur) or math.isnan(valeur):
        raise ValeurInvalide(f"« {texte} » : nombre fini attendu.")
    return valeur


def _court(texte: str, n: int = 60) -> str:
    return texte if len(texte) <= n else texte[: n - 1] + "…"


def _date(champ: Champ, texte: str):
    fmt = champ.format
    if fmt in ("", "default", "any"):
        fmt = "%Y-%m-%d"
    if fmt == "%Y":
        if not re.fullmatch(r"\d{4}", texte):
            raise ValeurInvalide(f"« {_court(texte)} » : année sur quatre chiffres attendue (par exemple 2015).")
        return int(texte)
    try:
        return dt.datetime.strptime(texte, fmt).date()
    except ValueError:
        exemple = dt.date(2023, 8, 29).strftime(fmt)
        raise ValeurInvalide(f"« {_court(texte)} » : date attendue au format {exemple}.") from None


def _geojson(texte: str) -> dict:
    try:
        donnees = json.loads(texte)
    except json.JSONDecodeError as exc:
        raise ValeurInvalide(f"géométrie illisible : GeoJSON attendu ({exc.msg}, caractère {exc.pos}).") from None
    if not isinstance(donnees, dict) or donnees.get("type") not in TYPES_GEOJSON:
        raise ValeurInvalide("géométrie : un objet GeoJSON avec un « type » (Polygon, MultiPolygon, Point…) est attendu.")
    from shapely.geometry import shape

    try:
        geom = shape(donnees)
    except Exception as exc:  # shapely raises several types for malformed coordinates
        raise ValeurInvalide(f"géométrie GeoJSON mal formée ({exc}).") from None
    if geom.is_empty:
        raise ValeurInvalide("géométrie vide.")
    if not geom.is_valid:
        from shapely.validation import explain_validity

        raise ValeurInvalide(f"géométrie invalide ({explain_validity(geom)}) : corrigez-la dans votre logiciel SIG.")
    return donnees


def _geopoint(champ: Champ, texte: str) -> tuple[float, float]:
    fmt = champ.format or "default"
    try:
        if fmt == "array":
            lon, lat = json.loads(texte)
        elif fmt == "object":
            d = json.loads(texte)
            lon, lat = d["lon"], d["lat"]
        else:
            lon, lat = (p.strip() for p in texte.split(","))
        lon, lat = float(lon), float(lat)
    except (ValueError, TypeError, KeyError, json.JSONDecodeError):
        raise ValeurInvalide(f"« {_court(texte)} » : point attendu sous la forme « longitude, latitude » (par exemple 2.6, 50.5).") from None
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise ValeurInvalide(f"« {_court(texte)} » : longitude entre -180 et 180 et latitude entre -90 et 90 attendues (degrés WGS84).")
    return lon, lat


def _booleen(texte: str) -> bool:
    if texte.lower() in ("true", "vrai", "1", "oui", "yes"):
        return True
    if texte.lower() in ("false", "faux", "0", "non", "no"):
        return False
    raise ValeurInvalide(f"« {_court(texte)} » : vrai ou faux attendu.")


def ressemble_a_une_formule(texte: str) -> bool:
    """Would a spreadsheet run this text as a formula? (= and @ always; + and - when followed by
    formula syntax, so that « +33 3 21 00 00 00 » or « - extension prévue » stay text)."""
    if not texte:
        return False
    if texte[0] in "=@\t\r":
        return True
    return texte[0] in "+-" and any(c in texte for c in "(!=@|;")


def convertir(champ: Champ, texte: str):
    """The typed value of one non-missing cell, or ValeurInvalide saying what is wrong."""
    t = champ.type
    if t == "string":
        valeur = texte
        if champ.format == "email" and not _COURRIEL.match(texte):
            raise ValeurInvalide(f"« {_court(texte)} » : adresse de courriel attendue (nom@domaine.fr).")
        if champ.format == "uri" and not _URI.match(texte):
            raise ValeurInvalide(f"« {_court(texte)} » : adresse web attendue (https://…).")
        if champ.enum is None and ressemble_a_une_formule(texte):
            raise ValeurInvalide(
                f"« {_court(texte)} » commence comme une formule de tableur ({texte[0]!r}) : "
                "retirez ce premier caractère (protection contre l'injection de formules)."
            )
    elif t == "number":
        valeur = _nombre(texte)
    elif t == "integer":
        if not _ENTIER.match(texte):
            raise ValeurInvalide(f"« {_court(texte)} » n'est pas un nombre entier.")
        valeur = int(texte)
    elif t == "date":
        valeur = _date(champ, texte)
    elif t == "year":
        valeur = _date(Champ(champ.nom, "date", "%Y", False, None, None, "", "", {}), texte)
    elif t == "geojson":
        valeur = _geojson(texte)
    elif t == "geopoint":
        valeur = _geopoint(champ, texte)
    elif t == "boolean":
        valeur = _booleen(texte)
    else:
        valeur = texte
    verifier_contraintes(champ, texte, valeur)
    return valeur


def verifier_contraintes(champ: Champ, texte: str, valeur) -> None:
    c = champ.contraintes
    if champ.enum is not None and valeur not in champ.enum:
        proches = [e for e in champ.enum if str(e).casefold() == str(valeur).casefold().strip()]
        conseil = f" Vouliez-vous dire « {proches[0]} » ? (la casse et les espaces comptent)" if proches else ""
        raise ValeurInvalide(
            f"« {_court(texte)} » n'est pas une valeur autorisée ; valeurs possibles : "
            f"{', '.join(map(str, champ.enum))}.{conseil}"
        )
    if champ.motif is not None and isinstance(valeur, str):
        if not re.match(f"^(?:{champ.motif})$", valeur):
            raise ValeurInvalide(f"« {_court(texte)} » ne suit pas la forme attendue par le standard (motif {champ.motif}).")
    if "minLength" in c and len(texte) < c["minLength"]:
        raise ValeurInvalide(f"« {_court(texte)} » : au moins {c['minLength']} caractères attendus.")
    if "maxLength" in c and len(texte) > c["maxLength"]:
        raise ValeurInvalide(f"« {_court(texte)} » : au plus {c['maxLength']} caractères attendus.")
    if isinstance(valeur, (int, float)) and not isinstance(valeur, bool):
        if "minimum" in c and valeur < c["minimum"]:
            raise ValeurInvalide(f"{texte} : valeur minimale {c['minimum']}.")
        if "maximum" in c and valeur > c["maximum"]:
            raise ValeurInvalide(f"{texte} : valeur maximale {c['maximum']}.")


# --------------------------------------------------------------------------- a whole table


def valider(schema: Schema, entetes: list[str], brutes: Iterable[tuple[int, list]], fichier: str) -> Table:
    """Check the header, then cast and check every row. Rows with an error are not kept."""
    table = Table(schema=schema, fichier=fichier, entetes=entetes)
    connus = set(schema.noms)
    vus: set[str] = set()
    for e in entetes:
        if e in vus:
            table.erreurs.append(Erreur(f"colonne « {e} » présente deux fois.", 1, e, fichier))
        vus.add(e)
    inconnues = [e for e in entetes if e not in connus]
    if inconnues:
        table.erreurs.append(Erreur(
            f"colonne(s) inconnue(s) du schéma « {schema.titre} » {schema.version} : {', '.join(map(repr, inconnues))} ; "
            "renommez-les comme dans le standard ou retirez-les.", 1, None, fichier,
        ))
    manquantes = [n for n in schema.requis if n not in vus]
    if manquantes:
        table.erreurs.append(Erreur(
            f"colonne(s) obligatoire(s) absente(s) : {', '.join(manquantes)}.", 1, None, fichier,
        ))
    if table.erreurs:
        return table
    champs = [schema.champ(e) for e in entetes]
    absents = [c for c in schema.champs if c.nom not in vus]
    cles: dict[tuple, int] = {}
    uniques: dict[str, dict] = {c.nom: {} for c in schema.champs if c.contraintes.get("unique")}
    for numero, cellules in brutes:
        if len(cellules) != len(entetes):
            table.erreurs.append(Erreur(
                f"{len(cellules)} valeurs au lieu de {len(entetes)} (un séparateur « {';' if len(entetes) else ''} » "
                "ou un guillemet en trop ?).", numero, None, fichier,
            ))
            continue
        ligne, erreurs = valider_ligne(schema, champs, cellules, numero, fichier)
        for c in absents:
            ligne[c.nom] = None
        if schema.cle_primaire and not erreurs:
            cle = tuple(ligne.get(n) for n in schema.cle_primaire)
            if cle in cles:
                erreurs.append(Erreur(
                    f"identifiant « {'/'.join(map(str, cle))} » en double (déjà ligne {cles[cle]}) : "
                    "chaque ligne doit avoir son propre identifiant.", numero, "/".join(schema.cle_primaire), fichier,
                ))
            else:
                cles[cle] = numero
        for nom, deja in uniques.items():
            v = ligne.get(nom)
            if v is not None and not erreurs:
                if v in deja:
                    erreurs.append(Erreur(f"valeur « {v} » en double (déjà ligne {deja[v]}).", numero, nom, fichier))
                deja[v] = numero
        if erreurs:
            table.erreurs.extend(erreurs)
        else:
            table.lignes.append(ligne)
    return table


def valider_ligne(schema: Schema, champs: list[Champ], cellules: list[str], numero: int, fichier: str):
    ligne: dict = {"_ligne": numero}
    erreurs = []
    for champ, brut in zip(champs, cellules, strict=True):
        texte = brut.strip()
        if texte in schema.valeurs_manquantes:
            if champ.requis:
                erreurs.append(Erreur(f"valeur obligatoire manquante ({champ.titre or champ.nom}).", numero, champ.nom, fichier))
            ligne[champ.nom] = None
            continue
        try:
            ligne[champ.nom] = convertir(champ, texte)
        except ValeurInvalide as exc:
            erreurs.append(Erreur(str(exc), numero, champ.nom, fichier))
    return ligne, erreurs


def valider_lignes(schema: Schema, lignes: Iterable[dict[str, str]], fichier: str) -> Table:
    """Validate rows given as {field: text} (a GeoPackage layer, a form): same rules as a CSV."""
    lignes = list(lignes)
    entetes = list(lignes[0].keys()) if lignes else [c.nom for c in schema.champs]
    return valider(schema, entetes, ((i, [ligne.get(e, "") for e in entetes]) for i, ligne in enumerate(lignes, start=2)),
                   fichier)


# --------------------------------------------------------------------------- writing


def formater(champ: Champ, valeur) -> str:
    """The text of a typed value, as `convertir` reads it back (round trip)."""
    if valeur is None:
        return ""
    t = champ.type
    if t == "number":
        return format_nombre(valeur)
    if t == "date":
        if isinstance(valeur, int):
            return f"{valeur:04d}"
        fmt = champ.format if champ.format not in ("", "default", "any") else "%Y-%m-%d"
        return valeur.strftime(fmt)
    if t == "geojson":
        return json.dumps(valeur, ensure_ascii=False, separators=(", ", ": "))
    if t == "geopoint":
        lon, lat = valeur
        if champ.format == "array":
            return json.dumps([lon, lat])
        if champ.format == "object":
            return json.dumps({"lon": lon, "lat": lat})
        return f"{format_nombre(lon)}, {format_nombre(lat)}"
    if t == "boolean":
        return "true" if valeur else "false"
    return str(valeur)


def format_nombre(valeur) -> str:
    valeur = float(valeur)
    if valeur.is_integer() and abs(valeur) < 1e15:
        return str(int(valeur))
    return repr(valeur)


def ecrire_csv(schema: Schema, lignes: Iterable[dict], separateur: str = ";") -> str:
    """CSV text (UTF-8, header of the schema's fields in its order) of typed rows."""
    tampon = io.StringIO(newline="")
    ecrivain = csv.writer(tampon, delimiter=separateur, lineterminator="\n")
    ecrivain.writerow(schema.noms)
    for ligne in lignes:
        cellules = []
        for c in schema.champs:
            texte = formater(c, ligne.get(c.nom))
            if c.type == "string" and c.enum is None and ressemble_a_une_formule(texte):
                texte = "'" + texte  # defence in depth: such a value was refused on the way in
            cellules.append(texte)
        ecrivain.writerow(cellules)
    return tampon.getvalue()
