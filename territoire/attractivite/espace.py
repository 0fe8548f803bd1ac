"""Attirer's tiles on the members' workspace (comptes' `tuiles_espace` hook): the inventory's
six-year deadline and the projects being followed."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from . import inventaire
from .models import Inventaire, Prospect


def tuiles(request, role):
    from territoire.comptes.espace import Tuile

    if role not in ("equipe", "pilotage"):
        return []
    territoire = request.territoire
    dernier = Inventaire.objects.filter(territoire=territoire).order_by("-date", "-pk").first()
    echeance = inventaire.echeance(dernier.date if dernier else None, timezone.localdate())
    resultat = [Tuile(
        "Inventaire des zones d'activité", "attractivite/_tuile_inventaire.html",
        {"dernier": dernier, "echeance": echeance}, ordre=80, alerte=echeance["depassee"],
        lien=reverse("attractivite:inventaires", kwargs={"territoire": territoire.slug}), lien_libelle="Voir l'inventaire",
        aide="L'inventaire légal (code de l'urbanisme, art. L. 318-8-2) est mis à jour au moins tous les six ans.",
    )]
    projets = Prospect.objects.for_user(request.user, territoire).actifs()
    resultat.append(Tuile(
        "Projets d'implantation en cours", "attractivite/_tuile_projets.html",
        {"projets": list(projets.order_by("-etape_depuis", "-pk")[:5])}, ordre=85, compte=projets.count(),
        lien=reverse("attractivite:prospects", kwargs={"territoire": territoire.slug}), lien_libelle="Tous les projets",
        aide="Investisseurs qui cherchent un site, sous leur nom de code.",
    ))
    return resultat
