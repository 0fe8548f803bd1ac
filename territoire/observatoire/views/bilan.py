"""The yearly report: preview, PDF and DOCX (team and steering committee)."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from territoire.comptes.vues import vue_territoire

from .. import bilan as documents

LECTEURS = ("equipe", "pilotage")


def _annee(annee: int | None) -> int:
    courante = timezone.localdate().year
    annee = annee or courante
    if not 2019 <= annee <= courante:
        raise Http404("Pas de bilan pour cette année.")
    return annee


@vue_territoire(*LECTEURS)
def bilan(request, annee: int | None = None):
    territoire = request.territoire
    annee = _annee(annee or (int(request.GET["annee"]) if request.GET.get("annee", "").isdigit() else None))
    return render(request, "observatoire/bilan.html", {
        "territoire": territoire, "b": documents.donnees_bilan(territoire, annee), "annee": annee,
        "annees": list(range(timezone.localdate().year, 2018, -1)),
        "fil": [("Observatoire", reverse("observatoire:accueil", kwargs={"territoire": territoire.slug})),
                (f"Bilan {annee}", None)],
    })


def _fichier(contenu: bytes, type_mime: str, nom: str) -> HttpResponse:
    reponse = HttpResponse(contenu, content_type=type_mime)
    reponse["Content-Disposition"] = f'attachment; filename="{nom}"'
    return reponse


@vue_territoire(*LECTEURS)
def bilan_pdf(request, annee: int):
    territoire = request.territoire
    donnees = documents.donnees_bilan(territoire, _annee(annee))
    return _fichier(documents.bilan_pdf(donnees), "application/pdf", f"bilan-{territoire.slug}-{annee}.pdf")


@vue_territoire(*LECTEURS)
def bilan_docx(request, annee: int):
    territoire = request.territoire
    donnees = documents.donnees_bilan(territoire, _annee(annee))
    return _fichier(
        documents.bilan_docx(donnees),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        f"bilan-{territoire.slug}-{annee}.docx",
    )
