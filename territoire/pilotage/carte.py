"""Territories as GeoJSON features with their figures (the choropleth map, the open data)."""

from __future__ import annotations

import json

from .indicateurs import INDICATEURS, Ligne

NUMERIQUES = [
    "communes", "population", "etablissements_industriels", "emplois_industriels", "emplois_bas", "emplois_haut",
    "part_emplois_industriels", "evolution_un_an", "evolution_depuis_2019", "part_centre_exterieur",
    "prise_en_charge_5_jours", "evenements_du_mois",
]
TEXTES = ["millesime", "evolution_depart", "filiere_dominante", "series_jusqu_a"]
PRIVES = {i.cle for i in INDICATEURS if not i.public}


def proprietes(ligne: Ligne, pilotage: bool) -> dict:
    t = ligne.territoire
    sortie = {
        "slug": t.slug, "id_ti": t.id_ti, "nom": t.nom, "phase": t.phase,
        "region": t.region.code if t.region_id else None, "url": t.get_absolute_url(),
        "donnees_fictives": t.donnees_fictives,
    }
    for cle in NUMERIQUES + TEXTES:
        if pilotage or cle not in PRIVES:
            sortie[cle] = ligne.v(cle)
    dernier = ligne.v("dernier_import")
    sortie["dernier_import"] = dernier.date().isoformat() if dernier else None
    return sortie


def collection(lignes: list[Ligne], pilotage: bool, meta: dict | None = None) -> dict:
    """A FeatureCollection; a territory without an outline has a null geometry (still listed)."""
    features = []
    for ligne in lignes:
        contour = ligne.territoire.contour
        features.append({
            "type": "Feature",
            "geometry": json.loads(contour) if contour else None,
            "properties": proprietes(ligne, pilotage),
        })
    return {"type": "FeatureCollection", **(meta or {}), "features": features}


def collection_texte(lignes: list[Ligne], pilotage: bool, meta: dict | None = None) -> str:
    """``collection`` as JSON text, each territory's stored outline (GeoJSON text already) spliced
    in as it is: decoding 183 outlines and encoding them again cost more than all the figures
    (national GeoJSON: about 300 of 400 ms of CPU)."""
    entete = json.dumps({"type": "FeatureCollection", **(meta or {})}, ensure_ascii=False)
    features = [
        '{"type": "Feature", "geometry": ' + (ligne.territoire.contour or "null") + ', "properties": '
        + json.dumps(proprietes(ligne, pilotage), ensure_ascii=False) + "}"
        for ligne in lignes
    ]
    return entete[:-1] + ', "features": [' + ", ".join(features) + "]}"
