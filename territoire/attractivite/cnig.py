"""The CNIG standards as the project ships them: schemas, their classes, and model fields built
from them.

Every field of the shipped Table Schemas becomes a model field of the same name (lower case,
`-` → `_`: `ban-id` → `ban_id`, `SIRET` → `siret`), with the type, enumeration (choices),
pattern (validator), title (verbose name) and description (help text) the schema gives. No
field list is written by hand: a new version of a schema shows up as a migration.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from django.core.validators import RegexValidator
from django.db import models

from .tableschema import Champ, Schema

SCHEMAS = Path(__file__).parent / "data" / "schemas"
SITES = SCHEMAS / "sites-economiques"
GABARIT_GPKG = SITES / "sites_economiques_template.gpkg"

# The four classes of the standard, in dependency order (a site needs its pole, a plot its site).
CLASSES = ("pole-eco", "site-eco", "terrain-eco", "etablissement")
# File names of the exchange (the contract) and GeoPackage layer names (the template's).
FICHIERS = {c: f"{c}.csv" for c in CLASSES}
COUCHES = {"pole-eco": "pole_eco", "site-eco": "site_eco", "terrain-eco": "terrain_eco", "etablissement": "etablissement"}
VERSIONS_FRICHES = ("v1.0.6", "v1.0.5")
VERSION_FRICHES_EXPORT = "v1.0.6"

# Identifiers are short codes (the standard's SQL says varchar(20)); a margin for real exports.
LONGUEUR_IDENTIFIANT = 100


@cache
def schema_site(classe: str) -> Schema:
    if classe not in CLASSES:
        raise KeyError(classe)
    return Schema.charger(SITES / classe / "schema.json")


@cache
def schema_friches(version: str = VERSION_FRICHES_EXPORT) -> Schema:
    if version not in VERSIONS_FRICHES:
        raise KeyError(version)
    return Schema.charger(SCHEMAS / "friches" / version / "schema.json")


def attribut(nom: str) -> str:
    """The model attribute of a schema field: `ban-id` → `ban_id`, `SIRET` → `siret`."""
    return nom.lower().replace("-", "_")


def colonne_gpkg(nom: str) -> str:
    """The template GeoPackage's column of a schema field (same rule as the attribute)."""
    return attribut(nom)


def champ_modele(champ: Champ, identifiants: frozenset[str]) -> models.Field:
    """The Django field of one schema field. Every field may be empty in the database (a site
    migrated from a zone lacks what nobody has entered yet): `required` is checked by the
    validator on import and export, and shown as "à compléter" on the pages."""
    options = {"verbose_name": (champ.titre or champ.nom)[:200], "help_text": champ.description, "db_column": None}
    options.pop("db_column")
    validateurs = []
    if champ.motif:
        validateurs.append(RegexValidator(f"^(?:{champ.motif})$", f"Forme attendue par le standard : {champ.motif}"))
    t = champ.type
    if t == "string":
        if champ.enum is not None:
            longueur = max(len(str(v)) for v in champ.enum)
            return models.CharField(max_length=max(longueur, 3), choices=[(v, v) for v in champ.enum], blank=True,
                                    validators=validateurs, **options)
        if champ.nom in identifiants:
            return models.CharField(max_length=LONGUEUR_IDENTIFIANT, blank=True, validators=validateurs, **options)
        if champ.format == "email":
            return models.EmailField(blank=True, **options)
        return models.TextField(blank=True, validators=validateurs, **options)
    if t == "number":
        return models.FloatField(null=True, blank=True, **options)
    if t == "integer":
        return models.IntegerField(null=True, blank=True, **options)
    if t == "date" and champ.format == "%Y" or t == "year":
        return models.PositiveSmallIntegerField(null=True, blank=True, **options)
    if t == "date":
        return models.DateField(null=True, blank=True, **options)
    if t == "geojson":
        return models.TextField(blank=True, **{**options, "help_text": (champ.description + " GeoJSON en Lambert-93 (EPSG:2154), tel qu'échangé.").strip()})
    if t == "geopoint":
        return models.CharField(max_length=60, blank=True, **{**options, "help_text": (champ.description + " « longitude, latitude » en degrés.").strip()})
    if t == "boolean":
        return models.BooleanField(null=True, blank=True, **options)
    return models.TextField(blank=True, **options)


def modele_abstrait(nom_classe: str, schema: Schema, module: str, exclus: frozenset[str] = frozenset(),
                    identifiants: frozenset[str] = frozenset()) -> type[models.Model]:
    """An abstract model holding one field per schema field (but `exclus`, which the concrete
    model carries as relations)."""
    attributs = {"__module__": module, "Meta": type("Meta", (), {"abstract": True})}
    for champ in schema.champs:
        if champ.nom in exclus:
            continue
        attributs[attribut(champ.nom)] = champ_modele(champ, identifiants | set(schema.cle_primaire))
    attributs["__doc__"] = f"Champs de la classe « {schema.titre} » ({schema.version}), lus dans son schéma."
    return type(nom_classe, (models.Model,), attributs)


def valeurs_cnig(objet, schema: Schema, relations: dict | None = None) -> dict:
    """{schema field: typed value} of a model instance (relations give the excluded fields)."""
    import json

    from . import geometrie  # noqa: F401  (kept lazy: shapely is not needed to build models)

    relations = relations or {}
    valeurs = {}
    for champ in schema.champs:
        if champ.nom in relations:
            valeurs[champ.nom] = relations[champ.nom]
            continue
        v = getattr(objet, attribut(champ.nom))
        if v in ("", None):
            v = None
        elif champ.type == "geojson":
            v = json.loads(v)
        elif champ.type == "geopoint":
            lon, lat = (float(p) for p in v.split(","))
            v = (lon, lat)
        valeurs[champ.nom] = v
    return valeurs


def valeurs_modele(ligne: dict, schema: Schema, exclus: frozenset[str] = frozenset()) -> dict:
    """{model attribute: value} of a validated row (the inverse of `valeurs_cnig`)."""
    from . import geometrie, tableschema

    valeurs = {}
    for champ in schema.champs:
        if champ.nom in exclus:
            continue
        v = ligne.get(champ.nom)
        if champ.type == "geojson":
            v = geometrie.geojson_texte(v) if v is not None else ""
        elif champ.type == "geopoint":
            v = tableschema.formater(champ, v) if v is not None else ""
        elif v is None and champ.type == "string":
            v = ""
        valeurs[attribut(champ.nom)] = v
    return valeurs
