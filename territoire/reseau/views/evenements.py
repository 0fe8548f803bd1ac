"""Network events: list, page with registrations and attendance, create, edit, cancel."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from territoire.comptes.acces import a_un_role
from territoire.comptes.vues import vue_territoire
from territoire.ui.listes import Colonne, Liste

from .. import actions
from ..forms import AnnulationForm, EvenementForm, InscriptionForm, PresenceForm
from ..models import EvenementReseau, Inscription
from ._commun import INTERNES, fil_evenements, url, voit_personnes
from .organisations import _erreurs_dans

COLONNES = [
    Colonne("date", "Date", tri=("date", "pk")),
    Colonne("titre", "Événement", tri=("titre", "pk")),
    Colonne("", "Type"),
    Colonne("", "Lieu"),
    Colonne("inscrits", "Inscrits", tri=("inscrits", "pk"), nombre=True),
    Colonne("presents", "Présents", tri=("presents", "pk"), nombre=True),
]


@vue_territoire(*INTERNES)
def evenements(request):
    territoire = request.territoire
    qs = EvenementReseau.objects.filter(territoire=territoire).select_related("commune").annotate(
        inscrits=Count("inscriptions", distinct=True),
        presents=Count("inscriptions", filter=Q(inscriptions__presence="present"), distinct=True),
    )
    liste = Liste(request, qs, colonnes=COLONNES, tri_defaut="-date", noms=("événement", "événements"))
    return render(request, "reseau/evenements.html", {
        "territoire": territoire, "liste": liste, "equipe": a_un_role(request.user, territoire, "equipe"),
        "fil": [("Événements du réseau", None)],
    })


def _evenement(request, pk) -> EvenementReseau:
    return get_object_or_404(
        EvenementReseau.objects.filter(territoire=request.territoire).select_related("commune", "organisateur"), pk=pk
    )


@vue_territoire(*INTERNES)
def evenement(request, pk: int):
    territoire = request.territoire
    ev = _evenement(request, pk)
    inscriptions = list(ev.inscriptions.select_related("organisation", "contact"))
    equipe = a_un_role(request.user, territoire, "equipe")
    for i in inscriptions:
        i.form = PresenceForm(instance=i, prefix=f"i{i.pk}") if equipe and not ev.annule_le else None
    return render(request, "reseau/evenement.html", {
        "territoire": territoire, "evenement": ev, "inscriptions": inscriptions, "equipe": equipe,
        "voit_personnes": voit_personnes(request.user, territoire),
        "form_inscription": InscriptionForm(territoire=territoire) if equipe and not ev.annule_le else None,
        "historique": actions.historique_de(ev)[:10],
        "fil": fil_evenements(territoire, (ev.titre, None)),
    })


def _formulaire(request, ev: EvenementReseau | None):
    territoire = request.territoire
    # A copy for the form: validating writes into the instance, the action compares with the original.
    form = EvenementForm(request.POST or None, instance=EvenementReseau.objects.get(pk=ev.pk) if ev else None,
                         territoire=territoire)
    if request.method == "POST" and form.is_valid():
        try:
            if ev is None:
                ev = actions.creer_evenement(territoire, auteur=request.user, **form.cleaned_data)
                messages.success(request, f"Événement « {ev.titre} » créé : inscrivez-y les organisations.")
            else:
                actions.modifier_evenement(ev, request.user, **form.cleaned_data)
                messages.success(request, "Événement modifié.")
            return redirect(url("evenement", territoire, pk=ev.pk))
        except ValidationError as exc:
            _erreurs_dans(form, exc)
    titre = "Nouvel événement" if ev is None else f"Modifier « {ev.titre} »"
    suite = [(ev.titre, url("evenement", territoire, pk=ev.pk))] if ev else []
    return render(request, "reseau/evenement_form.html", {
        "territoire": territoire, "form": form, "evenement": ev, "titre": titre,
        "annuler": url("evenement", territoire, pk=ev.pk) if ev else url("evenements", territoire),
        "fil": fil_evenements(territoire, *suite, (titre, None)),
    }, status=400 if form.is_bound and form.errors else 200)


@vue_territoire("equipe")
def evenement_nouveau(request):
    return _formulaire(request, None)


@vue_territoire("equipe")
def evenement_modifier(request, pk: int):
    return _formulaire(request, _evenement(request, pk))


@vue_territoire("equipe")
def evenement_annuler(request, pk: int):
    territoire = request.territoire
    ev = _evenement(request, pk)
    form = AnnulationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.annuler_evenement(ev, request.user, motif=form.cleaned_data["motif"])
            messages.success(request, "Événement annulé ; ses inscriptions restent, marquées annulées.")
            return redirect(url("evenement", territoire, pk=ev.pk))
        except ValidationError as exc:
            _erreurs_dans(form, exc)
    return render(request, "reseau/evenement_annuler.html", {
        "territoire": territoire, "evenement": ev, "form": form, "inscrits": ev.inscriptions.count(),
        "fil": fil_evenements(territoire, (ev.titre, url("evenement", territoire, pk=ev.pk)), ("Annuler", None)),
    }, status=400 if form.is_bound and form.errors else 200)


@require_POST
@vue_territoire("equipe")
def evenement_retablir(request, pk: int):
    ev = _evenement(request, pk)
    actions.retablir_evenement(ev, request.user)
    messages.success(request, "L'annulation est levée : l'événement a lieu.")
    return redirect(url("evenement", request.territoire, pk=ev.pk))


@require_POST
@vue_territoire("equipe")
def inscrire(request, pk: int):
    territoire = request.territoire
    ev = _evenement(request, pk)
    form = InscriptionForm(request.POST, territoire=territoire)
    if form.is_valid():
        try:
            actions.inscrire(ev, form.cleaned_data["organisation"], auteur=request.user)
            messages.success(request, "Inscription enregistrée.")
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, "Choisissez une organisation du territoire.")
    return redirect(url("evenement", territoire, pk=ev.pk) + "#inscriptions")


@require_POST
@vue_territoire("equipe")
def presence(request, pk: int):
    """Attendance of one registration; with htmx, only its row is sent back (no reload)."""
    territoire = request.territoire
    ins = get_object_or_404(Inscription.objects.select_related("evenement", "organisation", "contact"),
                            evenement__territoire=territoire, pk=pk)
    form = PresenceForm(request.POST, instance=Inscription.objects.get(pk=ins.pk), prefix=f"i{ins.pk}")
    enregistre = form.is_valid()
    if enregistre:
        actions.noter_presence(ins, form.cleaned_data["presence"], form.cleaned_data["suite"], auteur=request.user)
    if getattr(request, "htmx", None):
        ins.form = PresenceForm(instance=ins, prefix=f"i{ins.pk}") if enregistre else form
        return render(request, "reseau/evenement.html#inscription", {
            "territoire": territoire, "i": ins, "evenement": ins.evenement, "equipe": True,
            "voit_personnes": True, "enregistre": enregistre,
        }, status=200 if enregistre else 400)
    if enregistre:
        messages.success(request, f"Présence de {ins.organisation} enregistrée.")
    else:
        messages.error(request, "Présence non enregistrée : choisissez une valeur de la liste.")
    return redirect(url("evenement", territoire, pk=ins.evenement_id) + "#inscriptions")
