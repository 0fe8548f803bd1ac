"""The industry-of-the-future diagnostic: aggregates by filière, a diagnostic's result (radar
against the comparison group, table, weakest dimensions and next steps, previous diagnostic),
and the form filled during a visit or by the firm itself."""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from territoire.comptes.acces import a_un_role
from territoire.comptes.vues import vue_territoire
from territoire.programme.queries import fiches_visibles
from territoire.reseau.models import Organisation
from territoire.ui import graphiques

from .. import actions, diagnostic, queries
from ..forms import DiagnosticForm
from ..labels import labels_de
from ..models import Diagnostic, Reponse
from ..recommandations import recommander
from .besoins import visite_initiale


def _url(nom: str, territoire, **kwargs) -> str:
    return reverse(f"innovation:{nom}", kwargs={"territoire": territoire.slug, **kwargs})


def _fil(territoire, *suite):
    return [("Innover avec le territoire", _url("accueil", territoire)),
            ("Diagnostics industrie du futur", _url("diagnostics", territoire)), *suite]


def agregats_par_filiere(territoire, questionnaire) -> dict:
    """Latest diagnostic of each firm, grouped by filière: firms and averages per dimension
    (None below the small-numbers threshold)."""
    derniers = diagnostic.derniers_diagnostics(territoire, questionnaire)
    groupes: dict[str, list] = defaultdict(list)
    for d in derniers:
        groupes[d.filiere.libelle if d.filiere_id else "Filière inconnue"].append(d)
    dimensions = list(questionnaire.dimensions.all())
    lignes = []
    for libelle, diags in sorted(groupes.items()):
        m = diagnostic.moyennes(diags)
        lignes.append({"filiere": libelle, "entreprises": len(diags), "moyennes": [m.get(dim.pk) for dim in dimensions]})
    tout = diagnostic.moyennes(derniers)
    return {"dimensions": dimensions, "lignes": lignes, "entreprises": len(derniers),
            "territoire": [tout.get(dim.pk) for dim in dimensions], "seuil": diagnostic.SEUIL_COMPARAISON}


@vue_territoire("equipe", "pilotage", "entreprise")
def diagnostics(request):
    territoire = request.territoire
    questionnaire = diagnostic.questionnaire_actif()
    agregats = None
    if questionnaire is not None and queries.voit_agregats_diagnostics(request.user, territoire):
        agregats = agregats_par_filiere(territoire, questionnaire)
    visibles = list(queries.diagnostics_visibles(request.user, territoire).select_related("organisation", "filiere")
                    .order_by("-date", "-pk")[:200])
    return render(request, "innovation/diagnostics.html", {
        "territoire": territoire, "questionnaire": questionnaire, "agregats": agregats, "diagnostics": visibles,
        "peut_saisir": a_un_role(request.user, territoire, "equipe", "entreprise"),
        "fil": _fil(territoire)[:-1] + [("Diagnostics industrie du futur", None)],
    })


def _diagnostic(request, pk: int) -> Diagnostic:
    return get_object_or_404(
        queries.diagnostics_visibles(request.user, request.territoire).select_related(
            "organisation__etablissement", "questionnaire", "filiere", "realise_par", "interaction"
        ).prefetch_related("questionnaire__dimensions", Prefetch("reponses", queryset=Reponse.objects.select_related("dimension"))),
        pk=pk,
    )


