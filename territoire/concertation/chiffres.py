"""The consultation's key figures (`territoire chiffres --json`, object `concertation`)."""

from __future__ import annotations

from django.db.models import Q

from territoire.reseau.models import Organisation

from .models import Constat, Contribution, Participation, Reunion
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
    reunions = Reunion.objects.filter(consultation__territoire=territoire)
    constats = list(Constat.objects.filter(consultation__territoire=territoire).prefetch_related("reponses__fiche"))
    s = soutiens(constats)
    classes = sorted(constats, key=lambda c: (*s[c.pk].cle_de_rang, c.titre))
    return {
        "concertation": {
            "reunions_collectives": reunions.filter(type=Reunion.Type.COLLECTIVE).count(),
            "entretiens_individuels": reunions.filter(type=Reunion.Type.INDIVIDUELLE).count(),
            "entreprises_participantes": entreprises_participantes(territoire).count(),
            "contributions": Contribution.objects.filter(reunion__consultation__territoire=territoire).count(),
            "constats": [
                {
                    "titre": c.titre,
                    "entreprises": s[c.pk].entreprises,
                    "reunions": s[c.pk].reunions,
                    "fiches_actions": sorted((r.fiche.numero for r in c.reponses.all()), key=_cle_numero),
                }
                for c in classes
            ],
        }
    }


def _cle_numero(numero: str) -> tuple:
    """Sort fiche numbers naturally: 2 before 10, 1.2 before 1.10."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in numero.split("."))
