"""Public pages of one territory: where it stands among similar territories, and its perimeter
beside the territories that share its communes (the other phase of the programme)."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse

from territoire.comptes.vues import vue_territoire
from territoire.referentiel.territoires_industrie import liste as liste_ti

from .indicateurs import INDICATEURS, tableau
from .reperes import autres_perimetres, ecart, semblables, tableau_public

PUBLICS = [i for i in INDICATEURS if i.public]


@vue_territoire()
def situation(request):
    t = request.territoire
    phase = t.phase or liste_ti.PHASE_COURANTE
    lignes = tableau_public(phase)
    lui, groupes = semblables(t, lignes)
    if lui is None:  # a territory outside the lists (built from its EPCIs): its own figures only
        lui = tableau([t], pilotage=False)[0]
    return render(request, "pilotage/situation.html", {
        "territoire": t, "lui": lui, "groupes": groupes, "phase": phase, "dans_la_liste": bool(groupes),
        "fil": [("Où se situe le territoire", None)], "domaine": "territoire",
    })


@vue_territoire()
def perimetres(request):
    t = request.territoire
    autres = autres_perimetres(t)
    lignes = tableau([t, *autres], pilotage=False)
    lui, reste = lignes[0], lignes[1:]
    return render(request, "pilotage/perimetres.html", {
        "territoire": t, "lui": lui, "comparaisons": [(autre, ecart(lui, autre)) for autre in reste],
        "lignes": lignes, "indicateurs": PUBLICS,
        "fil": [("Où se situe le territoire", reverse("reperes:situation", kwargs={"territoire": t.slug})),
                ("Ses périmètres", None)],
        "domaine": "territoire",
    })
