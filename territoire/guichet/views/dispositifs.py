"""The aid catalogue: public list, and for the team create, edit, archive."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from territoire.comptes.acces import a_un_role
from territoire.comptes.vues import vue_territoire
from territoire.historique.actions import historique_de

from .. import actions
from ..forms import DispositifForm
from ..models import Dispositif, Sujet
from ._commun import erreurs_dans, url


@vue_territoire()
def dispositifs(request):
    territoire = request.territoire
    equipe = a_un_role(request.user, territoire, "equipe")
    qs = Dispositif.objects.du_territoire(territoire).select_related("financeur").prefetch_related("sujets")
    archives = equipe and request.GET.get("archives") == "1"
    qs = qs.filter(archive_le__isnull=False) if archives else qs.actifs()
    sujet = request.GET.get("sujet", "")
    if sujet:
        qs = qs.filter(sujets__code=sujet)
    return render(request, "guichet/dispositifs.html", {
        "territoire": territoire, "dispositifs": qs, "sujets": Sujet.objects.all(), "sujet": sujet,
        "equipe": equipe, "archives": archives, "fil": [("Catalogue des aides", None)],
    })


def _formulaire(request, dispositif: Dispositif | None):
    territoire = request.territoire
    # A copy for the form: validating writes into the instance, the action compares with the original.
    copie = Dispositif.objects.get(pk=dispositif.pk) if dispositif else None
    form = DispositifForm(request.POST or None, instance=copie, territoire=territoire)
    if request.method == "POST" and form.is_valid():
        d = dict(form.cleaned_data)
        if dispositif is None:
            d["territoires"] = [territoire]  # an aid the team creates is its territory's
        try:
            dispositif = actions.enregistrer_dispositif(dispositif, auteur=request.user, territoire=territoire, **d)
            messages.success(request, f"Dispositif « {dispositif.nom} » enregistré.")
            return redirect(url("dispositifs", territoire) + f"#dispositif-{dispositif.pk}")
        except ValidationError as exc:
            erreurs_dans(form, exc)
    titre = "Nouveau dispositif" if dispositif is None else f"Modifier « {dispositif.nom} »"
    return render(request, "guichet/dispositif_form.html", {
        "territoire": territoire, "form": form, "dispositif": dispositif, "titre": titre,
        "annuler": url("dispositifs", territoire),
        "historique": historique_de(dispositif) if dispositif else [],
        "fil": [("Catalogue des aides", url("dispositifs", territoire)), (titre, None)],
    }, status=400 if form.is_bound and form.errors else 200)


def _dispositif(request, pk) -> Dispositif:
    """An aid of this territory. One open to every territory (no territory named) belongs to
    no team: the platform's operator edits it in the back-office."""
    return get_object_or_404(Dispositif.objects.filter(territoires=request.territoire), pk=pk)


@vue_territoire("equipe")
def dispositif_nouveau(request):
    return _formulaire(request, None)


@vue_territoire("equipe")
def dispositif_modifier(request, pk: int):
    return _formulaire(request, _dispositif(request, pk))


@require_POST
@vue_territoire("equipe")
def dispositif_archiver(request, pk: int):
    d = _dispositif(request, pk)
    if request.POST.get("rouvrir"):
        actions.desarchiver_dispositif(d, auteur=request.user, territoire=request.territoire)
        messages.success(request, f"« {d.nom} » est de nouveau au catalogue.")
    else:
        actions.archiver_dispositif(d, auteur=request.user, territoire=request.territoire)
        messages.success(request, f"« {d.nom} » est archivé : il ne se propose plus. Les aides déjà proposées le gardent.")
    return redirect(url("dispositifs", request.territoire))
