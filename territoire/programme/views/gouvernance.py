"""Governance: instances, their members, sittings, agenda, decisions and follow-ups.

The team and the steering committee read all of it; the steering committee records
decisions and follow-ups; the team also prepares sittings and agendas.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from territoire.comptes.models import Role
from territoire.comptes.vues import vue_territoire

from .. import actions, forms
from ..models import ActionSuivi, Instance, Seance
from ._commun import page_formulaire

LECTEURS = (Role.EQUIPE, Role.PILOTAGE)


def _seance(request, pk) -> Seance:
    return get_object_or_404(
        Seance.objects.select_related("instance"), pk=pk, instance__territoire=request.territoire
    )


def _url_seance(request, seance) -> str:
    return reverse(
        "programme:seance", kwargs={"territoire": request.territoire.slug, "pk": seance.pk}
    )


@vue_territoire(*LECTEURS)
def instances(request):
    qs = Instance.objects.filter(territoire=request.territoire).prefetch_related(
        "membres__organisation", "membres__contact", "seances"
    )
    return render(
        request, "programme/instances.html", {"territoire": request.territoire, "instances": qs}
    )


@vue_territoire(*LECTEURS)
def instance(request, pk: int):
    inst = get_object_or_404(
        Instance.objects.prefetch_related("membres__organisation", "membres__contact"),
        pk=pk,
        territoire=request.territoire,
    )
    seances = inst.seances.prefetch_related("decisions", "points")
    return render(
        request,
        "programme/instance.html",
        {
            "territoire": request.territoire,
            "instance": inst,
            "seances": seances,
        },
    )


@vue_territoire(Role.EQUIPE)
def seance_creer(request, pk: int):
    inst = get_object_or_404(Instance, pk=pk, territoire=request.territoire)
    form = forms.SeanceForm(request.POST or None, territoire=request.territoire)
    cree = {}

    def enregistrer(d):
        cree["seance"] = actions.creer_seance(inst, request.user, **d)

    reponse = page_formulaire(
        request,
        form,
        titre=f"Nouvelle séance — {inst}",
        enregistrer=enregistrer,
        suite=reverse(
            "programme:instance", kwargs={"territoire": request.territoire.slug, "pk": inst.pk}
        ),
    )
    if "seance" in cree:
        return redirect(_url_seance(request, cree["seance"]))
    return reponse


@vue_territoire(*LECTEURS)
def seance(request, pk: int):
    s = _seance(request, pk)
    return render(
        request,
        "programme/seance.html",
        {
            "territoire": request.territoire,
            "seance": s,
            "points": s.points.select_related("fiche"),
            "decisions": s.decisions.select_related("fiche", "enregistree_par"),
            "actions_suivi": s.actions_suivi.select_related("responsable", "decision"),
            "form_decision": forms.DecisionForm(seance=s),
        },
    )


@vue_territoire(Role.EQUIPE)
def point_creer(request, pk: int):
    s = _seance(request, pk)
    form = forms.PointForm(request.POST or None, territoire=request.territoire)
    return page_formulaire(
        request,
        form,
        titre=f"Point à l'ordre du jour — {s}",
        enregistrer=lambda d: actions.ajouter_point(s, request.user, **d),
        suite=_url_seance(request, s),
    )


@vue_territoire(*LECTEURS)
def decision_creer(request, pk: int):
    s = _seance(request, pk)
    form = forms.DecisionForm(request.POST or None, seance=s)
    return page_formulaire(
        request,
        form,
        titre=f"Décision — {s}",
        enregistrer=lambda d: actions.enregistrer_decision(s, request.user, **d),
        suite=_url_seance(request, s),
        intro="La décision garde l'état de la fiche à ce jour : statut, avancement, dernière mise à jour, argent.",
    )


@vue_territoire(*LECTEURS)
def action_suivi_creer(request, pk: int):
    s = _seance(request, pk)
    form = forms.ActionSuiviForm(request.POST or None, seance=s)
    return page_formulaire(
        request,
        form,
        titre=f"Action de suivi — {s}",
        enregistrer=lambda d: actions.ajouter_action_suivi(s, request.user, **d),
        suite=_url_seance(request, s),
    )


@require_POST
@vue_territoire(*LECTEURS)
def action_suivi_faite(request, pk: int):
    action = get_object_or_404(
        ActionSuivi.objects.select_related("seance__instance"),
        pk=pk,
        seance__instance__territoire=request.territoire,
    )
    actions.marquer_action_faite(action, request.user)
    messages.success(request, f"Action « {action.libelle} » faite.")
    return redirect(_url_seance(request, action.seance))
