"""The team's pages: imports, needs, the match, the gap and its export, the classification."""

from __future__ import annotations

import tempfile
from collections import defaultdict
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from territoire.comptes.acces import a_un_role
from territoire.comptes.vues import vue_territoire
from territoire.reseau import exports

from .. import actions
from ..appariement import RAYON_DEFAUT_KM, appariement, ecart
from ..classement import Classeur, Regle, apercu, regles_actives, table_onisep
from ..forms import ApparitionForm, BesoinForm, ImportForm, RegleForm
from ..lheo.importation import importer_lheo
from ..models import BesoinRecrutement, ImportRecrutement, RegleClassement
from ..offres import importer_offres


def _rayon(request) -> float:
    try:
        return max(0.0, min(200.0, float(request.GET.get("rayon", RAYON_DEFAUT_KM))))
    except ValueError:
        return RAYON_DEFAUT_KM


@vue_territoire("equipe")
def importer(request):
    territoire = request.territoire
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        envoye = form.cleaned_data["fichier"]
        suffixe = ".xml" if form.cleaned_data["nature"] == "lheo" else ".json"
        with tempfile.TemporaryDirectory() as dossier:
            chemin = Path(dossier) / (Path(envoye.name).name or f"import{suffixe}")
            with open(chemin, "wb") as sortie:
                for morceau in envoye.chunks():
                    sortie.write(morceau)
            if form.cleaned_data["nature"] == "lheo":
                run = importer_lheo(territoire, chemin, auteur=request.user, rayon_km=RAYON_DEFAUT_KM,
                                    tout=form.cleaned_data["tout"])
            else:
                run = importer_offres(territoire, chemin, auteur=request.user, partiel=form.cleaned_data["partiel"])
        if run.statut == ImportRecrutement.Statut.REUSSI:
            messages.success(request, f"{run.source} importé : {run.crees} créés, {run.mis_a_jour} mis à jour, "
                                      f"{run.inchanges} inchangés, {run.archives} archivés ou clos, {run.en_erreur} en erreur.")
        else:
            messages.error(request, f"{run.source} refusé : {run.message}")
        return redirect("recrutement:import_detail", territoire=territoire.slug, pk=run.pk)
    return render(request, "recrutement/import.html", {
        "territoire": territoire, "form": form,
        "imports": ImportRecrutement.objects.filter(territoire=territoire)[:20],
    })


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
    return render(request, "recrutement/besoins.html", {
        "territoire": territoire, "besoins": visibles.order_by("statut", "-cree_le")[:200], "agregats": agregats,
        "peut_saisir": a_un_role(request.user, territoire, "equipe", "entreprise"),
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
