"""The team's pages: events (enter, edit, confirm, dismiss), the watch list and its weights,
visits with the survey, proposed follow-ups, the yearly visit plan, labels, import runs."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from territoire.comptes.vues import vue_territoire

from .. import evenements, veille, visites
from ..forms import EvenementForm, LabelForm, ReglesFormSet, VisiteForm
from ..models import (
    Evenement,
    ImportBodacc,
    ImportHistorique,
    PlanVisites,
    RegleSignal,
    ReponseVisite,
    SuiteProposee,
)

EQUIPE = ("equipe",)


def _url(nom: str, territoire, **kw) -> str:
    return reverse(f"observatoire:{nom}", kwargs={"territoire": territoire.slug, **kw})


def _fil(territoire, *etapes) -> list:
    return [("Observatoire", _url("accueil", territoire)), *etapes]


def _reporter(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for champ, erreurs in exc.error_dict.items():
            form.add_error(champ if champ in form.fields else None, erreurs)
    else:
        form.add_error(None, exc)


def _page_formulaire(request, form, titre: str, gabarit: str = "observatoire/formulaire.html", **contexte):
    contexte = {"fichiers": False, "annuler": "", "intro": "", **contexte}
    return render(request, gabarit, {"territoire": request.territoire, "form": form, "titre": titre, **contexte},
                  status=400 if request.method == "POST" else 200)


# --- events ---------------------------------------------------------------------------------


@vue_territoire(*EQUIPE)
def evenement_nouveau(request):
    territoire = request.territoire
    form = EvenementForm(request.POST or None, request.FILES or None, territoire=territoire,
                         instance=Evenement(territoire=territoire, statut=Evenement.Statut.CONFIRME))
    if request.method == "POST" and form.is_valid():
        champs = {k: v for k, v in form.cleaned_data.items() if k not in ("fiches", "demandes")}
        if not champs.get("source_document"):
            champs.pop("source_document", None)
        try:
            e = evenements.creer(territoire, request.user, fiches=form.cleaned_data["fiches"],
                                 demandes=form.cleaned_data["demandes"], **champs)
        except ValidationError as exc:
            _reporter(form, exc)
        else:
            messages.success(request, "Événement enregistré.")
            return redirect(_url("evenement", territoire, pk=e.pk))
    return _page_formulaire(
        request, form, "Nouvel événement industriel", fichiers=True,
        fil=_fil(territoire, ("Actualité industrielle", _url("actualite", territoire)), ("Nouvel événement", None)),
        annuler=_url("actualite", territoire),
    )


@vue_territoire(*EQUIPE)
def evenement_modifier(request, pk: int):
    territoire = request.territoire
    e = get_object_or_404(Evenement.objects.filter(territoire=territoire), pk=pk)
    form = EvenementForm(request.POST or None, request.FILES or None, territoire=territoire, instance=e)
    if request.method == "POST" and form.is_valid():
        champs = {k: form.cleaned_data[k] for k in form.changed_data if k not in ("fiches", "demandes")}
        try:
            with transaction.atomic():
                evenements.modifier(Evenement.objects.get(pk=e.pk), request.user, fiches=form.cleaned_data["fiches"],
                                    demandes=form.cleaned_data["demandes"], **champs)
        except ValidationError as exc:
            _reporter(form, exc)
        else:
            messages.success(request, "Événement modifié.")
            return redirect(_url("evenement", territoire, pk=e.pk))
    return _page_formulaire(
        request, form, f"Modifier : {e.titre}", fichiers=True, annuler=_url("evenement", territoire, pk=e.pk),
        fil=_fil(territoire, ("Actualité industrielle", _url("actualite", territoire)),
                 (e.titre, _url("evenement", territoire, pk=e.pk)), ("Modifier", None)),
    )


@require_POST
@vue_territoire(*EQUIPE)
def evenement_confirmer(request, pk: int):
    e = get_object_or_404(Evenement.objects.filter(territoire=request.territoire), pk=pk)
    try:
        evenements.confirmer(e, request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages) + " Complétez l'événement, puis confirmez-le.")
        return redirect(_url("evenement_modifier", request.territoire, pk=e.pk))
    messages.success(request, f"Événement confirmé : {e.titre}.")
    return redirect(request.POST.get("suite") or _url("actualite", request.territoire))


@require_POST
@vue_territoire(*EQUIPE)
def evenement_ecarter(request, pk: int):
    e = get_object_or_404(Evenement.objects.filter(territoire=request.territoire), pk=pk)
    try:
        evenements.ecarter(e, request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Événement écarté : {e.titre}.")
    return redirect(_url("actualite", request.territoire))


# --- the watch list -------------------------------------------------------------------------


@vue_territoire(*EQUIPE)
def veille_liste(request):
    territoire = request.territoire
    return render(request, "observatoire/veille.html", {
        "territoire": territoire, "fil": _fil(territoire, ("Veille", None)),
        "entreprises": veille.classement_memorise(territoire), "fenetre": veille.FENETRE_MOIS,
        "regles": RegleSignal.objects.all(),
    })


@vue_territoire(*EQUIPE)
def regles(request):
    territoire = request.territoire
    formset = ReglesFormSet(request.POST or None, queryset=RegleSignal.objects.all())
    if request.method == "POST" and formset.is_valid():
        formset.save()
        messages.success(request, "Poids des règles enregistrés : le classement de la veille en tient compte.")
        return redirect(_url("veille", territoire))
    return render(request, "observatoire/regles.html", {
        "territoire": territoire, "formset": formset,
        "fil": _fil(territoire, ("Veille", _url("veille", territoire)), ("Règles et poids", None)),
    }, status=400 if request.method == "POST" else 200)


# --- visits ---------------------------------------------------------------------------------


@vue_territoire(*EQUIPE)
def visite_nouvelle(request, organisation: int):
    from territoire.reseau.models import Organisation

    territoire = request.territoire
    orga = get_object_or_404(Organisation.objects.du_territoire(territoire), pk=organisation)
    try:
        questionnaire = visites.questionnaire_actif()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(orga.url(territoire))
    form = VisiteForm(request.POST or None, questionnaire=questionnaire, initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            reponse = visites.enregistrer_visite(
                territoire, orga, date=form.cleaned_data["date"], objet=form.cleaned_data["objet"],
                reponses=form.reponses(), auteur=request.user,
            )
        except ValidationError as exc:
            for champ, erreurs in getattr(exc, "error_dict", {None: exc.error_list}).items():
                form.add_error(champ if champ in form.fields else (f"q_{champ}" if f"q_{champ}" in form.fields else None),
                               erreurs)
        else:
            n = reponse.suites.count()
            messages.success(request, "Visite enregistrée." + (
                f" {n} suite{'s' if n > 1 else ''} proposée{'s' if n > 1 else ''} : à accepter ou écarter." if n else ""))
            return redirect(_url("visite", territoire, pk=reponse.pk))
    return _page_formulaire(
        request, form, f"Visite : {orga.nom}", annuler=orga.url(territoire), questionnaire=questionnaire,
        fil=_fil(territoire, ("Plan de visites", _url("plan", territoire)), (f"Visite : {orga.nom}", None)),
        intro=f"Questionnaire de visite, version {questionnaire.version}. Les réponses sont confidentielles "
              "(équipe seulement) ; une réponse qui alerte lève un signal de veille et propose une suite.",
    )


@vue_territoire(*EQUIPE)
def visite(request, pk: int):
    territoire = request.territoire
    reponse = get_object_or_404(
        ReponseVisite.objects.filter(interaction__territoire=territoire).select_related(
            "interaction__organisation", "questionnaire", "auteur"),
        pk=pk,
    )
    lignes = []
    for q in reponse.questionnaire.questions:
        valeur = reponse.reponses.get(q["code"], "")
        choix = next((c for c in q.get("choix", []) if c["code"] == valeur), None)
        lignes.append({"question": q["libelle"], "reponse": choix["libelle"] if choix else valeur,
                       "alerte": bool(choix and choix.get("alerte"))})
    return render(request, "observatoire/visite.html", {
        "territoire": territoire, "reponse": reponse, "lignes": lignes,
        "suites": reponse.suites.select_related("sujet", "demande").prefetch_related("conseillers__antenne__institution"),
        "fil": _fil(territoire, ("Plan de visites", _url("plan", territoire)), (f"Visite du {reponse.interaction.date:%d/%m/%Y}", None)),
    })


@vue_territoire(*EQUIPE)
def suites(request):
    territoire = request.territoire
    qs = (SuiteProposee.objects.filter(territoire=territoire)
          .select_related("organisation", "sujet", "reponse__interaction", "demande")
          .prefetch_related("conseillers__antenne__institution").order_by("statut", "-reponse__interaction__date", "-pk"))
    return render(request, "observatoire/suites.html", {
        "territoire": territoire, "suites": qs[:200], "fil": _fil(territoire, ("Suites proposées", None)),
    })


@require_POST
@vue_territoire(*EQUIPE)
def suite_accepter(request, pk: int):
    suite = get_object_or_404(SuiteProposee.objects.filter(territoire=request.territoire), pk=pk)
    try:
        demande = visites.accepter_suite(suite, request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(_url("suites", request.territoire))
    messages.success(request, f"Demande n° {demande.pk} déposée au guichet et orientée.")
    return redirect(demande.url())


@require_POST
@vue_territoire(*EQUIPE)
def suite_ecarter(request, pk: int):
    suite = get_object_or_404(SuiteProposee.objects.filter(territoire=request.territoire), pk=pk)
    try:
        visites.ecarter_suite(suite, request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Suite écartée.")
    return redirect(_url("suites", request.territoire))


# --- the yearly plan ------------------------------------------------------------------------


def _annee(request) -> int:
    try:
        annee = int(request.GET.get("annee") or request.POST.get("annee") or timezone.localdate().year)
    except ValueError:
        annee = timezone.localdate().year
    return min(max(annee, 2019), timezone.localdate().year + 1)


@vue_territoire(*EQUIPE)
def plan(request):
    territoire = request.territoire
    annee = _annee(request)
    plan_annee = PlanVisites.objects.filter(territoire=territoire, annee=annee).first()
    avancement = visites.avancement_du_plan(plan_annee) if plan_annee else []
    deja = {ligne["prevue"].organisation_id for ligne in avancement}
    return render(request, "observatoire/plan.html", {
        "territoire": territoire, "annee": annee, "avancement": avancement,
        "dues": sum(1 for ligne in avancement if ligne["due"]),
        "suggestions": [s for s in visites.suggestions(territoire) if s.organisation_id not in deja][:60],
        "fil": _fil(territoire, (f"Plan de visites {annee}", None)),
    })


@require_POST
@vue_territoire(*EQUIPE)
def plan_ajouter(request):
    from territoire.reseau.models import Organisation

    territoire = request.territoire
    annee = _annee(request)
    orga = get_object_or_404(Organisation.objects.du_territoire(territoire), pk=request.POST.get("organisation") or 0)
    visites.ajouter_au_plan(visites.plan_de(territoire, annee), orga, request.POST.get("motif", ""), request.user)
    messages.success(request, f"{orga.nom} ajoutée au plan de visites {annee}.")
    return redirect(f"{_url('plan', territoire)}?annee={annee}")


@require_POST
@vue_territoire(*EQUIPE)
def plan_retirer(request):
    from territoire.reseau.models import Organisation

    territoire = request.territoire
    annee = _annee(request)
    orga = get_object_or_404(Organisation.objects.du_territoire(territoire), pk=request.POST.get("organisation") or 0)
    plan_annee = PlanVisites.objects.filter(territoire=territoire, annee=annee).first()
    if plan_annee:
        visites.retirer_du_plan(plan_annee, orga)
    messages.success(request, f"{orga.nom} retirée du plan de visites {annee}.")
    return redirect(f"{_url('plan', territoire)}?annee={annee}")


# --- labels and import runs -----------------------------------------------------------------


@vue_territoire(*EQUIPE)
def label_nouveau(request, organisation: int):
    from territoire.reseau.models import Organisation

    territoire = request.territoire
    orga = get_object_or_404(Organisation.objects.du_territoire(territoire), pk=organisation)
    form = LabelForm(request.POST or None)
    form.instance.organisation = orga
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Label « {form.instance.label} » ajouté à {orga.nom}.")
        return redirect(orga.url(territoire))
    return _page_formulaire(request, form, f"Ajouter un label : {orga.nom}", annuler=orga.url(territoire),
                            fil=_fil(territoire, (orga.nom, orga.url(territoire)), ("Ajouter un label", None)))


@vue_territoire(*EQUIPE)
def imports(request):
    territoire = request.territoire
    return render(request, "observatoire/imports.html", {
        "territoire": territoire, "fil": _fil(territoire, ("Imports de l'observatoire", None)),
        "historiques": ImportHistorique.objects.filter(territoire=territoire)[:50],
        "bodacc": ImportBodacc.objects.filter(territoire=territoire)[:50],
    })
