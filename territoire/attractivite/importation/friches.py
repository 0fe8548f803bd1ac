"""`territoire friches import`: brownfields in the CNIG standard (v1.0.6 or v1.0.5), and the
national inventory's exports in the same standard.

Real exports stray from the standard: French dates, `NA`, codes that lost a leading zero,
values outside an enumeration, coordinates in the wrong order. A value is imported when it
reads one way only (a correction that cannot be read otherwise is noted); any other value is
left out and flagged on its row, with what the file said, for the team to decide — never
guessed. Only the rows of the territory's communes are kept; the others are counted.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from .. import cnig, geometrie, tableschema
from ..tableschema import FichierIllisible, ValeurInvalide
from .lecture import ImportRefuse

CLES = ("site_id", "site_nom", "comm_insee")
_DATE_FR = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_ENTIER_ESPACES = re.compile(r"^\d{1,3}([ \u00a0\u202f]\d{3})+$")
_ENTIER_DECIMAL_NUL = re.compile(r"^(\d+)[.,]0+$")


@dataclass
class RapportFriches:
    source: str
    version: str
    lues: int = 0
    gardees: int = 0
    hors_territoire: int = 0
    crees: int = 0
    mises_a_jour: int = 0
    ecartees: list[str] = field(default_factory=list)
    signalements: int = 0
    corrections: int = 0
    colonnes_ignorees: list[str] = field(default_factory=list)
    essai: bool = False

    def resume(self) -> str:
        return (
            f"Standard Friches {self.version} : {self.lues} ligne(s) lue(s), {self.gardees} du territoire "
            f"({self.crees} créée(s), {self.mises_a_jour} mise(s) à jour), {self.hors_territoire} hors du territoire, "
            f"{len(self.ecartees)} écartée(s) ; {self.corrections} valeur(s) corrigée(s) sans ambiguïté, "
            f"{self.signalements} valeur(s) douteuse(s) signalée(s) à l'équipe."
        )


def detecter_version(entetes: list[str]) -> str:
    """v1.0.6 adds `urba_zaer` (required) to v1.0.5's fields."""
    return "v1.0.6" if "urba_zaer" in entetes else "v1.0.5"


# --------------------------------------------------------------------------- one value


def reparer(champ, texte: str):
    """(value, note) for a value the schema refuses but that reads one way only, else
    ValeurInvalide. Pure."""
    if champ.type == "date" and champ.format not in ("%Y",):
        m = _DATE_FR.match(texte)
        if m:
            jour, mois, annee = (int(g) for g in m.groups())
            try:
                d = dt.date(annee, mois, jour)
            except ValueError:
                raise ValeurInvalide(f"« {texte} » : date impossible.") from None
            return d, f"date au format français « {texte} » lue comme le {d:%d/%m/%Y}"
    if champ.type == "date" and champ.format == "%Y":
        m = _DATE_FR.match(texte)
        if m:
            return int(m.group(3)), f"date « {texte} » : seule l'année {m.group(3)} est gardée"
    if champ.type == "integer":
        if _ENTIER_ESPACES.match(texte):
            n = int(re.sub(r"\D", "", texte))
            return n, f"« {texte} » lu comme {n} (espaces de milliers)"
        m = _ENTIER_DECIMAL_NUL.match(texte)
        if m:
            return int(m.group(1)), f"« {texte} » lu comme {m.group(1)}"
    if champ.enum is not None:
        proches = [e for e in champ.enum if " ".join(str(e).casefold().split()) == " ".join(texte.casefold().split())]
        if len(proches) == 1:
            return proches[0], f"« {texte} » lu comme « {proches[0]} » (casse ou espaces)"
    raise ValeurInvalide("")


def lire_valeur(champ, brut: str, manquantes) -> tuple[object, str | None, str | None]:
    """(value, correction note, doubt message). A doubtful value comes back as None."""
    texte = brut.strip()
    if texte in manquantes:
        return None, None, None
    if champ.nom.endswith("_insee") and re.fullmatch(r"\d{4}", texte):
        # A commune code is five characters: a four-digit one lost its leading zero in a spreadsheet.
        return "0" + texte, f"code commune « {texte} » : zéro initial rétabli (0{texte})", None
    try:
        return tableschema.convertir(champ, texte), None, None
    except ValeurInvalide as exc:
        try:
            valeur, note = reparer(champ, texte)
            tableschema.verifier_contraintes(champ, texte, valeur)
            return valeur, note, None
        except ValeurInvalide:
            return None, None, str(exc)


