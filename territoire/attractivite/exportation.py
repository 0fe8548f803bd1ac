"""`territoire sites export`: the inventory back in the standard's files.

Four CSV files named after the classes (site-eco.csv, terrain-eco.csv, pole-eco.csv,
etablissement.csv: `;`, UTF-8, the schema's columns in its order), a GeoPackage built on the
standard's own template (its layers, styles and R-tree index; Lambert-93), and friches.csv in
the brownfield standard v1.0.6. Every value is written as `tableschema.convertir` reads it back,
so import → export gives identical values. `valider_dossier` reads the files back through the
same schemas.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

from shapely.geometry import Point

from . import cnig, geometrie, tableschema
from .importation.lecture import champ_geometrie

NOM_GPKG = "sites_economiques.gpkg"
NOM_FRICHES = "friches.csv"


def lignes(territoire, classe: str) -> list[dict]:
    """Typed rows {schema field: value} of one class, in identifier order."""
    from .models import EtablissementEconomique, PoleEconomique, SiteEconomique, TerrainEconomique

    schema = cnig.schema_site(classe)
    if classe == "pole-eco":
        return [cnig.valeurs_cnig(p, schema) for p in PoleEconomique.objects.filter(territoire=territoire).order_by("pole_id")]
    if classe == "site-eco":
        return [
            cnig.valeurs_cnig(s, schema, {"pole_id": s.pole.pole_id if s.pole_id else None})
            for s in SiteEconomique.objects.filter(territoire=territoire).select_related("pole").order_by("site_id")
        ]
    if classe == "terrain-eco":
        return [
            cnig.valeurs_cnig(t, schema, {"site_id": t.site.site_id})
            for t in TerrainEconomique.objects.filter(site__territoire=territoire).select_related("site").order_by("terr_id")
        ]
    return [cnig.valeurs_cnig(e, schema)
            for e in EtablissementEconomique.objects.filter(territoire=territoire).order_by("siret")]


def textes_csv(territoire) -> dict[str, str]:
    """{file name: CSV text} of the four classes."""
    return {cnig.FICHIERS[c]: tableschema.ecrire_csv(cnig.schema_site(c), lignes(territoire, c)) for c in cnig.CLASSES}


def texte_friches(territoire) -> str:
    from .models import Friche

    schema = cnig.schema_friches()
    return tableschema.ecrire_csv(
        schema, (cnig.valeurs_cnig(f, schema) for f in Friche.objects.filter(territoire=territoire).order_by("site_id")),
        separateur=",",
    )


def ecrire_dossier(territoire, dossier: Path) -> list[Path]:
    dossier = Path(dossier)
    dossier.mkdir(parents=True, exist_ok=True)
    ecrits = []
    for nom, texte in textes_csv(territoire).items():
        (dossier / nom).write_text(texte, encoding="utf-8")
        ecrits.append(dossier / nom)
    ecrits.append(ecrire_gpkg(territoire, dossier / NOM_GPKG))
    (dossier / NOM_FRICHES).write_text(texte_friches(territoire), encoding="utf-8")
    ecrits.append(dossier / NOM_FRICHES)
    return ecrits


# --------------------------------------------------------------------------- GeoPackage


def _valeur_sql(champ, valeur):
    if valeur is None:
        return None
    if champ.type in ("number",):
        return float(valeur)
    if champ.type == "integer":
        return int(valeur)
    if champ.type in ("date", "geopoint", "geojson", "boolean"):
        return tableschema.formater(champ, valeur)
    return valeur


def _geometrie_sql(champ, valeur, type_couche: str):
    if valeur is None:
        return None
    if champ.type == "geopoint":
        geom = geometrie.lambert93(Point(*valeur))
    else:
        geom = geometrie.en_lambert93(valeur)
    return geometrie.type_attendu(geom, type_couche)


def ecrire_gpkg(territoire, chemin: Path) -> Path:
    """The standard's template GeoPackage, filled with the territory's rows (EPSG:2154)."""
    chemin = Path(chemin)
    chemin.unlink(missing_ok=True)
    shutil.copyfile(cnig.GABARIT_GPKG, chemin)
    connexion = sqlite3.connect(chemin)
    try:
        geometrie.enregistrer_fonctions_gpkg(connexion)
        maintenant = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")
        for classe in cnig.CLASSES:
            couche = cnig.COUCHES[classe]
            schema = cnig.schema_site(classe)
            geom_champ = schema.champ(champ_geometrie(schema))
            colonne_geom, type_couche = connexion.execute(
                "SELECT column_name, geometry_type_name FROM gpkg_geometry_columns WHERE table_name = ?", (couche,)
            ).fetchone()
            presentes = {r[1] for r in connexion.execute(f'PRAGMA table_info("{couche}")')}
            champs = [c for c in schema.champs if c.nom != geom_champ.nom]
            for c in champs:
                # The template lacks a few of the schema's fields (terr_url_cartofriches, site_geompoint):
                # they are added as text columns, so that nothing of the CSV is lost.
                if cnig.colonne_gpkg(c.nom) not in presentes:
                    connexion.execute(f'ALTER TABLE "{couche}" ADD COLUMN "{cnig.colonne_gpkg(c.nom)}" TEXT')
            colonnes = [colonne_geom] + [cnig.colonne_gpkg(c.nom) for c in champs]
            requete = (f'INSERT INTO "{couche}" ({", ".join(f"{chr(34)}{c}{chr(34)}" for c in colonnes)}) '
                       f'VALUES ({", ".join("?" for _ in colonnes)})')
            bornes = None
            for ligne in lignes(territoire, classe):
                geom = _geometrie_sql(geom_champ, ligne.get(geom_champ.nom), type_couche)
                if geom is not None:
                    b = geom.bounds
                    bornes = b if bornes is None else (min(bornes[0], b[0]), min(bornes[1], b[1]),
                                                       max(bornes[2], b[2]), max(bornes[3], b[3]))
                connexion.execute(requete, [geometrie.blob_gpkg(geom, 2154)]
                                  + [_valeur_sql(c, ligne.get(c.nom)) for c in champs])
            connexion.execute(
                "UPDATE gpkg_contents SET last_change = ?, min_x = ?, min_y = ?, max_x = ?, max_y = ? WHERE table_name = ?",
                (maintenant, *(bornes or (None,) * 4), couche),
            )
        connexion.commit()
    finally:
        connexion.close()
    return chemin


# --------------------------------------------------------------------------- checking


def valider_dossier(dossier: Path) -> list[tableschema.Erreur]:
    """Read the exported files back through the standard's schemas: the errors (none: conform)."""
    from .importation.lecture import lire_csvs, lire_gpkg

    dossier = Path(dossier)
    erreurs = list(lire_csvs({p.name: p.read_bytes() for p in dossier.glob("*-eco.csv")}
                             | {p.name: p.read_bytes() for p in dossier.glob("etablissement.csv")}, str(dossier)).erreurs)
    if (dossier / NOM_GPKG).exists():
        erreurs += lire_gpkg(dossier / NOM_GPKG).erreurs
    if (dossier / NOM_FRICHES).exists():
        erreurs += tableschema.lire_csv((dossier / NOM_FRICHES).read_bytes(), cnig.schema_friches(), NOM_FRICHES).erreurs
    return erreurs
