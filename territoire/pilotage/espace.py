"""Tile of the workspace (comptes' ``tuiles_espace`` hook): a steering member of a region or of
the country reaches the page of its territories side by side."""

from __future__ import annotations

from django.urls import reverse

from territoire.comptes.espace import Tuile

from .perimetres import perimetres_de


def tuiles(request, role):
    if role != "pilotage":
        return []
    mes = perimetres_de(request.user)
    if not mes:
        return []
    principal = mes[0]
    return [Tuile(
        "Vue régionale et nationale", "pilotage/_tuile_perimetres.html",
        {"perimetres": mes[:8], "reste": max(0, len(mes) - 8)}, ordre=15, compte=len(mes),
        lien=reverse("pilotage:perimetre", kwargs={"perimetre": principal.code}),
        lien_libelle=f"Les territoires : {principal.libelle}",
        aide="Les Territoires d'industrie de votre périmètre côte à côte, sur une carte et dans un tableau.",
    )]