def lire_point(texte: str, commune=None) -> tuple[float, float, str | None]:
    """(lon, lat, note) of a `POINT(x y)` in WGS84 (either order) or Lambert-93: accepted when
    one reading only falls in France (and in its commune when its outline is known)."""
    geom = geometrie.lire_wkt(texte)
    if geom.geom_type != "Point":
        raise geometrie.GeometrieInvalide(f"un point est attendu, pas un {geom.geom_type}.")
    x, y = geom.x, geom.y
    lectures = []
    if geometrie.point_en_france(x, y):
        lectures.append((x, y, None))
    if geometrie.point_en_france(y, x):
        lectures.append((y, x, f"coordonnées dans l'ordre latitude, longitude ({texte})"))
    if not lectures and geometrie.LAMBERT93_X[0] <= x <= geometrie.LAMBERT93_X[1] and geometrie.LAMBERT93_Y[0] <= y <= geometrie.LAMBERT93_Y[1]:
        p = geometrie.wgs84({"type": "Point", "coordinates": [x, y]})
        lectures.append((round(p.x, 6), round(p.y, 6), "coordonnées en Lambert-93 converties"))
    if commune is not None and commune.contour:
        from shapely.geometry import Point, shape

        contour = shape(json.loads(commune.contour)).buffer(0.01)
        lectures = [lec for lec in lectures if contour.contains(Point(lec[0], lec[1]))]
        if not lectures:
            raise geometrie.GeometrieInvalide(f"le point n'est pas dans la commune {commune.nom} (ni dans un ordre ni dans l'autre).")
    if len(lectures) != 1:
        raise geometrie.GeometrieInvalide("le point ne tombe pas en France métropolitaine d'une seule façon : vérifiez l'ordre et le système des coordonnées.")
    return lectures[0]


# --------------------------------------------------------------------------- the file


def lire_fichier(contenu: bytes, nom: str) -> tuple[str, list[str], list[tuple[int, list[str]]]]:
    """(version, header, rows). File-level problems refuse the import."""
    try:
        texte = tableschema.decoder(contenu, nom)
    except FichierIllisible as exc:
        raise ImportRefuse(str(exc)) from exc
    if not texte.strip():
        raise ImportRefuse(f"{nom} : fichier vide.")
    premiere = texte.splitlines()[0]
    sep = tableschema.deviner_separateur(premiere, cnig.schema_friches("v1.0.6").noms)
    csv.field_size_limit(tableschema.TAILLE_MAX_CELLULE)
    lecteur = csv.reader(io.StringIO(texte, newline=""), delimiter=sep)
    try:
        entetes = [e.strip() for e in next(lecteur)]
        lignes = [(n, ligne) for n, ligne in enumerate(lecteur, start=2) if any(v.strip() for v in ligne)]
    except csv.Error as exc:
        raise ImportRefuse(f"{nom}, ligne {lecteur.line_num} : CSV mal formé ({exc}).") from exc
    manquantes = [c for c in CLES if c not in entetes]
    if manquantes:
        raise ImportRefuse(
            f"{nom} : colonne(s) {', '.join(manquantes)} absente(s) ; un fichier du standard Friches (v1.0.5 ou "
            "v1.0.6) les a toutes. Vérifiez le séparateur et la ligne d'en-tête."
        )
    return detecter_version(entetes), entetes, lignes


