"""The team's pages: imports, needs, the match, the gap and its export, the classification."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from territoire.comptes.acces import a_un_role
from territoire.comptes.vues import vue_territoire
from territoire.reseau import exports

from .. import actions
from ..appariement import RAYON_DEFAUT_KM, appariement, ecart
from ..classement import Classeur, Regle, apercu, regles_actives, table_onisep
from ..forms import ApparitionForm, BesoinForm, CampusForm, ImportForm, OffreForm, RegleForm
from ..models import BesoinRecrutement, Campus, ImportRecrutement, OffreEmploi, RegleClassement


def _rayon(request) -> float:
    try:
        return max(0.0, min(200.0, float(request.GET.get("rayon", RAYON_DEFAUT_KM))))
    except ValueError:
        return RAYON_DEFAUT_KM


@vue_territoire("equipe")
def importer(request):
    """Upload a file: the import runs as a background job (territoire worker), followed on the
    job's page with its progress; its run then appears in the list below."""
    from territoire.taches.actions import TacheDejaActive, lancer_tache
    from territoire.taches.models import Tache

    territoire = request.territoire
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        lheo = d["nature"] == ImportForm.Nature.LHEO
        try:
            tache = lancer_tache(
                Tache.Genre.IMPORT_FORMATIONS if lheo else Tache.Genre.IMPORT_OFFRES, territoire,
                parametres={"source": Path(d["fichier"].name).name[:300], "tout": d["tout"], "partiel": d["partiel"]},
                par=request.user, origine="web", fichiers={"fichier": d["fichier"]},
            )
        except TacheDejaActive as exc:
            messages.error(request, str(exc))
            if exc.active is not None:
                return redirect("taches:tache", territoire=territoire.slug, pk=exc.active.pk)
        else:
            messages.success(request, f"Import de {Path(d['fichier'].name).name} lancé : suivez-le ici.")
            return redirect("taches:tache", territoire=territoire.slug, pk=tache.pk)
    return render(request, "recrutement/import.html", {
        "territoire": territoire, "form": form,
        "imports": ImportRecrutement.objects.filter(territoire=territoire)[:20],
    }, status=400 if request.method == "POST" else 200)


@vue_territoire("equipe")
def import_detail(request, pk: int):
    run = get_object_or_404(ImportRecrutement.objects.filter(territoire=request.territoire), pk=pk)
    return render(request, "recrutement/import_detail.html", {"territoire": request.territoire, "run": run})


@vue_territoire("equipe", "pilotage", "entreprise")
def besoins(request):
    territoire = request.territoire
    visibles = BesoinRecrutement.objects.for_user(request.user, territoire).select_related("organisation", "commune")
    agregats = None
    if BesoinRecrutement.objects.agregats_visibles(request.user, territoire):
        ouverts = BesoinRecrutement.objects.du_territoire(territoire).ouverts()
        agregats = {
            "rome": list(ouverts.values("rome").annotate(postes=Sum("nombre")).order_by("-postes", "rome")),
            "filiere": list(ouverts.values("organisation__etablissement__filiere__libelle")
                            .annotate(postes=Sum("nombre")).order_by("-postes")),
            "zone": list(ouverts.values("commune__nom").annotate(postes=Sum("nombre")).order_by("-postes")),
        }
    liste = list(visibles.order_by("statut", "-cree_le")[:200])
    peut_saisir = a_un_role(request.user, territoire, "equipe", "entreprise")
    # A firm's account sees other firms' published needs but edits only its own: no link it may not follow.
    modifiables = set()
    if peut_saisir:
        siennes = set(_organisations_saisissables(request).values_list("pk", flat=True))
        modifiables = {b.pk for b in liste if b.organisation_id in siennes}
    return render(request, "recrutement/besoins.html", {
        "territoire": territoire, "besoins": liste, "agregats": agregats, "modifiables": modifiables,
        "peut_saisir": peut_saisir,
        "est_equipe": a_un_role(request.user, territoire, "equipe"),
    })


def _organisations_saisissables(request):
    from territoire.reseau.models import Organisation

    return Organisation.objects.for_user(request.user, request.territoire).entreprises().order_by("nom")


