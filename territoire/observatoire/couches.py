"""The map's GeoJSON layers, kept in the cache with the tokens of the data they read, stored
compressed, and answered with an ETag: a browser or a client that has the layer gets 304 and no
body; anyone else gets it gzip-compressed when they accept it.

A layer is a value of `cache.memoriser` (docs/adr/0004): it reads the registry and the
establishments only, so it is kept while the `referentiel` and `etablissements` domains are
unchanged (and the territory's last SIRENE run) — not renewed by a desk submission or a plan
update, which renew their own domains several times a second under load, and would otherwise
make every visitor of the map pay seconds of recomputation. A script that changes
establishments, communes or zones without the ORM (`update()`, `bulk_create()`, raw SQL) calls
`invalider_chiffres()` in its transaction; the SIRENE importer needs not (its run is part of the key).

A layer costs its computation (seconds for thousands of establishments) once per version and
variant (public or internal view), then a cache read.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Callable

from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers

from .cache import Etat, memoriser

# What every layer reads, named even when a computation happens to read less.
DOMAINES_DES_COUCHES = ("referentiel", "etablissements")

TYPE = "application/geo+json; charset=utf-8"


def _entree(features: list[dict]) -> dict:
    corps = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False,
                       separators=(",", ":")).encode("utf-8")
    # Only the compressed body is kept: every read of the cache copies the whole entry (2 MB
    # for the demo's layer of every establishment, 230 kB compressed), and nearly every client
    # accepts gzip; the rare one that does not gets it decompressed on the way.
    return {
        "etag": '"' + hashlib.sha256(corps).hexdigest()[:32] + '"',
        "gzip": gzip.compress(corps, compresslevel=6, mtime=0),
    }


def _accepte_gzip(request) -> bool:
    return any(part.split(";")[0].strip() == "gzip" for part in request.META.get("HTTP_ACCEPT_ENCODING", "").split(","))


def reponse_couche(request, territoire, nom: str, variante: str, calculer: Callable[[], list[dict]]) -> HttpResponse:
    """The layer `nom` of `territoire` for this viewer's `variante`, from the cache when the data
    have not changed; 304 when the client's If-None-Match names the current version."""
    entree = memoriser(territoire, f"couche:{nom}:{variante}", lambda: _entree(calculer()), lit=DOMAINES_DES_COUCHES,
                       etat=Etat.de_la_requete(request, territoire))
    connues = {e.strip() for e in request.META.get("HTTP_IF_NONE_MATCH", "").split(",")}
    if entree["etag"] in connues or "*" in connues:
        reponse = HttpResponseNotModified()
    elif _accepte_gzip(request):
        reponse = HttpResponse(entree["gzip"], content_type=TYPE)
        reponse["Content-Encoding"] = "gzip"
    else:
        reponse = HttpResponse(gzip.decompress(entree["gzip"]), content_type=TYPE)
    reponse["ETag"] = entree["etag"]
    # Always asked again, answered 304 while unchanged; the internal view differs by session.
    reponse["Cache-Control"] = "no-cache" if variante == "public" else "private, no-cache"
    patch_vary_headers(reponse, ("Accept-Encoding", "Cookie"))
    return reponse
