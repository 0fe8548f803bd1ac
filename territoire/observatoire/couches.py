"""The map's GeoJSON layers, kept in the cache under the data version that keys the key figures
(`cache.cle_des_chiffres`: the database token renewed by every write of the data, the last
SIRENE run, the day), stored compressed, and answered with an ETag: a browser or a client that
has the layer gets 304 and no body; anyone else gets it gzip-compressed when they accept it.

A layer costs its computation (seconds for thousands of establishments) once per data version
and variant (public or internal view), then a cache read.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Callable

from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers

from .cache import DUREE_SECONDES, cle_des_chiffres

TYPE = "application/geo+json; charset=utf-8"


def _entree(features: list[dict]) -> dict:
    corps = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False,
                       separators=(",", ":")).encode("utf-8")
    return {
        "etag": '"' + hashlib.sha256(corps).hexdigest()[:32] + '"',
        "brut": corps,
        "gzip": gzip.compress(corps, compresslevel=6, mtime=0),
    }


def _accepte_gzip(request) -> bool:
    return any(part.split(";")[0].strip() == "gzip" for part in request.META.get("HTTP_ACCEPT_ENCODING", "").split(","))


def reponse_couche(request, territoire, nom: str, variante: str, calculer: Callable[[], list[dict]]) -> HttpResponse:
    """The layer `nom` of `territoire` for this viewer's `variante`, from the cache when the data
    have not changed; 304 when the client's If-None-Match names the current version."""
    version = cle_des_chiffres(territoire)
    cle = f"couche:{nom}:{variante}:{version}" if version else None
    entree = cache.get(cle) if cle else None
    if entree is None:
        entree = _entree(calculer())
        if cle:
            cache.set(cle, entree, DUREE_SECONDES)
    connues = {e.strip() for e in request.META.get("HTTP_IF_NONE_MATCH", "").split(",")}
    if entree["etag"] in connues or "*" in connues:
        reponse = HttpResponseNotModified()
    elif _accepte_gzip(request):
        reponse = HttpResponse(entree["gzip"], content_type=TYPE)
        reponse["Content-Encoding"] = "gzip"
    else:
        reponse = HttpResponse(entree["brut"], content_type=TYPE)
    reponse["ETag"] = entree["etag"]
    # Always asked again, answered 304 while unchanged; the internal view differs by session.
    reponse["Cache-Control"] = "no-cache" if variante == "public" else "private, no-cache"
    patch_vary_headers(reponse, ("Accept-Encoding", "Cookie"))
    return reponse