@vue_territoire("equipe", "entreprise")
def besoin_nouveau(request):
    territoire = request.territoire
    organisations = _organisations_saisissables(request)
    form = BesoinForm(request.POST or None, organisations=organisations, territoire=territoire,
                      initial={"organisation": request.GET.get("organisation")})
    if not a_un_role(request.user, territoire, "equipe"):
        form.fields["origine"].choices = [("compte", "Compte de l'entreprise")]
    if request.method == "POST" and form.is_valid():
        champs = {k: v for k, v in form.cleaned_data.items() if k != "organisation"}
        demande_id = request.GET.get("demande")
        if demande_id and a_un_role(request.user, territoire, "equipe"):
            from territoire.guichet.models import Demande

            champs["demande"] = Demande.objects.filter(territoire=territoire, pk=demande_id).first()
        besoin = actions.enregistrer_besoin(territoire, form.cleaned_data["organisation"], auteur=request.user, **champs)
        messages.success(request, f"Besoin enregistré : {besoin.nombre} poste(s) {besoin.rome}.")
        return redirect("recrutement:appariement", territoire=territoire.slug)
    return render(request, "recrutement/besoin_form.html", {"territoire": territoire, "form": form})


@vue_territoire("equipe", "entreprise")
def besoin_modifier(request, pk: int):
    """The team edits any need of the territory; a firm's account, its own."""
    territoire = request.territoire
    besoin = get_object_or_404(BesoinRecrutement.objects.for_user(request.user, territoire), pk=pk)
    organisations = _organisations_saisissables(request)
    if not organisations.filter(pk=besoin.organisation_id).exists():
        raise PermissionDenied("Ce besoin n'est pas celui d'une entreprise que vous représentez.")
    form = BesoinForm(request.POST or None, instance=besoin, organisations=organisations, territoire=territoire)
    form.fields["statut"] = forms.ChoiceField(label="Statut", choices=BesoinRecrutement.Statut.choices)
    form.initial.setdefault("statut", besoin.statut)
    if not a_un_role(request.user, territoire, "equipe"):
        form.fields["origine"].choices = [(besoin.origine, besoin.get_origine_display())]
    if request.method == "POST" and form.is_valid():
        champs = {k: v for k, v in form.cleaned_data.items() if k != "organisation"}
        changements = actions.modifier_besoin(BesoinRecrutement.objects.get(pk=besoin.pk), auteur=request.user, **champs)
        messages.success(request, f"Besoin modifié ({len(changements)} champ(s))." if changements else "Rien n'a changé.")
        return redirect("recrutement:besoins", territoire=territoire.slug)
    return render(request, "recrutement/besoin_form.html", {"territoire": territoire, "form": form, "besoin": besoin},
                  status=400 if request.method == "POST" else 200)


@vue_territoire("equipe")
def offre_saisir(request):
    """A job offer entered by hand for a firm (one that does not publish through France Travail)."""
    territoire = request.territoire
    form = OffreForm(request.POST or None, organisations=_organisations_saisissables(request),
                     initial={"organisation": request.GET.get("organisation"), "nombre_postes": 1})
    if request.method == "POST" and form.is_valid():
        champs = {k: v for k, v in form.cleaned_data.items() if k != "organisation"}
        offre = actions.saisir_offre(territoire, auteur=request.user, organisation=form.cleaned_data["organisation"],
                                     **champs)
        messages.success(request, f"Offre enregistrée : {offre.intitule} ({offre.rome}).")
        return redirect(f"{reverse('recrutement:offres', kwargs={'territoire': territoire.slug})}?rome={offre.rome}")
    return render(request, "recrutement/offre_form.html", {"territoire": territoire, "form": form},
                  status=400 if request.method == "POST" else 200)


@require_POST
@vue_territoire("equipe")
def offre_clore(request, pk: int):
    offre = get_object_or_404(OffreEmploi.objects.filter(territoire=request.territoire, ouverte=True), pk=pk)
    actions.clore_offre(offre, auteur=request.user)
    messages.success(request, f"Offre close : {offre.intitule}.")
    return redirect("recrutement:offres", territoire=request.territoire.slug)


@vue_territoire("equipe")
def campus_modifier(request, pk: int):
    territoire = request.territoire
    campus = get_object_or_404(Campus.objects.filter(territoire=territoire), pk=pk)
    form = CampusForm(request.POST or None, instance=campus, territoire=territoire)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        changements = actions.modifier_campus(
            Campus.objects.get(pk=campus.pk), auteur=request.user, formations=list(d["formations"]),
            **{c: d[c] for c in actions.CHAMPS_CAMPUS})
        messages.success(request, "Campus modifié." if changements else "Rien n'a changé.")
        return redirect("recrutement:campus", territoire=territoire.slug, pk=campus.pk)
    return render(request, "recrutement/campus_form.html", {"territoire": territoire, "form": form, "campus": campus},
                  status=400 if request.method == "POST" else 200)


