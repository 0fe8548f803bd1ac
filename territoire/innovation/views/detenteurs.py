"""The team's forms on competence holders: create one, add a competence, an equipment or a service."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from territoire.comptes.vues import vue_territoire

from .. import actions
from ..forms import CompetenceDetenueForm, DetenteurForm, OffreForm
from ..models import DetenteurCompetences


def _url(nom: str, territoire, **kwargs) -> str:
    return reverse(f"innovation:{nom}", kwargs={"territoire": territoire.slug, **kwargs})


@vue_territoire("equipe")
def detenteur_nouveau(request):
    territoire = request.territoire
    form = DetenteurForm(request.POST or None, territoire=territoire)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            detenteur = actions.creer_detenteur(
                territoire, nom=d["nom"], type=d["type"], sigle=d["sigle"], description=d["description"],
                commune=d["commune"], etablissement_parent=d["etablissement_parent"], source=d["source"],
                public=d["public"], auteur=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, f"Détenteur « {detenteur.nom} » créé ; ajoutez ses compétences.")
            return redirect(_url("detenteur", territoire, pk=detenteur.pk))
    return render(request, "innovation/detenteur_nouveau.html", {
        "territoire": territoire, "form": form,
        "fil": [("Innover avec le territoire", _url("accueil", territoire)), ("Nouveau détenteur", None)],
    }, status=400 if form.is_bound and form.errors else 200)


@require_POST
@vue_territoire("equipe")
def detenteur_ajouter(request, pk: int, quoi: str):
    territoire = request.territoire
    d = get_object_or_404(DetenteurCompetences.objects.filter(organisation__territoires=territoire), pk=pk)
    form = CompetenceDetenueForm(request.POST, prefix="c") if quoi == "competence" else OffreForm(request.POST, prefix="o")
    if not form.is_valid():
        messages.error(request, "Rien n'a été enregistré : " + " ".join(
            f"{form.fields[c].label if c in form.fields else ''} : {' '.join(e)}".strip(" :") for c, e in form.errors.items()))
        return redirect(_url("detenteur", territoire, pk=d.pk))
    c = form.cleaned_data
    try:
        if quoi == "competence":
            actions.ajouter_competence(d, c["competence"], source=c["source"], principale=c["principale"],
                                       precision=c["precision"], public=c["public"], auteur=request.user)
        elif c["nature"] == "equipement":
            actions.ajouter_equipement(d, nom=c["nom"], description=c["description"], competences=c["competences"],
                                       source=c["source"], public=c["public"], auteur=request.user)
        else:
            actions.ajouter_service(d, type=c["nature"].split(":", 1)[1], nom=c["nom"], description=c["description"],
                                    competences=c["competences"], source=c["source"], public=c["public"], auteur=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Enregistré.")
    return redirect(_url("detenteur", territoire, pk=d.pk))
