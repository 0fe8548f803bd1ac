"""The team's pages to create and edit consultations, meetings, participants and findings
(the product's forms; the back-office stays for repairs). Team role only."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from territoire.comptes.models import Role
from territoire.comptes.vues import vue_territoire

from . import actions
from .forms import (
    ConstatForm,
    ConsultationForm,
    ParticipantForm,
    RetirerParticipantForm,
    ReunionForm,
)
from .models import Constat, Consultation, Reunion

ERREUR = "Rien n'a été enregistré : corrigez les champs signalés."


def _rendre(request, gabarit: str, contexte: dict):
    statut = 400 if request.method == "POST" else 200
    if statut == 400:
        messages.error(request, ERREUR)
    return render(request, gabarit, {"territoire": request.territoire, "fil": _fil(request, gabarit, contexte), **contexte},
                  status=statut)


# The last breadcrumb of each team form: (editing an existing record, creating one).
DERNIER = {
    "concertation/consultation_form.html": ("Modifier la concertation", "Nouvelle concertation"),
    "concertation/reunion_form.html": ("Modifier la réunion", "Nouvelle réunion"),
    "concertation/constat_form.html": ("Modifier le constat", "Nouveau constat"),
    "concertation/participants.html": ("Participants", "Participants"),
}


def _fil(request, gabarit: str, contexte: dict) -> list:
    """Breadcrumbs of a team form: Concertation › consultation › meeting or finding › the form."""
    from .views import fil

    t = request.territoire.slug
    reunion, constat = contexte.get("reunion"), contexte.get("constat")
    consultation = contexte.get("consultation") or getattr(reunion, "consultation", None) or getattr(constat, "consultation", None)
    modifier, creer = DERNIER.get(gabarit, ("Modifier", "Nouveau"))
    existe = {"concertation/consultation_form.html": contexte.get("consultation"),
              "concertation/reunion_form.html": reunion, "concertation/constat_form.html": constat}.get(gabarit, True)
    dernier = (modifier if existe else creer, None)
    if consultation is None:
        return [("Concertation", reverse("concertation:accueil", kwargs={"territoire": t})), dernier]
    suite = []
    if reunion is not None:
        suite.append(("Réunions", reverse("concertation:reunions", kwargs={"territoire": t, "pk": consultation.pk})))
        suite.append((reunion.titre, reverse("concertation:reunion", kwargs={"territoire": t, "pk": reunion.pk})))
    elif constat is not None:
        suite.append((constat.titre, reverse("concertation:constat", kwargs={"territoire": t, "pk": constat.pk})))
    if gabarit == "concertation/consultation_form.html" and existe:
        return fil(t, consultation, dernier)
    return fil(t, consultation, *suite, dernier)


def _consultation_form(request, instance=None):
    form = ConsultationForm(request.POST or None, instance=instance, territoire=request.territoire)
    if request.method == "POST" and form.is_valid():
        consultation = form.save()
        messages.success(request, f"Concertation « {consultation.titre} » enregistrée.")
        return redirect(consultation.get_absolute_url())
    return _rendre(request, "concertation/consultation_form.html", {"form": form, "consultation": instance})


@vue_territoire(Role.EQUIPE)
def consultation_nouvelle(request):
    return _consultation_form(request)


@vue_territoire(Role.EQUIPE)
def consultation_modifier(request, pk: int):
    return _consultation_form(request, get_object_or_404(Consultation, pk=pk, territoire=request.territoire))


def _reunion_form(request, consultation, instance=None):
    form = ReunionForm(request.POST or None, instance=instance, consultation=consultation)
    if request.method == "POST" and form.is_valid():
        reunion = form.save()
        messages.success(request, f"Réunion « {reunion.titre} » enregistrée.")
        return redirect("concertation:reunion", territoire=request.territoire.slug, pk=reunion.pk)
    return _rendre(request, "concertation/reunion_form.html",
                   {"form": form, "consultation": consultation, "reunion": instance})


@vue_territoire(Role.EQUIPE)
def reunion_nouvelle(request, pk: int):
    return _reunion_form(request, get_object_or_404(Consultation, pk=pk, territoire=request.territoire))


@vue_territoire(Role.EQUIPE)
def reunion_modifier(request, pk: int):
    reunion = get_object_or_404(
        Reunion.objects.select_related("consultation__territoire"), pk=pk, consultation__territoire=request.territoire
    )
    return _reunion_form(request, reunion.consultation, reunion)


def _reunion_equipe(request, pk):
    return get_object_or_404(
        Reunion.objects.select_related("consultation"), pk=pk, consultation__territoire=request.territoire
    )


@vue_territoire(Role.EQUIPE)
def participants(request, pk: int):
    """Add a participant (or change the attendance of one already there), list, remove."""
    reunion = _reunion_equipe(request, pk)
    form = ParticipantForm(request.POST or None, territoire=request.territoire)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        with transaction.atomic():
            participation, cree = actions.ajouter_participant(
                reunion, organisation=d["organisation"], contact=d["contact"], presence=d["presence"]
            )
            if not cree and participation.presence != d["presence"]:
                participation.presence = d["presence"]
                participation.save(update_fields=["presence"])
        qui = participation.organisation or participation.contact
        messages.success(request, f"{qui} : {participation.get_presence_display().lower()}.")
        return redirect("concertation:participants", territoire=request.territoire.slug, pk=reunion.pk)
    return _rendre(request, "concertation/participants.html", {
        "reunion": reunion, "form": form,
        "participations": reunion.participations.select_related("organisation", "contact"),
    })


@require_POST
@vue_territoire(Role.EQUIPE)
def participant_retirer(request, pk: int):
    reunion = _reunion_equipe(request, pk)
    form = RetirerParticipantForm(request.POST, reunion=reunion)
    if form.is_valid():
        participation = form.cleaned_data["participation"]
        qui = participation.organisation or participation.contact
        participation.delete()
        messages.success(request, f"{qui} retiré(e) des participants. Ses contributions restent enregistrées.")
    else:
        messages.error(request, " ".join(form.errors.get("participation", ["Participant introuvable."])))
    return redirect("concertation:participants", territoire=request.territoire.slug, pk=reunion.pk)


def _constat_form(request, consultation, instance=None):
    form = ConstatForm(request.POST or None, instance=instance, consultation=consultation)
    if request.method == "POST" and form.is_valid():
        constat = form.save()
        messages.success(request, f"Constat « {constat.titre} » enregistré.")
        return redirect(constat.get_absolute_url())
    return _rendre(request, "concertation/constat_form.html",
                   {"form": form, "consultation": consultation, "constat": instance})


@vue_territoire(Role.EQUIPE)
def constat_nouveau(request, pk: int):
    return _constat_form(request, get_object_or_404(Consultation, pk=pk, territoire=request.territoire))


@vue_territoire(Role.EQUIPE)
def constat_modifier(request, pk: int):
    constat = get_object_or_404(
        Constat.objects.select_related("consultation__territoire"), pk=pk, consultation__territoire=request.territoire
    )
    return _constat_form(request, constat.consultation, constat)
