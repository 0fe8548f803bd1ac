"""The Technopôle: its units, hosted firms, occupancy over time, the firms that left and where they went."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from territoire.comptes.vues import vue_territoire
from territoire.ui import graphiques

from .. import queries
from ..models import Cellule, DetenteurCompetences
from ..occupation import occupation, serie


@vue_territoire("equipe", "pilotage", "partenaire")
def technopole(request):
    territoire = request.territoire
    aujourdhui = timezone.localdate()
    technopoles = list(DetenteurCompetences.objects.filter(
        organisation__territoires=territoire, type=DetenteurCompetences.Type.TECHNOPOLE
    ).select_related("organisation").order_by("organisation__nom"))
    blocs = []
    for t in technopoles:
        cellules = list(Cellule.objects.filter(technopole=t).select_related("local").order_by("batiment", "nom"))
        hebergements = list(queries.hebergements_visibles(request.user, territoire).filter(technopole=t)
                            .select_related("entreprise", "destination_commune").prefetch_related("cellules")
                            .order_by("-debut", "pk"))
        points = serie(cellules, hebergements, aujourdhui)
        courbe = graphiques.courbes(
            f"occupation-{t.pk}", f"Occupation du {t.nom}",
            [("Surface occupée", [(p.jour, p.taux) for p in points if p.taux is not None])], unite="%",
            description="Part de la surface des cellules ouvertes occupée par une entreprise hébergée, au début de chaque trimestre.",
        ) if len(points) >= 2 else None
        blocs.append({
            "technopole": t, "cellules": cellules, "aujourdhui": occupation(cellules, hebergements, aujourdhui),
            "presentes": [h for h in hebergements if h.fin is None or h.fin > aujourdhui],
            "parties": [h for h in hebergements if h.fin is not None and h.fin <= aujourdhui],
            "points": points, "courbe": courbe,
        })
    return render(request, "innovation/technopole.html", {
        "territoire": territoire, "blocs": blocs,
        "fil": [("Innover avec le territoire", reverse("innovation:accueil", kwargs={"territoire": territoire.slug})),
                ("Technopôle", None)],
    })
