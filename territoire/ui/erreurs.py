"""Error pages in French, in the site's layout, each with a way back (territoire/urls.py
names these handlers; settings.CSRF_FAILURE_VIEW names `echec_csrf`).

The territory is the one the page belonged to (request.territoire, or the first segment of
the path), so the header, navigation and footer stay those of the territory. The 500 page
reads nothing from the database: it must show even when the database is what failed.
"""

from __future__ import annotations

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader

from territoire.comptes.acces import roles


def _territoire(request):
    territoire = getattr(request, "territoire", None)
    if territoire is not None:
        return territoire
    premier = request.path.strip("/").split("/", 1)[0]
    if not premier:
        return None
    from territoire.referentiel.models import Territoire

    return Territoire.objects.filter(slug=premier).first()


def _page(request, gabarit: str, statut: int, **contexte):
    territoire = _territoire(request)
    mes_roles = roles(request.user, territoire) if hasattr(request, "user") else frozenset()
    return render(request, gabarit, {
        "territoire": territoire, "mes_roles": mes_roles, "est_equipe": "equipe" in mes_roles,
        "est_interne": bool(mes_roles - {"entreprise"}), "sans_cote": True,
        "retour": request.META.get("HTTP_REFERER", "") if _meme_site(request) else "", **contexte,
    }, status=statut)


def _meme_site(request) -> bool:
    referent = request.META.get("HTTP_REFERER", "")
    return bool(referent) and referent.startswith(f"{request.scheme}://{request.get_host()}/")


def requete_invalide(request, exception=None):
    return _page(request, "400.html", 400)


def acces_refuse(request, exception=None):
    return _page(request, "403.html", 403, raison=str(exception) if exception and str(exception) else "")


def page_introuvable(request, exception=None):
    return _page(request, "404.html", 404)


def erreur_serveur(request):
    gabarit = loader.get_template("500.html")
    return HttpResponseServerError(gabarit.render({"request": request, "territoire": None}))


def echec_csrf(request, reason=""):
    return _page(request, "403_csrf.html", 403, raison=reason)
