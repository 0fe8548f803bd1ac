"""The map's GeoJSON layers, kept in the cache under a data version, stored compressed, and
answered with an ETag: a browser or a client that has the layer gets 304 and no body; anyone
else gets it gzip-compressed when they accept it.

The version is built like the key figures' (`cache.cle_des_chiffres`: a token in the database,
renewed in the same transaction as the writes, and the territory's last SIRENE run), from a
token of its own: the layers read the registry and the establishments only, so the token is
renewed by the writes of those two apps (`APPS_DES_COUCHES`), not by a desk submission or a
plan update — which renew the key figures' token several times a second under load, and
would otherwise make every visitor of the map pay seconds of recomputation. A script that
changes establishments, communes or zones without the ORM (`update()`, `bulk_create()`, raw
SQL) calls `invalider_couches()` in its transaction, as it calls `invalider_chiffres()`; the
SIRENE importer needs not (its run is part of the key).

A layer costs its computation (seconds for thousands of establishments) once per version and
variant (public or internal view), then a cache read.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import uuid
from collections.abc import Callable

from django.apps import apps
from django.core.cache import cache
from django.db.models import Subquery
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import patch_vary_headers

from .cache import DUREE_SECONDES
from .models import VersionDonnees

# The VersionDonnees row of the layers (row 1 is the key figures').
LIGNE_COUCHES = 2
APPS_DES_COUCHES = ("referentiel", "etablissements")
MODELES_IGNORES = frozenset({"etablissements.Changement"})

TYPE = "application/geo+json; charset=utf-8"


def invalider_couches() -> None:
    """Renew the layers' token: every cached layer becomes unreachable once this commits."""
    maintenant = timezone.now()
    if VersionDonnees.objects.filter(pk=LIGNE_COUCHES).update(jeton=uuid.uuid4(), modifiee_le=maintenant):
        return
    VersionDonnees.objects.bulk_create([VersionDonnees(pk=LIGNE_COUCHES)], ignore_conflicts=True)
    VersionDonnees.objects.filter(pk=LIGNE_COUCHES).update(jeton=uuid.uuid4(), modifiee_le=maintenant)


def cle_des_couches(territoire) -> str | None:
    """The layers' version for a territory (one query), or None before the first write."""
    from territoire.etablissements.models import ImportSirene

    dernier = ImportSirene.objects.filter(territoire=territoire).order_by("-pk")
    ligne = (
        VersionDonnees.objects.filter(pk=LIGNE_COUCHES)
        .annotate(import_id=Subquery(dernier.values("pk")[:1]), import_fin=Subquery(dernier.values("fin")[:1]))
        .values_list("jeton", "import_id", "import_fin")
        .first()
    )
    if ligne is None:
        return None
    jeton, import_id, import_fin = ligne
    return f"{territoire.pk}:{jeton}:{import_id}:{import_fin.isoformat() if import_fin else ''}"


def _apres_ecriture(sender, **kwargs) -> None:
    invalider_couches()


def _apres_m2m(sender, action, **kwargs) -> None:
    if action in {"post_add", "post_remove", "post_clear"}:
        invalider_couches()


def brancher_signaux() -> None:
    """Renew the layers' token with every ORM write of the registry and the establishments."""
    for label in APPS_DES_COUCHES:
        for modele in apps.get_app_config(label).get_models():
            if modele._meta.label in MODELES_IGNORES:
                continue
            uid = f"observatoire-couches-{modele._meta.label_lower}"
            post_save.connect(_apres_ecriture, sender=modele, dispatch_uid=uid)
            post_delete.connect(_apres_ecriture, sender=modele, dispatch_uid=uid)
            for champ in modele._meta.local_many_to_many:
                m2m_changed.connect(_apres_m2m, sender=champ.remote_field.through, dispatch_uid=f"{uid}-{champ.name}")


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
    version = cle_des_couches(territoire)
    if version is None:
        invalider_couches()  # the first layer ever asked: create the token row
        version = cle_des_couches(territoire)
    cle = f"couche:{nom}:{variante}:{version}"
    entree = cache.get(cle)
    if entree is None:
        entree = _entree(calculer())
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
