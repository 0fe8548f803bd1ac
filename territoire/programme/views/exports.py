"""Downloads (fiche DOCX/PDF, plan XLSX, committee report, national reporting) and the plan import."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from territoire.comptes.models import Role
from territoire.comptes.vues import vue_territoire

from .. import forms
from ..exports import documents, tableur
from ..queries import programme_courant, voit_version_interne
from ._commun import fiche_visible

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"


def _telechargement(contenu: bytes, type_: str, nom: str) -> HttpResponse:
    reponse = HttpResponse(contenu, content_type=type_)
    reponse["Content-Disposition"] = f'attachment; filename="{nom}"'
    return reponse


def _nom(texte: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "-" for c in texte)[:80]


def _programme_ou_404(request):
    programme = programme_courant(request.territoire, request.GET.get("phase"))
    if programme is None:
        raise Http404("Aucune phase du programme sur ce territoire.")
    return programme


def _donnees_fiche(request, pk):
    f = fiche_visible(request, pk)
    interne = voit_version_interne(request.user, f)
    if not interne and not f.version_publiee:
        raise Http404("Cette fiche n'a pas de version publiée.")
    return f, documents.donnees_fiche(f, interne)


@vue_territoire()
def fiche_docx(request, pk: int):
    f, d = _donnees_fiche(request, pk)
    return _telechargement(
        documents.fiche_docx(d, request.territoire), DOCX, f"fiche-{_nom(f.numero)}.docx"
    )


@vue_territoire()
def fiche_pdf(request, pk: int):
    f, d = _donnees_fiche(request, pk)
    return _telechargement(
        documents.fiche_pdf(d, request.territoire), PDF, f"fiche-{_nom(f.numero)}.pdf"
    )


@vue_territoire(Role.EQUIPE, Role.PILOTAGE)
def plan_xlsx(request):
    programme = _programme_ou_404(request)
    return _telechargement(
        tableur.exporter_plan(programme), XLSX, f"plan-{_nom(programme.code)}.xlsx"
    )


@vue_territoire(Role.EQUIPE)
def plan_import(request):
    programme = programme_courant(request.territoire, request.GET.get("phase"))
    if programme is None:
        return render(request, "programme/import.html", {"territoire": request.territoire, "programme": None})
    form = forms.ImportPlanForm(request.POST or None, request.FILES or None)
    erreurs: list[str] = []
    statut = 200
    if request.method == "POST":
        statut = 400
        if form.is_valid():
            fichier = form.cleaned_data["fichier"]
            try:
                bilan = tableur.importer_plan(fichier.read(), programme, request.user, fichier.name)
            except tableur.ImportRefuse as exc:
                erreurs = exc.erreurs
            else:
                messages.success(
                    request,
                    f"Plan importé : {bilan.creees} fiche(s) créée(s), {bilan.modifiees} modifiée(s), "
                    f"{bilan.inchangees} inchangée(s), {bilan.statuts_changes} changement(s) de statut.",
                )
                return redirect("programme:plan", territoire=request.territoire.slug)
    return render(
        request,
        "programme/import.html",
        {
            "territoire": request.territoire,
            "programme": programme,
            "form": form,
            "erreurs": erreurs,
            "colonnes": tableur.ENTETES,
        },
        status=statut,
    )


def _periode(request):
    """The report's period from ?debut=&fin=; an empty or absent date takes its default (the
    last 180 days), so the dashboard's plain link (?phase=… only) opens the report at once."""
    aujourdhui = timezone.localdate()
    defauts = {"debut": (aujourdhui - dt.timedelta(days=180)).isoformat(), "fin": aujourdhui.isoformat()}
    donnees = {nom: request.GET.get(nom, "").strip() or valeur for nom, valeur in defauts.items()}
    form = forms.PeriodeForm(donnees)
    if form.is_valid():
        return form, form.cleaned_data["debut"], form.cleaned_data["fin"]
    return form, None, None


@vue_territoire(Role.EQUIPE, Role.PILOTAGE)
def rapport_comite(request):
    programme = programme_courant(request.territoire, request.GET.get("phase"))
    if programme is None:
        # The navigation leads here: say there is no phase yet rather than answer 404.
        return render(request, "programme/rapport_comite.html", {"territoire": request.territoire, "programme": None})
    form, debut, fin = _periode(request)
    contexte = {"territoire": request.territoire, "programme": programme, "form": form}
    if debut:
        contexte["r"] = documents.donnees_rapport(programme, debut, fin)
        contexte["requete"] = urlencode({"phase": programme.code, "debut": debut.isoformat(), "fin": fin.isoformat()})
    return render(
        request,
        "programme/rapport_comite.html",
        contexte,
        status=400 if not debut else 200,
    )


def _rapport(request, format_: str):
    programme = _programme_ou_404(request)
    form, debut, fin = _periode(request)
    if debut is None:
        messages.error(
            request,
            "Période invalide : " + " ".join(form.non_field_errors() or ["dates illisibles"]),
        )
        return redirect("programme:rapport_comite", territoire=request.territoire.slug)
    d = documents.donnees_rapport(programme, debut, fin)
    nom = f"rapport-comite-{_nom(programme.code)}-{debut:%Y%m%d}-{fin:%Y%m%d}"
    if format_ == "pdf":
        return _telechargement(documents.rapport_pdf(d, request.territoire), PDF, f"{nom}.pdf")
    return _telechargement(documents.rapport_docx(d, request.territoire), DOCX, f"{nom}.docx")


@vue_territoire(Role.EQUIPE, Role.PILOTAGE)
def rapport_pdf(request):
    return _rapport(request, "pdf")


@vue_territoire(Role.EQUIPE, Role.PILOTAGE)
def rapport_docx(request):
    return _rapport(request, "docx")


@vue_territoire(Role.EQUIPE, Role.PILOTAGE)
def reporting(request):
    programme = programme_courant(request.territoire, request.GET.get("phase"))
    if programme is None:
        return render(request, "programme/reporting.html", {"territoire": request.territoire, "programme": None})
    return render(
        request,
        "programme/reporting.html",
        {
            "territoire": request.territoire,
            "programme": programme,
            "t": tableur.tableau_national(programme),
        },
    )


@vue_territoire(Role.EQUIPE, Role.PILOTAGE)
def reporting_xlsx(request):
    programme = _programme_ou_404(request)
    nom = f"reporting-{_nom(request.territoire.id_ti or request.territoire.slug)}-{_nom(programme.code)}.xlsx"
    return _telechargement(tableur.exporter_tableau_national(programme), XLSX, nom)