@vue_territoire("equipe", "pilotage")
def page_appariement(request):
    territoire = request.territoire
    rayon = _rayon(request)
    lignes = appariement(territoire, BesoinRecrutement.objects.du_territoire(territoire).ouverts(), rayon)
    return render(request, "recrutement/appariement.html", {
        "territoire": territoire, "lignes": lignes, "rayon": rayon,
        "individuels": a_un_role(request.user, territoire, "equipe"),
    })


@vue_territoire("equipe", "pilotage")
def page_ecart(request):
    territoire = request.territoire
    rayon = _rayon(request)
    return render(request, "recrutement/ecart.html", {"territoire": territoire, "rayon": rayon, **ecart(territoire, rayon)})


@vue_territoire("equipe", "pilotage")
def ecart_export(request, format: str):
    if format not in ("csv", "xlsx"):
        raise Http404("Format inconnu : csv ou xlsx.")
    territoire = request.territoire
    donnees = ecart(territoire, _rayon(request))
    entetes = ["Écart", "Code ROME", "Métier", "Postes demandés", "Formation", "Organisme", "Codes ROME de la formation",
               "Formation la plus proche (km)"]
    lignes = [["Besoin sans formation sur le territoire", ligne.rome, ligne.libelle, ligne.postes, "", "", "",
               min((f["distance_km"] for f in ligne.formations if f["distance_km"] is not None), default=None)]
              for ligne in donnees["besoins_sans_formation"]]
    lignes += [["Formation sans débouché déclaré", "", "", "", f["formation__intitule"], f["formation__organisme_nom"],
                ", ".join(f["codes"]), 0] for f in donnees["formations_sans_debouche"]]
    if format == "csv":
        return exports.reponse_csv("ecart-besoins-formations", entetes, lignes)
    return exports.reponse_xlsx("ecart-besoins-formations", entetes, lignes, titre="Écart")


@vue_territoire("equipe")
def classement(request):
    regles = RegleClassement.objects.filter(actif=True).select_related("filiere")
    par_critere = defaultdict(list)
    for r in regles:
        par_critere[r.get_critere_display()].append(r)
    return render(request, "recrutement/classement.html", {
        "territoire": request.territoire, "par_critere": dict(par_critere), "form": RegleForm(),
    })


@require_POST
@vue_territoire("equipe")
def regle_apercu(request):
    """Preview then save a rule: the first POST shows what would change, `confirmer` saves."""
    territoire = request.territoire
    instance = get_object_or_404(RegleClassement, pk=request.POST["pk"]) if request.POST.get("pk") else None
    form = RegleForm(request.POST, instance=instance)
    if not form.is_valid():
        return render(request, "recrutement/regle_apercu.html", {"territoire": territoire, "form": form, "changements": None})
    regle = form.save(commit=False)
    if request.POST.get("confirmer"):
        n = actions.enregistrer_regle(regle, auteur=request.user, territoire=territoire)
        messages.success(request, f"Règle enregistrée : {n} formation(s) reclassée(s).")
        return redirect("recrutement:classement", territoire=territoire.slug)
    proposee = Regle(regle.critere, regle.prefixe, regle.filiere_id, regle.filiere.libelle if regle.filiere_id else "",
                     regle.industriel)
    classeur = Classeur(regles_actives(sans=instance.pk if instance else None, avec=proposee), table_onisep())
    return render(request, "recrutement/regle_apercu.html", {
        "territoire": territoire, "form": form, "changements": apercu(territoire, classeur), "instance": instance,
    })


@require_POST
@vue_territoire("equipe")
def regle_desactiver(request, pk: int):
    regle = get_object_or_404(RegleClassement, pk=pk, actif=True)
    n = actions.supprimer_regle(regle, auteur=request.user, territoire=request.territoire)
    messages.success(request, f"Règle désactivée : {n} formation(s) reclassée(s).")
    return redirect("recrutement:classement", territoire=request.territoire.slug)


@require_POST
@vue_territoire("equipe", "entreprise")
def apparition(request, pk: int):
    """A firm's (or the team's, on its behalf) choice about the hiring-potential lists."""
    organisation = get_object_or_404(_organisations_saisissables(request), pk=pk)
    form = ApparitionForm(request.POST)
    if not form.is_valid():
        raise PermissionDenied("Choix inconnu.")
    actions.choisir_apparition(organisation, form.cleaned_data["choix"], auteur=request.user, territoire=request.territoire)
    messages.success(request, "Choix enregistré pour le potentiel d'embauche.")
    return redirect(organisation.url(request.territoire))
