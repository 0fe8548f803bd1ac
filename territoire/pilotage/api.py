"""The programme's open data in the API (/api/v1/): the ``region`` view object, and every
territory as one national CSV and as GeoJSON, under the Licence Ouverte 2.0. The list of
territories with their figures is ``/api/v1/territoires`` (census's router, same figures)."""

from __future__ import annotations

import hashlib

from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from ninja import Router
from ninja.errors import HttpError

from territoire.referentiel.models import Region
from territoire.referentiel.territoires_industrie import liste as liste_ti

from . import carte, donnees_ouvertes

router = Router(tags=["territoires d'industrie"])


def _phase_refusee(phase: str) -> str:
    """The French message of a phase that does not exist ("" when it is known or empty)."""
    if phase in ("", "toutes") or phase in liste_ti.PHASES:
        return ""
    return f"phase : « {phase[:20]} » inconnue ; {', '.join(liste_ti.PHASES)} ou « toutes »."


def _phase(phase: str) -> str | None:
    return None if phase in ("", "toutes") else phase


@router.get("/regions", response=list[dict], url_name="regions", summary="Régions et leurs Territoires d'industrie")
def regions(request):
    """Each region with the number of its territories of the current phase and their aggregates."""
    par_region = {}
    for ligne in donnees_ouvertes.territoires_publics(liste_ti.PHASE_COURANTE):
        if ligne.territoire.region_id:
            par_region.setdefault(ligne.territoire.region_id, []).append(ligne)
    sortie = []
    for r in Region.objects.filter(pk__in=list(par_region)).order_by("code"):
        lignes = par_region[r.pk]
        sortie.append({
            "code": r.code, "nom": r.nom, "territoires": len(lignes),
            "etablissements_industriels": sum(ligne.v("etablissements_industriels") or 0 for ligne in lignes),
            "emplois_industriels_central": sum(ligne.v("emplois_industriels") or 0 for ligne in lignes),
            "url": f"/api/v1/regions/{r.code}",
        })
    return sortie


@router.get("/regions/{code}", response=dict, url_name="region", summary="Vue d'une région (objet region)")
def region(request, code: str):
    """The ``region`` object: aggregates of the region's territories (current phase) and each one's figures."""
    objet = donnees_ouvertes.region(code)
    if objet is None:
        raise HttpError(404, f"Région « {code[:10]} » inconnue : code INSEE à deux chiffres (ex. 32).")
    return objet


@router.get("/territoires.csv", url_name="territoires_csv", summary="Territoires et leurs chiffres (CSV national)")
def territoires_csv(request, phase: str = ""):
    """One row per territory; `;`, decimal comma, UTF-8 with BOM; licence and sources in every row."""
    if refus := _phase_refusee(phase):
        raise HttpError(400, refus)
    lignes = donnees_ouvertes.territoires_publics(_phase(phase))
    reponse = HttpResponse(donnees_ouvertes.csv_national(lignes), content_type="text/csv; charset=utf-8")
    reponse["Content-Disposition"] = 'attachment; filename="territoires-industrie.csv"'
    return reponse


@router.get("/territoires.geojson", url_name="territoires_geojson",
            summary="Territoires et leurs chiffres (GeoJSON, contours simplifiés)")
def territoires_geojson(request, phase: str = ""):
    """Every territory's simplified outline with its public figures; the licence, the sources and
    the definitions in the collection's own members. ETag: the version of the data (304 while unchanged)."""
    if refus := _phase_refusee(phase):
        raise HttpError(400, refus)
    # Weak: the figures are those of this version of the data, the generation time is not.
    etag = 'W/"' + hashlib.sha1(donnees_ouvertes.cle(_phase(phase)).encode()).hexdigest()[:20] + '"'
    connues = {e.strip() for e in request.META.get("HTTP_IF_NONE_MATCH", "").split(",")}
    if etag in connues or "*" in connues:
        reponse = HttpResponseNotModified()
    else:
        lignes = donnees_ouvertes.territoires_publics(_phase(phase))
        texte = carte.collection_texte(lignes, pilotage=False, meta=donnees_ouvertes.meta(lignes))
        reponse = HttpResponse(texte, content_type="application/geo+json")
    reponse["ETag"] = etag
    reponse["Cache-Control"] = "no-cache"
    patch_vary_headers(reponse, ("Accept-Encoding",))
    return reponse
