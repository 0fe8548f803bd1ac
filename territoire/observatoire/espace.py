"""The observatory's tile on the team's workspace (comptes' `tuiles_espace` hook): the firms of
this year's visit plan that are due (no visit recorded this year). One query."""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from .models import VisitePrevue

MONTREES = 5


def tuiles(request, role):
    from territoire.comptes.espace import Tuile
    from territoire.reseau.models import Interaction

    if role != "equipe":
        return []
    territoire = request.territoire
    annee = timezone.localdate().year
    visitee = Interaction.objects.filter(
        territoire=territoire, type="visite", date__year=annee, organisation_id=OuterRef("organisation_id"),
    )
    prevues = list(
        VisitePrevue.objects.filter(plan__territoire=territoire, plan__annee=annee)
        .annotate(visitee=Exists(visitee)).select_related("organisation").order_by("organisation__nom")
    )
    dues = [p for p in prevues if not p.visitee]
    return [Tuile(
        f"Visites d'entreprise à faire en {annee}", "observatoire/_tuile_visites.html",
        {"dues": dues[:MONTREES], "reste": max(len(dues) - MONTREES, 0), "prevues": len(prevues), "annee": annee},
        ordre=70, compte=len(dues),
        lien=reverse("observatoire:plan", kwargs={"territoire": territoire.slug}), lien_libelle="Plan de visites",
        aide="Entreprises choisies au plan de visites de l'année qui n'ont pas encore eu leur visite.",
    )]
