"""Pages of the design system: the territory's theme and logo, its identity form, the catalogue."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import http_date
from django.views.decorators.http import require_GET

from territoire.comptes.vues import vue_territoire

from . import catalogue as exemples
from .forms import IdentiteForm
from .models import Identite

UN_AN = 365 * 24 * 3600


def _cache_long(reponse: HttpResponse, request) -> HttpResponse:
    """The URLs carry the identity's version (?v=…): a changed identity is a new URL."""
    if request.GET.get("v"):
        reponse["Cache-Control"] = f"public, max-age={UN_AN}, immutable"
    else:
        reponse["Cache-Control"] = "public, max-age=300"
    return reponse


@require_GET
@vue_territoire()
def theme(request):
    """The territory's accent colour as CSS custom properties (a stylesheet: no inline style)."""
    ident = Identite.objects.filter(territoire=request.territoire).first() or Identite(territoire=request.territoire)
    d = ident.declinaisons
    corps = (
        f"/* Couleurs de {request.territoire.nom} (identité du territoire, contraste AA vérifié). */\n"
        f":root {{ --accent: {d['accent']}; --accent-fonce: {d['accent-fonce']}; --accent-clair: {d['accent-clair']}; }}\n"
    )
    reponse = HttpResponse(corps, content_type="text/css; charset=utf-8")
    if ident.modifie_le:
        reponse["Last-Modified"] = http_date(ident.modifie_le.timestamp())
    return _cache_long(reponse, request)


@require_GET
@vue_territoire()
def logo(request):
    ident = Identite.objects.filter(territoire=request.territoire).exclude(logo_type="").first()
    if ident is None:
        return HttpResponse("Ce territoire n'a pas de logo.", status=404, content_type="text/plain; charset=utf-8")
    reponse = HttpResponse(bytes(ident.logo), content_type=ident.logo_type)
    reponse["X-Content-Type-Options"] = "nosniff"
    # An SVG opened on its own runs nothing and loads nothing.
    reponse["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    reponse["Content-Disposition"] = 'inline; filename="logo"'
    return _cache_long(reponse, request)


@vue_territoire("equipe")
def identite(request):
    territoire = request.territoire
    ident = Identite.de(territoire)
    form = IdentiteForm(request.POST or None, request.FILES or None, instance=ident)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "L'identité du territoire est enregistrée.")
        return redirect("ui:identite", territoire=territoire.slug)
    return render(request, "ui/identite.html", {
        "territoire": territoire, "form": form, "identite": ident, "domaine": "administration",
        "fil": [("Administration", None), ("Identité du territoire", None)],
    })


@vue_territoire("equipe")
def catalogue(request):
    """The living catalogue: every component, drawn by its own partial with sample data."""
    return render(request, "ui/catalogue.html", {
        "territoire": request.territoire, "domaine": "administration",
        "fil": [("Administration", None), ("Catalogue des composants", None)],
        **exemples.contexte(request, dt.date.today()),
    })
