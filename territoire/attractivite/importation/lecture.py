"""Reading the standard's exchange files: the four CSV files (one per class) or the GeoPackage.

Both end as `tableschema.Table`s validated by the same schemas: a GeoPackage layer's row is
turned into the text a CSV would hold (its geometry into Lambert-93 GeoJSON) and checked by
the same rules.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from .. import cnig, geometrie, tableschema
from ..tableschema import Erreur, FichierIllisible, Table

FICHIER_FRICHES = "friches.csv"


class ImportRefuse(Exception):
    """Bad input: nothing was written. `erreurs` says what, where and how to fix it."""

    def __init__(self, erreurs: list[Erreur] | str):
        self.erreurs = [Erreur(erreurs)] if isinstance(erreurs, str) else list(erreurs)
        super().__init__("\n".join(str(e) for e in self.erreurs[:50]))

    def resume(self, n: int = 30) -> str:
        lignes = [str(e) for e in self.erreurs[:n]]
        if len(self.erreurs) > n:
            lignes.append(f"… et {len(self.erreurs) - n} autre(s) erreur(s).")
        return "\n".join(lignes)


@dataclass
class Lot:
    """What a file or folder holds: one validated table per class present."""

    source: str
    format: str  # "csv" or "gpkg"
    tables: dict[str, Table] = field(default_factory=dict)

    @property
    def erreurs(self) -> list[Erreur]:
        return [e for t in self.tables.values() for e in t.erreurs]


def classe_du_fichier(nom: str) -> str | None:
    for classe, fichier in cnig.FICHIERS.items():
        if nom.lower() == fichier:
            return classe
    return None


def lire(chemin: Path) -> Lot:
    """A folder (the four CSV files, or one GeoPackage), one CSV file, or one GeoPackage."""
    chemin = Path(chemin)
    if not chemin.exists():
        raise ImportRefuse(f"{chemin} : fichier ou dossier introuvable.")
    if chemin.is_dir():
        # An export folder imports as it is: its CSV files carry everything; friches.csv belongs to
        # the brownfield standard (`territoire friches import`) and the GeoPackage repeats the CSVs.
        csvs = sorted(p for p in chemin.iterdir() if p.suffix.lower() == ".csv" and p.name.lower() != FICHIER_FRICHES)
        gpkgs = sorted(p for p in chemin.iterdir() if p.suffix.lower() == ".gpkg")
        if not csvs and len(gpkgs) == 1:
            return lire_gpkg(gpkgs[0])
        if not csvs:
            raise ImportRefuse(
                f"{chemin} : aucun fichier du standard ; attendu : {', '.join(cnig.FICHIERS.values())} "
                "(ou un GeoPackage)."
            )
        return lire_csvs({p.name: p.read_bytes() for p in csvs}, str(chemin))
    if chemin.suffix.lower() == ".gpkg":
        return lire_gpkg(chemin)
    return lire_csvs({chemin.name: chemin.read_bytes()}, str(chemin))


def lire_csvs(fichiers: dict[str, bytes], source: str) -> Lot:
    """CSV files named after the standard's classes (site-eco.csv, terrain-eco.csv…)."""
    lot = Lot(source=source, format="csv")
    inconnus = [nom for nom in fichiers if classe_du_fichier(nom) is None]
    if inconnus:
        raise ImportRefuse(
            f"fichier(s) {', '.join(inconnus)} : nom inconnu ; les fichiers du standard s'appellent "
            f"{', '.join(cnig.FICHIERS.values())}. Renommez-les d'après la classe qu'ils contiennent."
        )
    for nom, contenu in fichiers.items():
        classe = classe_du_fichier(nom)
        try:
            lot.tables[classe] = tableschema.lire_csv(contenu, cnig.schema_site(classe), nom)
        except FichierIllisible as exc:
            raise ImportRefuse(str(exc)) from exc
    return lot


# --------------------------------------------------------------------------- GeoPackage


def champ_geometrie(schema) -> str:
    """The field a layer's geometry column holds: the class's first GeoJSON field, else its
    first geopoint (pole-eco has only a point)."""
    for type_ in ("geojson", "geopoint"):
        for c in schema.champs:
            if c.type == type_:
                return c.nom
    raise KeyError(schema.nom)


def _texte(valeur) -> str:
    if valeur is None:
        return ""
    if isinstance(valeur, float):
        return tableschema.format_nombre(valeur)
    if isinstance(valeur, bytes):
        raise ValueError("valeur binaire")
    return str(valeur)


