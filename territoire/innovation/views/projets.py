"""Innovation projects: the pipeline by stage and axis, a project's page (money from the programme's
money model, milestones, outcomes), and the team's forms."""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from territoire.comptes.vues import vue_territoire

from .. import actions, queries
from ..forms import (
    CofinancementForm,
    EtapeForm,
    JalonForm,
    LigneBudgetForm,
    ProjetForm,
    ResultatForm,
)
from ..models import ProjetInnovation

MEMBRES = ("equipe", "pilotage", "partenaire", "entreprise")


def _url(nom: str, territoire, **kwargs) -> str:
    return reverse(f"innovation:{nom}", kwargs={"territoire": territoire.slug, **kwargs})


def _fil(territoire, *suite):
    return [("Innover avec le territoire", _url("accueil", territoire)), ("Projets d'innovation", _url("projets", territoire)), *suite]


@vue_territoire(*MEMBRES)
def projets(request):
    """The pipeline: one column per stage, grouped by axis of the programme."""
    territoire = request.territoire
    qs = list(queries.projets_visibles(request.user, territoire).select_related("axe").prefetch_related("entreprises", "detenteurs__organisation")
              .order_by("titre"))
    colonnes = [(e, ProjetInnovation.Etape(e).label) for e in ProjetInnovation.ETAPES_PIPELINE]
    par_axe: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    abandonnes = []
    for p in qs:
        if p.etape == ProjetInnovation.Etape.ABANDONNE:
            abandonnes.append(p)
        else:
            par_axe[p.axe.libelle if p.axe_id else "Sans axe"][p.etape].append(p)
    lignes = [
        {"axe": axe, "cellules": [etapes.get(code, []) for code, _ in colonnes], "total": sum(len(v) for v in etapes.values())}
        for axe, etapes in sorted(par_axe.items())
    ]
    totaux = [sum(len(ligne["cellules"][i]) for ligne in lignes) for i in range(len(colonnes))]
    return render(request, "innovation/projets.html", {
        "territoire": territoire, "colonnes": colonnes, "lignes": lignes, "totaux": totaux, "abandonnes": abandonnes,
        "total": len(qs), "peut_saisir": queries.peut_modifier_projet(request.user, territoire),
        "fil": _fil(territoire)[:-1] + [("Projets d'innovation", None)],
    })


@vue_territoire("equipe")
def projet_nouveau(request):
    territoire = request.territoire
    form = ProjetForm(request.POST or None, territoire=territoire)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        p = actions.creer_projet(
            territoire, titre=d["titre"], description=d["description"], etape=d["etape"], axe=d["axe"],
            entreprises=d["entreprises"], partenaires=d["partenaires"], detenteurs=d["detenteurs"], fiches=d["fiches"],
            evenements=d["evenements"],
            debut=d["debut"], fin=d["fin"], confidentiel=d["confidentiel"], par=request.user,
        )
        messages.success(request, f"Projet « {p.titre} » créé.")
        return redirect(_url("projet", territoire, pk=p.pk))
    return render(request, "innovation/projet_nouveau.html", {
        "territoire": territoire, "form": form, "fil": _fil(territoire, ("Nouveau projet", None)),
    }, status=400 if form.is_bound and form.errors else 200)


def _projet(request, pk: int) -> ProjetInnovation:
    return get_object_or_404(
        queries.projets_visibles(request.user, request.territoire).select_related("axe", "besoin").prefetch_related(
            "entreprises", "partenaires", "detenteurs__organisation", "fiches", "evenements", "jalons", "resultats",
            "lignes_budget", "cofinancements__financeur",
        ),
        pk=pk,
    )


@vue_territoire(*MEMBRES)
def projet(request, pk: int):
    territoire = request.territoire
    p = _projet(request, pk)
    equipe = queries.peut_modifier_projet(request.user, territoire)
    return render(request, "innovation/projet.html", {
        "territoire": territoire, "p": p, "argent": actions.argent(p), "est_equipe": equipe,
        "form_etape": EtapeForm(initial={"etape": p.etape}) if equipe else None,
        "form_budget": LigneBudgetForm(prefix="budget") if equipe else None,
        "form_cofinancement": CofinancementForm(prefix="cofi", territoire=territoire) if equipe else None,
        "form_jalon": JalonForm(prefix="jalon") if equipe else None,
        "form_resultat": ResultatForm(prefix="resultat") if equipe else None,
        "fil": _fil(territoire, (p.titre, None)),
    })


def _projet_equipe(request, pk: int) -> ProjetInnovation:
    if not queries.peut_modifier_projet(request.user, request.territoire):
        raise PermissionDenied("Réservé à l'équipe.")
    return _projet(request, pk)


def _refus(request, exc: ValidationError | None = None, form=None) -> None:
    if exc is not None:
        messages.error(request, " ".join(exc.messages))
    elif form is not None:
        messages.error(request, "Rien n'a été enregistré : " + " ".join(
            f"{form.fields[c].label if c in form.fields else ''} : {' '.join(e)}".strip(" :") for c, e in form.errors.items()))


@require_POST
@vue_territoire("equipe")
def projet_modifier(request, pk: int, quoi: str):
    """One POST endpoint per kind of row: etape, budget, cofinancement, jalon, resultat."""
    territoire = request.territoire
    p = _projet_equipe(request, pk)
    formulaires = {
        "etape": lambda: EtapeForm(request.POST),
        "budget": lambda: LigneBudgetForm(request.POST, prefix="budget"),
        "cofinancement": lambda: CofinancementForm(request.POST, prefix="cofi", territoire=territoire),
        "jalon": lambda: JalonForm(request.POST, prefix="jalon"),
        "resultat": lambda: ResultatForm(request.POST, prefix="resultat"),
    }
    if quoi not in formulaires:
        raise PermissionDenied("Modification inconnue.")
    form = formulaires[quoi]()
    if not form.is_valid():
        _refus(request, form=form)
        return redirect(_url("projet", territoire, pk=p.pk))
    d = form.cleaned_data
    try:
        if quoi == "etape":
            actions.changer_etape(p, d["etape"], par=request.user, note=d["note"])
        elif quoi == "budget":
            actions.ajouter_ligne_budget(p, annee=d["annee"], nature=d["nature"], type=d["type"], montant=d["montant"],
                                         libelle=d["libelle"], par=request.user)
        elif quoi == "cofinancement":
            actions.ajouter_cofinancement(p, financeur=d["financeur"], montant=d["montant"], etape=d["etape"],
                                          type_financement=d["type_financement"], dispositif=d["dispositif"], date=d["date"],
                                          par=request.user)
        elif quoi == "jalon":
            actions.ajouter_jalon(p, libelle=d["libelle"], echeance=d["echeance"], par=request.user)
        else:
            actions.ajouter_resultat(p, type=d["type"], description=d["description"], emplois=d["emplois"], date=d["date"],
                                     source=d["source"], par=request.user)
    except ValidationError as exc:
        _refus(request, exc)
    else:
        messages.success(request, "Enregistré.")
    return redirect(_url("projet", territoire, pk=p.pk))


@require_POST
@vue_territoire("equipe")
def jalon_atteint(request, pk: int, jalon: int):
    p = _projet_equipe(request, pk)
    j = get_object_or_404(p.jalons.all(), pk=jalon)
    actions.marquer_jalon_atteint(j, par=request.user)
    messages.success(request, f"Jalon atteint : {j.libelle}.")
    return redirect(_url("projet", request.territoire, pk=p.pk))