def importer_friches(territoire, chemin, *, auteur=None, dry_run: bool = False, contenu: bytes | None = None,
                     nom: str = "") -> RapportFriches:
    chemin = Path(chemin) if chemin else None
    nom = nom or (chemin.name if chemin else "friches.csv")
    if contenu is None:
        if not chemin.exists():
            raise ImportRefuse(f"{chemin} : fichier introuvable.")
        contenu = chemin.read_bytes()
    version, entetes, lignes = lire_fichier(contenu, nom)
    schema = cnig.schema_friches(version)
    export = cnig.schema_friches()
    connus = set(schema.noms)
    rapport = RapportFriches(source=nom, version=version, essai=dry_run,
                             colonnes_ignorees=[e for e in entetes if e not in connus])
    communes = {c.code_insee: c for c in territoire.communes.all()}
    a_ecrire = []
    for numero, cellules in lignes:
        rapport.lues += 1
        if len(cellules) != len(entetes):
            rapport.ecartees.append(f"ligne {numero} : {len(cellules)} valeurs au lieu de {len(entetes)}.")
            continue
        brut = dict(zip(entetes, cellules, strict=True))
        valeurs, signalements, corrections = {}, [], []
        for champ in schema.champs:
            if champ.nom not in brut:
                continue
            valeur, note, doute = lire_valeur(champ, brut[champ.nom], schema.valeurs_manquantes)
            if doute:
                signalements.append({"champ": champ.nom, "valeur": brut[champ.nom][:300], "message": doute})
            if note:
                corrections.append({"champ": champ.nom, "valeur": brut[champ.nom][:300], "message": note})
            valeurs[champ.nom] = valeur
        if not valeurs.get("site_id"):
            rapport.ecartees.append(f"ligne {numero} : identifiant du site (site_id) absent ou illisible.")
            continue
        code = valeurs.get("comm_insee")
        if not code:
            rapport.ecartees.append(f"ligne {numero} ({valeurs['site_id']}) : code commune absent ou illisible.")
            continue
        if code not in communes:
            rapport.hors_territoire += 1
            continue
        for champ in export.champs:
            if champ.requis and valeurs.get(champ.nom) is None and not any(s["champ"] == champ.nom for s in signalements):
                message = "valeur obligatoire manquante" if champ.nom in connus else (
                    f"valeur obligatoire du standard {cnig.VERSION_FRICHES_EXPORT}, absente du fichier {version}")
                signalements.append({"champ": champ.nom, "valeur": "", "message": message})
        position = None
        if valeurs.get("geompoint"):
            try:
                position = lire_point(valeurs["geompoint"], communes[code])
            except geometrie.GeometrieInvalide as exc:
                signalements.append({"champ": "geompoint", "valeur": valeurs["geompoint"][:300], "message": str(exc)})
                valeurs["geompoint"] = None
            else:
                if position[2]:
                    corrections.append({"champ": "geompoint", "valeur": valeurs["geompoint"], "message": position[2]})
        if valeurs.get("geomsurf"):
            try:
                geometrie.lire_wkt(valeurs["geomsurf"])
            except geometrie.GeometrieInvalide as exc:
                signalements.append({"champ": "geomsurf", "valeur": valeurs["geomsurf"][:300], "message": str(exc)})
                valeurs["geomsurf"] = None
        rapport.signalements += len(signalements)
        rapport.corrections += len(corrections)
        a_ecrire.append((valeurs, signalements + [dict(c, correction=True) for c in corrections], position))
    with transaction.atomic():
        _ecrire(territoire, a_ecrire, export, version, rapport, auteur)
        if dry_run:
            transaction.set_rollback(True)
    return rapport


def _ecrire(territoire, a_ecrire, export, version, rapport, auteur) -> None:
    from territoire.observatoire.cache import invalider_chiffres
    from territoire.reseau.actions import enregistrer_historique

    from ..actions.friches import chercher_activite_passee
    from ..models import Friche

    existantes = {f.site_id: f for f in Friche.objects.filter(territoire=territoire)}
    for valeurs, signalements, position in a_ecrire:
        friche = existantes.get(valeurs["site_id"]) or Friche(territoire=territoire)
        cree = friche.pk is None
        for champ in export.champs:
            v = valeurs.get(champ.nom)
            setattr(friche, cnig.attribut(champ.nom), "" if v is None and champ.type == "string" else v)
        friche.version_source = version
        friche.signalements = signalements
        if position is not None:
            friche.longitude, friche.latitude = position[0], position[1]
        friche.save()
        chercher_activite_passee(friche)
        enregistrer_historique(friche, auteur, f"{'Créée' if cree else 'Mise à jour'} par l'import de {rapport.source}"
                               f" (standard Friches {version})")
        existantes[friche.site_id] = friche
        rapport.gardees += 1
        if cree:
            rapport.crees += 1
        else:
            rapport.mises_a_jour += 1
    invalider_chiffres()
