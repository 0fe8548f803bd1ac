"""Attirer's key figures (`attractivite` object of `territoire chiffres --json`; docs/attractivite.md)."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Sum
from django.utils import timezone

from . import inventaire
from .models import Friche, Local, Prospect, SiteEconomique, TerrainEconomique, TypePhase
from .models.friches import SANS_PHASE
from .models.prospects import Etape


def chiffres_attractivite(territoire) -> dict:
    terrains = list(TerrainEconomique.objects.filter(site__territoire=territoire).values(*inventaire.CHAMPS_TERRAIN))
    disponibles = vacants = classes = 0
    surface = 0.0
    for t in terrains:
        etat = inventaire.etat_terrain(t)
        if not etat["compte"]:
            continue
        if etat["vacant"] is not None:
            classes += 1
            vacants += etat["vacant"]
        if etat["disponible"]:
            disponibles += 1
            surface += t["terr_surf_brute"] or 0
    friches = {code: 0 for code in (*TypePhase.values, SANS_PHASE)}
    for f in Friche.objects.filter(territoire=territoire).prefetch_related("phases"):
        friches[f.code_phase()] += 1
    il_y_a_un_an = timezone.localdate() - timedelta(days=365)
    prospects = Prospect.objects.filter(territoire=territoire)
    gagnes = prospects.filter(etape=Etape.GAGNE, gagne_le__gte=il_y_a_un_an)
    return {
        "attractivite": {
            "sites": SiteEconomique.objects.filter(territoire=territoire).count(),
            "surface_disponible_ha": round(surface, 2),
            "terrains_disponibles": disponibles,
            "taux_vacance": round(100 * vacants / classes, 1) if classes else None,
            "locaux_disponibles": Local.objects.filter(territoire=territoire, statut=Local.Statut.DISPONIBLE).count(),
            "friches": friches,
            "prospects_actifs": prospects.actifs().count(),
            "prospects_gagnes_12_mois": gagnes.count(),
            "emplois_prevus_gagnes": gagnes.aggregate(n=Sum("emplois_prevus"))["n"] or 0,
        }
    }