@vue_territoire("equipe", "entreprise")
def diagnostic_detail(request, pk: int):
    territoire = request.territoire
    d = _diagnostic(request, pk)
    derniers = diagnostic.derniers_diagnostics(territoire, d.questionnaire)
    groupe = diagnostic.groupe_de_comparaison(d, derniers)
    precedent = (Diagnostic.objects.filter(organisation=d.organisation, questionnaire=d.questionnaire, date__lt=d.date)
                 .order_by("-date", "-pk").prefetch_related("reponses").first())
    lignes = diagnostic.lignes(d, groupe, precedent)
    faibles = diagnostic.plus_faibles(lignes)
    recommandations = recommander(faibles, d.organisation, territoire, fiches_visibles(request.user, territoire))
    # The radar draws the answered dimensions only (a missing one would be drawn at the centre,
    # as if it were 0). Against the group's average when it exists on three of them at least.
    repondues = [ligne for ligne in lignes if ligne.score is not None]
    comparees = [ligne for ligne in repondues if ligne.moyenne is not None]
    axes = comparees if len(comparees) >= 3 else repondues
    sans_moyenne = [ligne for ligne in repondues if ligne not in axes]
    radar = None
    if len(axes) >= 3:
        series = [(str(d.organisation), [ligne.score for ligne in axes])]
        if axes is comparees:
            series.append((f"Moyenne : {groupe.libelle}", [ligne.moyenne for ligne in axes]))
        radar = graphiques.radar(
            f"radar-{d.pk}", "Maturité industrie du futur", [ligne.dimension.libelle for ligne in axes], series,
            maximum=diagnostic.SCORE_MAX,
            description="Niveaux de 0 à 5 de l'entreprise" + (" et moyenne du groupe de comparaison." if len(series) > 1 else "."),
        )
    return render(request, "innovation/diagnostic.html", {
        "territoire": territoire, "d": d, "lignes": lignes, "groupe": groupe, "precedent": precedent,
        "recommandations": recommandations, "radar": radar,
        "sans_reponse": [ligne for ligne in lignes if ligne.score is None], "sans_moyenne": sans_moyenne,
        "labels": labels_de(d.organisation),
        "classe_taille": diagnostic.libelle_classe(diagnostic.classe_taille(d.tranche_effectifs)),
        "fil": _fil(territoire, (f"{d.organisation} — {d.date:%d/%m/%Y}", None)),
    })


def _organisations(request):
    territoire = request.territoire
    if a_un_role(request.user, territoire, "equipe"):
        return Organisation.objects.du_territoire(territoire).entreprises().order_by("nom")
    return Organisation.objects.for_user(request.user, territoire).entreprises().order_by("nom")


@vue_territoire("equipe", "entreprise")
def diagnostic_nouveau(request):
    territoire = request.territoire
    questionnaire = diagnostic.questionnaire_actif() or diagnostic.installer_questionnaire()
    equipe = a_un_role(request.user, territoire, "equipe")
    initial = {"organisation": request.GET.get("organisation"), "date": timezone.localdate(),
               "mode": Diagnostic.Mode.VISITE if equipe else Diagnostic.Mode.AUTODIAGNOSTIC}
    if equipe:
        initial |= visite_initiale(request, Diagnostic.Mode.VISITE, "mode")
    form = DiagnosticForm(request.POST or None, organisations=_organisations(request), questionnaire=questionnaire,
                          initial=initial, territoire=territoire, equipe=equipe)
    if not equipe:
        form.fields["mode"].choices = [(Diagnostic.Mode.AUTODIAGNOSTIC, Diagnostic.Mode.AUTODIAGNOSTIC.label)]
    statut = 200
    if request.method == "POST":
        if form.is_valid():
            c = form.cleaned_data
            try:
                d = actions.enregistrer_diagnostic(territoire, c["organisation"], questionnaire, date=c["date"], mode=c["mode"],
                                                   reponses=form.reponses(), notes=c["notes"], interaction=c.get("visite"),
                                                   par=request.user)
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
                statut = 400
            else:
                messages.success(request, "Diagnostic enregistré.")
                return redirect(_url("diagnostic", territoire, pk=d.pk))
        else:
            statut = 400
    return render(request, "innovation/diagnostic_nouveau.html", {
        "territoire": territoire, "form": form, "questionnaire": questionnaire,
        "fil": _fil(territoire, ("Nouveau diagnostic", None)),
    }, status=statut)
