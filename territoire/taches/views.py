"""The team's pages for background jobs: launch a SIRENE import (upload or monthly download), a
committee report, and follow a job's progress (htmx polling of the same view's fragment)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from territoire.comptes.acces import a_un_role
from territoire.comptes.models import Role
from territoire.comptes.vues import vue_territoire

from . import actions
from .execution import marquer_abandonnees
from .forms import ImportSireneForm, RapportForm, SireneMensuelForm
from .models import Tache

# Who may see a job of each genre (the team sees them all).
LECTEURS = {Tache.Genre.RAPPORT_COMITE: (Role.EQUIPE, Role.PILOTAGE)}


def _visible(request, pk: int) -> Tache:
    tache = get_object_or_404(Tache.objects.select_related("territoire", "demandee_par"), pk=pk,
                              territoire=request.territoire)
    if not a_un_role(request.user, request.territoire, *LECTEURS.get(tache.genre, (Role.EQUIPE,))):
        raise Http404("Aucune tâche de ce numéro.")
    return tache


def _lancer(request, genre, parametres=None, fichiers=None):
    try:
        tache = actions.lancer_tache(
            genre, request.territoire, parametres=parametres, par=request.user, origine="web", fichiers=fichiers,
        )
    except actions.TacheDejaActive as exc:
        messages.error(request, str(exc))
        if exc.active is not None and a_un_role(request.user, request.territoire, Role.EQUIPE):
            return redirect("taches:tache", territoire=request.territoire.slug, pk=exc.active.pk)
        return None
    return redirect("taches:tache", territoire=request.territoire.slug, pk=tache.pk)


@vue_territoire(Role.EQUIPE)
def liste(request):
    marquer_abandonnees(request.territoire)
    taches = Tache.objects.filter(territoire=request.territoire).select_related("demandee_par")[:50]
    return render(request, "taches/liste.html", {"territoire": request.territoire, "taches": taches})


@vue_territoire(Role.EQUIPE)
def import_sirene(request):
    form = ImportSireneForm(request.POST, request.FILES) if request.method == "POST" else ImportSireneForm()
    if request.method == "POST" and form.is_valid():
        reponse = _lancer(
            request, Tache.Genre.IMPORT_SIRENE, parametres={"force": form.cleaned_data["force"]},
            fichiers={
                "fichier_etablissements": form.cleaned_data["fichier_etablissements"],
                "fichier_unites_legales": form.cleaned_data.get("fichier_unites_legales"),
            },
        )
        if reponse is not None:
            return reponse
    return render(
        request, "taches/import_sirene.html",
        {"territoire": request.territoire, "form": form, "mensuel": SireneMensuelForm(),
         "plafond": settings.TERRITOIRE_TELEVERSEMENT_SIRENE_MAX_OCTETS},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@vue_territoire(Role.EQUIPE)
def sirene_mensuel(request):
    form = SireneMensuelForm(request.POST)
    form.is_valid()
    reponse = _lancer(request, Tache.Genre.SIRENE_MENSUEL, parametres={
        "unites_legales": form.cleaned_data.get("unites_legales", False),
        "force": form.cleaned_data.get("force", False),
    })
    return reponse or redirect("taches:import_sirene", territoire=request.territoire.slug)


@vue_territoire(Role.EQUIPE, Role.PILOTAGE)
def rapport(request):
    form = RapportForm(request.POST) if request.method == "POST" else RapportForm()
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        reponse = _lancer(request, Tache.Genre.RAPPORT_COMITE, parametres={
            "debut": d["debut"].isoformat(), "fin": d["fin"].isoformat(), "format": d["format"],
        })
        if reponse is not None:
            return reponse
    return render(request, "taches/rapport.html", {"territoire": request.territoire, "form": form},
                  status=400 if request.method == "POST" else 200)


@vue_territoire(Role.EQUIPE, Role.PILOTAGE)
def tache(request, pk: int):
    t = _visible(request, pk)
    if t.statut == Tache.Statut.EN_COURS and marquer_abandonnees(request.territoire):
        t.refresh_from_db()
    contexte = {"territoire": request.territoire, "tache": t,
                "peut_relancer": t.statut == Tache.Statut.ECHOUEE and a_un_role(request.user, request.territoire, Role.EQUIPE)}
    gabarit = "taches/tache.html#progression" if request.htmx else "taches/tache.html"
    reponse = render(request, gabarit, contexte)
    reponse["Cache-Control"] = "no-store"
    return reponse


@vue_territoire(Role.EQUIPE, Role.PILOTAGE)
def fichier(request, pk: int):
    t = _visible(request, pk)
    if t.statut != Tache.Statut.REUSSIE or not t.fichier:
        raise Http404("Cette tâche n'a pas produit de fichier.")
    chemin = (Path(settings.MEDIA_ROOT) / t.fichier).resolve()
    if Path(settings.MEDIA_ROOT).resolve() not in chemin.parents or not chemin.is_file():
        raise Http404("Le fichier de cette tâche a été purgé.")
    return FileResponse(open(chemin, "rb"), as_attachment=True, filename=chemin.name)


@require_POST
@vue_territoire(Role.EQUIPE)
def relancer(request, pk: int):
    t = _visible(request, pk)
    if t.statut != Tache.Statut.ECHOUEE:
        raise PermissionDenied("Seule une tâche échouée peut être relancée.")
    try:
        nouvelle = actions.relancer(t, par=request.user)
    except actions.TacheDejaActive as exc:
        messages.error(request, str(exc))
        return redirect("taches:tache", territoire=request.territoire.slug, pk=t.pk)
    except FileNotFoundError as exc:
        messages.error(request, str(exc))
        return redirect("taches:import_sirene", territoire=request.territoire.slug)
    return redirect("taches:tache", territoire=request.territoire.slug, pk=nouvelle.pk)
