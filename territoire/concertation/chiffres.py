"""The consultation's key figures (`territoire chiffres --json`, object `concertation`)."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Q

from territoire.reseau.models import Organisation

from .models import Constat, Contribution, Participation, ReponseConstat, Reunion
from .queries import soutiens


def entreprises_participantes(territoire):
    """Organisations with a SIRET that took part (present) in a meeting or contributed."""
    presentes = Participation.objects.filter(
        reunion__consultation__territoire=territoire, presence=Participation.Presence.PRESENT
    ).values("organisation_id")
    contributrices = Contribution.objects.filter(reunion__consultation__territoire=territoire).values(
        "organisation_id"
    )
    return Organisation.objects.exclude(siret="").filter(Q(pk__in=presentes) | Q(pk__in=contributrices))


def chiffres_concertation(territoire) -> dict:
    reunions = Reunion.objects.filter(consultation__territoire=territoire).aggregate(
        collectives=Count("pk", filter=Q(type=Reunion.Type.COLLECTIVE)),
        individuelles=Count("pk", filter=Q(type=Reunion.Type.INDIVIDUELLE)),
    )
    constats = list(Constat.objects.filter(consultation__territoire=territoire).only("pk", "titre"))
    fiches: dict[int, list[str]] = defaultdict(list)
    for constat_id, numero in ReponseConstat.objects.filter(constat__consultation__territoire=territoire).values_list(
        "constat_id", "fiche__numero"
    ):
        fiches[constat_id].append(numero)
    s = soutiens(constats)
    classes = sorted(constats, key=lambda c: (*s[c.pk].cle_de_rang, c.titre))
    return {
        "concertation": {
            "reunions_collectives": reunions["collectives"],
            "entretiens_individuels": reunions["individuelles"],
            "entreprises_participantes": entreprises_participantes(territoire).count(),
            "contributions": Contribution.objects.filter(reunion__consultation__territoire=territoire).count(),
            "constats": [
                {
                    "titre": c.titre,
                    "entreprises": s[c.pk].entreprises,
                    "reunions": s[c.pk].reunions,
                    "fiches_actions": sorted(fiches[c.pk], key=_cle_numero),
                }
                for c in classes
            ],
        }
    }


def _cle_numero(numero: str) -> tuple:
    """Sort fiche numbers naturally: 2 before 10, 1.2 before 1.10."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in numero.split("."))
