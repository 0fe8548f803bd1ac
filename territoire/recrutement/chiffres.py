"""The `recrutement` object of `territoire chiffres --json` (definitions in docs/recrutement.md)."""

from __future__ import annotations

from django.db.models import Sum
from django.utils import timezone

from .models import BesoinRecrutement, Formation, FormationRome, OffreEmploi, SessionFormation


def romes_formes_sur_le_territoire(territoire) -> set[str]:
    """ROME codes that at least one active training given on the territory leads to."""
    return set(
        FormationRome.objects.filter(formation__territoire=territoire, formation__archivee_le__isnull=True,
                                     formation__actions__distance_km=0)
        .values_list("rome", flat=True).distinct()
    )


def besoins_sans_formation(territoire) -> set[str]:
    besoins = set(BesoinRecrutement.objects.du_territoire(territoire).ouverts().values_list("rome", flat=True).distinct())
    return besoins - romes_formes_sur_le_territoire(territoire)


def chiffres_recrutement(territoire) -> dict:
    formations = Formation.objects.du_territoire(territoire).actives()
    besoins = BesoinRecrutement.objects.du_territoire(territoire).ouverts()
    return {
        "recrutement": {
            "formations": formations.count(),
            "formations_industrielles": formations.industrielles().count(),
            "sessions_a_venir": SessionFormation.objects.filter(
                action__formation__in=formations, debut__gte=timezone.localdate()).count(),
            "besoins": besoins.count(),
            "postes": besoins.aggregate(n=Sum("nombre"))["n"] or 0,
            "offres": OffreEmploi.objects.du_territoire(territoire).ouvertes().count(),
            "besoins_sans_formation": len(besoins_sans_formation(territoire)),
            "organismes": formations.exclude(organisme=None).values("organisme").distinct().count(),
        }
    }
