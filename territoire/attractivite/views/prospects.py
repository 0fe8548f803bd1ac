"""The investor pipeline: projects by stage, a project (needs, matching offers, proposals,
visits, stages), the funnel. The real name is shown only to those `nom_visible` allows."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from territoire.comptes.acces import a_un_role
from territoire.comptes.vues import vue_territoire

from .. import actions, entonnoir, offres
from ..forms import EtapeForm, PropositionForm, ProspectForm, VisiteForm
from ..models import Prospect
from ..models.prospects import Etape
from ..queries import nom_visible
from .commun import fil

LECTEURS = ("equipe", "pilotage", "partenaire")
CHAMPS = [f for f in ProspectForm.Meta.fields if f not in ("partenaires",)]


@vue_territoire(*LECTEURS)
def prospects(request):
    territoire = request.territoire
    qs = Prospect.objects.for_user(request.user, territoire).prefetch_related("partenaires").order_by("etape_depuis", "pk")
    projets = list(qs)
    colonnes = [(e, libelle, [(p, nom_visible(p, request.user, territoire)) for p in projets if p.etape == e])
                for e, libelle in Etape.choices]
    return render(request, "attractivite/prospects.html", {
        "territoire": territoire, "colonnes": colonnes, "total": len(projets),
        "equipe": a_un_role(request.user, territoire, "equipe"),
        "voit_entonnoir": a_un_role(request.user, territoire, "equipe", "pilotage"),
        "aujourdhui": timezone.now(),
        "fil": fil(request, ("Attirer", "attractivite:espace"), ("Projets d'implantation", None)),
    })


def _projet(request, pk: int) -> Prospect:
    return get_object_or_404(Prospect.objects.for_user(request.user, request.territoire)
                             .select_related("organisation", "etablissement", "suivi_par"), pk=pk)


def _contexte(request, p: Prospect, **formulaires) -> dict:
    territoire = request.territoire
    equipe = a_un_role(request.user, territoire, "equipe")
    resultats = offres.correspondances(p)
    contexte = {
        "territoire": territoire, "prospect": p, "nom_visible": nom_visible(p, request.user, territoire),
        "equipe": equipe, "resultats": resultats[:50], "n_resultats": len(resultats),
        "transitions": p.transitions.select_related("par"),
        "propositions": p.propositions.select_related("terrain__site", "local", "interaction"),
        "interactions": p.organisation.interactions.order_by("-date", "-pk") if p.organisation_id else [],
        "voit_contact": equipe,
        "fil": fil(request, ("Attirer", "attractivite:espace"), ("Projets d'implantation", "attractivite:prospects"),
                   (p.nom_de_code, None)),
    }
    if equipe:
        ids_t = [r["offre"]["pk"] for r in resultats if r["genre"] == "terrain"]
        ids_l = [r["offre"]["pk"] for r in resultats if r["genre"] == "local"]
        proposition = PropositionForm(territoire=territoire, initial={"date": timezone.localdate()})
        proposition.fields["terrains"].queryset = proposition.fields["terrains"].queryset.filter(pk__in=ids_t)
        proposition.fields["locaux"].queryset = proposition.fields["locaux"].queryset.filter(pk__in=ids_l)
        contexte |= {"form_etape": EtapeForm(), "form_proposition": proposition,
                     "form_visite": VisiteForm(initial={"date": timezone.localdate()})} | formulaires
    return contexte


@vue_territoire(*LECTEURS)
def prospect(request, pk: int):
    return render(request, "attractivite/prospect.html", _contexte(request, _projet(request, pk)))


def _formulaire(request, p: Prospect | None):
    territoire = request.territoire
    form = ProspectForm(request.POST or None, instance=p, territoire=territoire)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        champs = {k: d[k] for k in CHAMPS if k in d}
        try:
            if p is None:
                p = actions.creer_prospect(territoire, auteur=request.user, partenaires=d["partenaires"], **champs)
            else:
                actions.modifier_prospect(p, auteur=request.user, partenaires=d["partenaires"],
                                          **{k: v for k, v in champs.items() if k != "nom_de_code" or v})
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Projet « {p.nom_de_code} » enregistré.")
            return redirect(p.get_absolute_url())
    titre = f"Modifier « {p.nom_de_code} »" if p else "Nouveau projet d'implantation"
    return render(request, "attractivite/formulaire.html", {
        "territoire": territoire, "form": form, "titre": titre, "annuler": p.get_absolute_url() if p else None,
        "fil": fil(request, ("Attirer", "attractivite:espace"), ("Projets d'implantation", "attractivite:prospects"), (titre, None)),
    }, status=400 if request.method == "POST" else 200)


@vue_territoire("equipe")
def prospect_nouveau(request):
    return _formulaire(request, None)


@vue_territoire("equipe")
def prospect_modifier(request, pk: int):
    return _formulaire(request, _projet(request, pk))


@require_POST
@vue_territoire("equipe")
def prospect_etape(request, pk: int):
    p = _projet(request, pk)
    form = EtapeForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            actions.changer_etape(p, d["etape"], auteur=request.user, note=d["note"], raison_perte=d["raison_perte"],
                                  siren=d["siren"])
        except ValidationError as exc:
            for champ, erreurs in exc.message_dict.items():
                for e in erreurs:
                    form.add_error(champ if champ in form.fields else None, e)
        else:
            messages.success(request, f"Étape : {p.get_etape_display()}.")
            return redirect(p.get_absolute_url())
    return render(request, "attractivite/prospect.html", _contexte(request, p, form_etape=form), status=400)


@require_POST
@vue_territoire("equipe")
def prospect_proposer(request, pk: int):
    p = _projet(request, pk)
    form = PropositionForm(request.POST, territoire=request.territoire)
    if form.is_valid():
        d = form.cleaned_data
        actions.proposer(p, terrains=d["terrains"], locaux=d["locaux"], date=d["date"], notes=d["notes"], auteur=request.user)
        messages.success(request, "Proposition enregistrée (et notée dans les échanges du réseau).")
        return redirect(p.get_absolute_url())
    return render(request, "attractivite/prospect.html", _contexte(request, p, form_proposition=form), status=400)


@require_POST
@vue_territoire("equipe")
def prospect_visite(request, pk: int):
    p = _projet(request, pk)
    form = VisiteForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        actions.enregistrer_visite(p, date=d["date"], objet=d["objet"], notes=d["notes"], auteur=request.user,
                                   propositions=list(p.propositions.all()))
        messages.success(request, "Visite enregistrée.")
        return redirect(p.get_absolute_url())
    return render(request, "attractivite/prospect.html", _contexte(request, p, form_visite=form), status=400)


@vue_territoire("equipe", "pilotage")
def entonnoir_vue(request):
    territoire = request.territoire
    e = entonnoir.entonnoir(Prospect.objects.filter(territoire=territoire))
    from territoire.ui import graphiques

    g = graphiques.barres("entonnoir", "Projets ayant atteint chaque étape",
                          {x["libelle"]: x["atteint"] for x in e["etapes"]}, colonne="Étape", unite="Projets",
                          total=False) if e["total"] else None
    return render(request, "attractivite/entonnoir.html", {
        "territoire": territoire, "e": e, "graphique": g,
        "fil": fil(request, ("Attirer", "attractivite:espace"), ("Projets d'implantation", "attractivite:prospects"),
                   ("Entonnoir", None)),
    })
