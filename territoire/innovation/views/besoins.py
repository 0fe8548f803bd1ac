"""Innovation needs: list, filing (with the competence suggestion), a need's page (ranked holders
with their reasons, introductions and their outcome), the correction of its competences."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from territoire.comptes.acces import a_un_role
from territoire.comptes.vues import vue_territoire
from territoire.guichet.models import Demande
from territoire.reseau.models import Organisation

from .. import actions, queries
from ..actions.besoins import DELAI_SUIVI_JOURS
from ..appariement import METHODE_PAR_DEFAUT
from ..forms import (
    BesoinForm,
    CompetencesBesoinForm,
    IssueForm,
    MiseEnRelationForm,
    StatutBesoinForm,
)
from ..models import BesoinInnovation, EtiquetteBesoin, MiseEnRelation
from ..propositions import proposer

MEMBRES = ("equipe", "pilotage", "partenaire", "entreprise")


def _url(nom: str, territoire, **kwargs) -> str:
    return reverse(f"innovation:{nom}", kwargs={"territoire": territoire.slug, **kwargs})


def _fil(territoire, *suite):
    return [("Innover avec le territoire", _url("accueil", territoire)), ("Besoins d'innovation", _url("besoins", territoire)), *suite]


def _erreurs_dans(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for champ, erreurs in exc.error_dict.items():
            form.add_error(champ if champ in form.fields else None, erreurs)
    else:
        form.add_error(None, exc.messages)


@vue_territoire(*MEMBRES)
def besoins(request):
    territoire = request.territoire
    qs = queries.besoins_visibles(request.user, territoire).select_related("organisation")
    statut = request.GET.get("statut", "")
    if statut in BesoinInnovation.Statut.values:
        qs = qs.filter(statut=statut)
    return render(request, "innovation/besoins.html", {
        "territoire": territoire, "besoins": list(qs.order_by("-cree_le", "-pk")[:200]), "statut": statut,
        "statuts": BesoinInnovation.Statut.choices,
        "peut_saisir": a_un_role(request.user, territoire, "equipe", "entreprise"),
        "fil": _fil(territoire)[:-1] + [("Besoins d'innovation", None)],
    })


def visite_initiale(request, valeur: str, champ: str) -> dict:
    """`?visite=<pk>` (a visit of the territory): the firm and the visit chosen, the origin or mode set."""
    from territoire.reseau.models import Interaction

    pk = request.GET.get("visite", "")
    visite = (Interaction.objects.filter(territoire=request.territoire, type=Interaction.Type.VISITE, pk=int(pk))
              .only("pk", "organisation_id").first() if pk.isdigit() else None)
    if visite is None:
        return {}
    return {"organisation": str(visite.organisation_id), "visite": visite.pk, champ: valeur}


def _organisations_saisissables(request):
    territoire = request.territoire
    if a_un_role(request.user, territoire, "equipe"):
        return Organisation.objects.du_territoire(territoire).entreprises().order_by("nom")
    return Organisation.objects.for_user(request.user, territoire).entreprises().order_by("nom")


@vue_territoire("equipe", "entreprise")
def besoin_nouveau(request):
    territoire = request.territoire
    equipe = a_un_role(request.user, territoire, "equipe")
    initial = {"organisation": request.GET.get("organisation"),
               "origine": BesoinInnovation.Origine.EQUIPE if equipe else BesoinInnovation.Origine.COMPTE}
    if equipe:
        initial |= visite_initiale(request, BesoinInnovation.Origine.VISITE, "origine")
    form = BesoinForm(request.POST or None, organisations=_organisations_saisissables(request), initial=initial,
                      territoire=territoire, equipe=equipe)
    if not equipe:
        form.fields["origine"].choices = [(BesoinInnovation.Origine.COMPTE, BesoinInnovation.Origine.COMPTE.label)]
    suggestions = None
    statut = 200
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            if d["action"] == "suggerer":
                suggestions = actions.suggerer_competences(d["texte"])
                donnees = request.POST.copy()
                donnees.setlist("competences", [str(s.competence.pk) for s in suggestions])
                donnees["action"] = "enregistrer"
                form = BesoinForm(donnees, organisations=_organisations_saisissables(request), territoire=territoire,
                                  equipe=equipe)
                form.is_valid()
            else:
                try:
                    besoin = actions.deposer_besoin(
                        territoire, d["organisation"], titre=d["titre"], texte=d["texte"], origine=d["origine"],
                        urgence=d["urgence"], budget=d["budget"], confidentiel=d["confidentiel"],
                        competences=list(d["competences"]), interaction=d.get("visite"), par=request.user,
                    )
                except ValidationError as exc:
                    _erreurs_dans(form, exc)
                    statut = 400
                else:
                    messages.success(request, f"Besoin « {besoin.titre} » enregistré.")
                    return redirect(_url("besoin", territoire, pk=besoin.pk))
        else:
            statut = 400
    return render(request, "innovation/besoin_nouveau.html", {
        "territoire": territoire, "form": form, "suggestions": suggestions,
        "fil": _fil(territoire, ("Noter un besoin", None)),
    }, status=statut)


def _besoin(request, pk: int) -> BesoinInnovation:
    return get_object_or_404(
        queries.besoins_visibles(request.user, request.territoire).select_related(
            "organisation__commune", "organisation__etablissement", "demande", "cree_par", "interaction"
        ).prefetch_related(Prefetch("etiquettes", queryset=EtiquetteBesoin.objects.select_related("competence"))),
        pk=pk,
    )


@vue_territoire(*MEMBRES)
def besoin(request, pk: int):
    territoire = request.territoire
    b = _besoin(request, pk)
    equipe = a_un_role(request.user, territoire, "equipe")
    etiquettes = list(b.etiquettes.all())
    retenues = {e.competence_id: 1.0 for e in etiquettes if e.retenue}
    propositions = proposer(territoire, b.texte, retenues, entreprise=b.organisation, n=5) if equipe else []
    mises = list(queries.mises_en_relation_visibles(request.user, territoire).filter(besoin=b)
                 .select_related("detenteur__organisation", "suivi__responsable", "envoyee_par"))
    deja = {m.detenteur_id for m in mises}
    form_relation = None
    if equipe and b.ouvert:
        initial = {"responsable": request.user.pk, "echeance": timezone.localdate() + timedelta(days=DELAI_SUIVI_JOURS)}
        form_relation = MiseEnRelationForm(territoire=territoire, initial=initial)
    return render(request, "innovation/besoin.html", {
        "territoire": territoire, "b": b, "etiquettes": etiquettes, "propositions": propositions,
        "deja": deja, "mises": mises, "est_equipe": equipe, "form_relation": form_relation,
        "form_competences": CompetencesBesoinForm(initial={"competences": list(retenues)}) if equipe else None,
        "form_statut": StatutBesoinForm(initial={"statut": b.statut}) if equipe else None,
        "issues": MiseEnRelation.Issue.choices, "methode": METHODE_PAR_DEFAUT,
        "fil": _fil(territoire, (b.titre, None)),
    })


def _besoin_equipe(request, pk: int) -> BesoinInnovation:
    if not a_un_role(request.user, request.territoire, "equipe"):
        raise PermissionDenied("Réservé à l'équipe.")
    return _besoin(request, pk)


@require_POST
@vue_territoire("equipe")
def besoin_competences(request, pk: int):
    b = _besoin_equipe(request, pk)
    form = CompetencesBesoinForm(request.POST)
    if form.is_valid():
        actions.corriger_competences(b, form.cleaned_data["competences"], par=request.user)
        messages.success(request, "Compétences du besoin corrigées : la suggestion en tiendra compte.")
    else:
        messages.error(request, "Compétences non reconnues : rechargez la page et recommencez.")
    return redirect(_url("besoin", request.territoire, pk=b.pk))


@require_POST
@vue_territoire("equipe")
def besoin_statut(request, pk: int):
    b = _besoin_equipe(request, pk)
    form = StatutBesoinForm(request.POST)
    if form.is_valid():
        actions.changer_statut_besoin(b, form.cleaned_data["statut"], par=request.user)
        messages.success(request, f"Besoin : {b.get_statut_display()}.")
    return redirect(_url("besoin", request.territoire, pk=b.pk))


@require_POST
@vue_territoire("equipe")
def mettre_en_relation(request, pk: int):
    territoire = request.territoire
    b = _besoin_equipe(request, pk)
    form = MiseEnRelationForm(request.POST, territoire=territoire)
    if form.is_valid():
        d = form.cleaned_data
        retenues = {e.competence_id: 1.0 for e in b.etiquettes.all() if e.retenue}
        propositions = {p.detenteur.pk: p for p in proposer(territoire, b.texte, retenues, entreprise=b.organisation, n=10)}
        try:
            mise = actions.mettre_en_relation(
                b, d["detenteur"], responsable=d["responsable"], message=d["message"], echeance=d["echeance"],
                proposition=propositions.get(d["detenteur"].pk), methode=METHODE_PAR_DEFAUT, par=request.user,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"Mise en relation avec {mise.detenteur} enregistrée sur les deux fiches, "
                                      f"suivi le {mise.suivi.echeance:%d/%m/%Y} par {mise.suivi.responsable}.")
    else:
        messages.error(request, "Mise en relation non envoyée : " + " ".join(
            f"{form.fields[c].label if c in form.fields else ''} : {' '.join(e)}" for c, e in form.errors.items()))
    return redirect(_url("besoin", territoire, pk=b.pk))


@require_POST
@vue_territoire("equipe")
def noter_issue(request, pk: int):
    territoire = request.territoire
    mise = get_object_or_404(MiseEnRelation.objects.filter(besoin__territoire=territoire).select_related("besoin", "suivi"), pk=pk)
    form = IssueForm(request.POST)
    if form.is_valid():
        actions.noter_issue(mise, form.cleaned_data["issue"], form.cleaned_data["note"], par=request.user)
        messages.success(request, f"Issue notée : {mise.get_issue_display()}.")
    else:
        messages.error(request, "Issue inconnue.")
    return redirect(_url("besoin", territoire, pk=mise.besoin_id))


@require_POST
@vue_territoire("equipe")
def besoin_depuis_demande(request, pk: int):
    territoire = request.territoire
    demande = get_object_or_404(Demande.objects.filter(territoire=territoire, sujet__code="innovation"), pk=pk)
    b = actions.besoin_depuis_demande(demande, par=request.user)
    messages.success(request, f"Besoin d'innovation ouvert pour la demande n° {demande.pk}.")
    return redirect(_url("besoin", territoire, pk=b.pk))
