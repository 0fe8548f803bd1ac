"""Brownfields: the map by phase with its table, a record (phases, money, past activity), import."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from territoire.comptes.acces import a_un_role
from territoire.comptes.vues import vue_territoire

from ..actions import friches as actions
from ..forms import CofinancementForm, ImportFrichesForm, LigneBudgetForm, PhaseForm
from ..models import Friche, TypePhase
from ..models.friches import SANS_PHASE, CofinancementFriche
from ..queries import friches_pour
from .commun import INTERNES, carte_geojson, fil

LIBELLES_PHASES = dict(TypePhase.choices) | {SANS_PHASE: "Sans projet engagé"}


@vue_territoire()
def friches(request):
    """The brownfields by phase, on a map and in the table beside it (the public: public ones)."""
    territoire = request.territoire
    liste = list(friches_pour(request.user, territoire).select_related("fiche", "site_economique")
                 .prefetch_related("phases").order_by("site_nom", "pk"))
    par_phase = {code: [] for code in LIBELLES_PHASES}
    for f in liste:
        par_phase[f.code_phase()].append(f)
    interne = a_un_role(request.user, territoire, *INTERNES)
    return render(request, "attractivite/friches.html", {
        "territoire": territoire, "friches": liste, "interne": interne,
        "equipe": a_un_role(request.user, territoire, "equipe"),
        "phases": [(code, LIBELLES_PHASES[code], par_phase[code]) for code in LIBELLES_PHASES],
        "carte": carte_geojson([(f.code_phase(), f.site_nom, (f.longitude, f.latitude),
                                 f.get_absolute_url() if interne else "") for f in liste]),
        "legende": [{"code": c, "libelle": v} for c, v in LIBELLES_PHASES.items()],
        "fil": fil(request, ("Attirer", "attractivite:espace" if interne else None), ("Friches", None)),
    })


def _friche(request, pk: int) -> Friche:
    qs = (Friche.objects.filter(territoire=request.territoire)
          .select_related("fiche__programme", "site_economique")
          .prefetch_related("phases", "lignes_budget__phase",
                            Prefetch("cofinancements", queryset=CofinancementFriche.objects.select_related("financeur", "phase")),
                            "evenements"))
    return get_object_or_404(qs, pk=pk)


def _contexte(request, f: Friche, **formulaires) -> dict:
    equipe = a_un_role(request.user, request.territoire, "equipe")
    contexte = {
        "territoire": request.territoire, "friche": f, "phase": f.phase_actuelle(), "argent": f.argent(),
        "equipe": equipe, "libelle_phase": LIBELLES_PHASES[f.code_phase()],
        "douteux": [s for s in f.signalements if not s.get("correction")],
        "corrections": [s for s in f.signalements if s.get("correction")],
        "carte": carte_geojson([(f.code_phase(), f.site_nom, (f.longitude, f.latitude), "")]),
        "fil": fil(request, ("Attirer", "attractivite:espace"), ("Friches", "attractivite:friches"), (f.site_nom, None)),
    }
    if equipe:
        contexte |= {"form_phase": PhaseForm(), "form_budget": LigneBudgetForm(friche=f),
                     "form_cofinancement": CofinancementForm(friche=f)} | formulaires
    return contexte


@vue_territoire(*INTERNES)
def friche(request, pk: int):
    return render(request, "attractivite/friche.html", _contexte(request, _friche(request, pk)))


@require_POST
@vue_territoire("equipe")
def friche_phase(request, pk: int):
    f = _friche(request, pk)
    form = PhaseForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            actions.enregistrer_phase(f, d["type"], date_debut=d["date_debut"], date_fin_prevue=d["date_fin_prevue"],
                                      date_fin=d["date_fin"], notes=d["notes"], auteur=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Phase enregistrée.")
            return redirect(f.get_absolute_url())
    return render(request, "attractivite/friche.html", _contexte(request, _friche(request, pk), form_phase=form), status=400)


@require_POST
@vue_territoire("equipe")
def friche_budget(request, pk: int):
    f = _friche(request, pk)
    form = LigneBudgetForm(request.POST, friche=f)
    if form.is_valid():
        try:
            actions.ajouter_ligne_budget(f, auteur=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Ligne de budget ajoutée.")
            return redirect(f.get_absolute_url())
    return render(request, "attractivite/friche.html", _contexte(request, f, form_budget=form), status=400)


@require_POST
@vue_territoire("equipe")
def friche_cofinancement(request, pk: int):
    f = _friche(request, pk)
    form = CofinancementForm(request.POST, friche=f)
    if form.is_valid():
        try:
            actions.ajouter_cofinancement(f, auteur=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Cofinancement ajouté.")
            return redirect(f.get_absolute_url())
    return render(request, "attractivite/friche.html", _contexte(request, f, form_cofinancement=form), status=400)


@require_POST
@vue_territoire("equipe")
def friche_activite(request, pk: int):
    f = _friche(request, pk)
    try:
        actions.confirmer_activite_passee(f, request.POST.get("siret", ""), auteur=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Activité passée enregistrée.")
    return redirect(f.get_absolute_url())


@vue_territoire("equipe")
def friches_import(request):
    from ..importation.friches import importer_friches
    from ..importation.lecture import ImportRefuse

    form = ImportFrichesForm(request.POST or None, request.FILES or None)
    rapport, erreur, statut = None, "", 200
    if request.method == "POST":
        statut = 400
        if form.is_valid():
            fichier = form.cleaned_data["fichier"]
            try:
                rapport = importer_friches(request.territoire, None, contenu=fichier.read(), nom=fichier.name,
                                           auteur=request.user, dry_run=form.cleaned_data["essai"])
                statut = 200
            except ImportRefuse as exc:
                erreur = exc.resume()
    return render(request, "attractivite/friches_import.html", {
        "territoire": request.territoire, "form": form, "rapport": rapport, "erreur": erreur,
        "fil": fil(request, ("Attirer", "attractivite:espace"), ("Friches", "attractivite:friches"), ("Importer", None)),
    }, status=statut)