def lire_gpkg(chemin: Path) -> Lot:
    """Read the standard's layers of a GeoPackage with sqlite3; geometries decoded by shapely."""
    nom = Path(chemin).name
    if Path(chemin).stat().st_size > 200 * 1024 * 1024:
        raise ImportRefuse(f"{nom} : GeoPackage de plus de 200 Mo ; vérifiez qu'il s'agit du bon fichier.")
    try:
        connexion = sqlite3.connect(f"file:{Path(chemin).resolve()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise ImportRefuse(f"{nom} : GeoPackage illisible ({exc}).") from exc
    try:
        try:
            couches = connexion.execute(
                "SELECT c.table_name, c.data_type, g.column_name, g.srs_id FROM gpkg_contents c "
                "LEFT JOIN gpkg_geometry_columns g ON g.table_name = c.table_name"
            ).fetchall()
        except sqlite3.DatabaseError as exc:
            raise ImportRefuse(
                f"{nom} : ce n'est pas un GeoPackage (table gpkg_contents absente ou fichier endommagé : {exc})."
            ) from exc
        par_couche = {v: k for k, v in cnig.COUCHES.items()}
        autres = [t for t, type_, _, _ in couches if type_ == "features" and t not in par_couche]
        if autres:
            raise ImportRefuse(
                f"{nom} : couche(s) {', '.join(map(repr, autres))} étrangère(s) au standard ; un GeoPackage du "
                f"standard n'a que les couches {', '.join(cnig.COUCHES.values())}. Retirez les autres couches "
                "(ou exportez ces quatre couches seules) puis recommencez."
            )
        lot = Lot(source=str(chemin), format="gpkg")
        for table, type_, colonne_geom, srs in couches:
            if type_ != "features" or table not in par_couche:
                continue
            classe = par_couche[table]
            lot.tables[classe] = _lire_couche(connexion, nom, table, classe, colonne_geom, srs)
        if not lot.tables:
            raise ImportRefuse(f"{nom} : aucune des couches du standard ({', '.join(cnig.COUCHES.values())}).")
        return lot
    finally:
        connexion.close()


def _lire_couche(connexion, nom: str, table: str, classe: str, colonne_geom: str, srs: int) -> Table:
    schema = cnig.schema_site(classe)
    fichier = f"{nom}, couche {table}"
    if srs not in (2154, 4326):
        raise ImportRefuse(
            f"{fichier} : système de coordonnées EPSG:{srs} ; le standard attend le Lambert-93 (EPSG:2154)."
        )
    curseur = connexion.execute(f'SELECT * FROM "{table}"')  # noqa: S608 (name read from gpkg_contents)
    colonnes = [d[0] for d in curseur.description]
    geom_champ = champ_geometrie(schema)
    par_colonne = {cnig.colonne_gpkg(c.nom): c.nom for c in schema.champs if c.nom != geom_champ}
    ignorees = {"fid", colonne_geom}
    inconnues = [c for c in colonnes if c not in ignorees and c not in par_colonne]
    if inconnues:
        raise ImportRefuse(
            f"{fichier} : colonne(s) {', '.join(map(repr, inconnues))} inconnue(s) du schéma {schema.titre} ; "
            "renommez-les comme dans le standard ou retirez-les."
        )
    lignes, erreurs = [], []
    for numero, valeurs in enumerate(curseur, start=1):
        enregistrement = dict(zip(colonnes, valeurs, strict=True))
        ligne = {}
        try:
            for colonne, champ in par_colonne.items():
                ligne[champ] = _texte(enregistrement.get(colonne))
        except ValueError:
            erreurs.append(Erreur("valeur binaire dans une colonne de texte.", numero, None, fichier))
            continue
        try:
            ligne[geom_champ] = _geometrie_en_texte(schema.champ(geom_champ), enregistrement.get(colonne_geom), srs)
        except geometrie.GeometrieInvalide as exc:
            erreurs.append(Erreur(str(exc), numero, geom_champ, fichier))
            continue
        lignes.append((numero, [ligne.get(c) for c in schema.noms]))
    table_validee = tableschema.valider(schema, schema.noms, lignes, fichier)
    table_validee.erreurs[:0] = erreurs
    # A feature's number is its rank in the layer (there is no line): say so in the messages.
    for e in table_validee.erreurs:
        if e.ligne:
            e.fichier = f"{fichier}, objet n°{e.ligne}"
            e.ligne = None
    return table_validee


def _geometrie_en_texte(champ, blob, srs: int) -> str:
    """The CSV text of a layer's geometry: GeoJSON in the layer's system, or « lon, lat » for a geopoint.
    Raises GeometrieInvalide for an unreadable blob or a point layer holding something else."""
    import json

    if blob is None:
        return ""
    geom, srs_blob = geometrie.lire_blob_gpkg(blob)
    if geom is None:
        return ""
    srs = srs_blob if srs_blob in (2154, 4326) else srs
    if champ.type == "geopoint":
        if geom.geom_type != "Point":
            raise geometrie.GeometrieInvalide(f"{geom.geom_type} au lieu d'un point.")
        point = geometrie.wgs84(geometrie.arrondir(geom, 2)) if srs == 2154 else geom
        return f"{round(point.x, 7)}, {round(point.y, 7)}"
    from shapely.geometry import mapping

    m = mapping(geom)
    return json.dumps({"type": m["type"], "coordinates": m["coordinates"]})
