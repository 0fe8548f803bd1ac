"""The consultation's key figures (`territoire chiffres --json`, object `concertation`)."""

from __future__ import annotations

from collections import defaultdict
from types import SimpleNamespace

from django.db.models import Count, Q

from territoire.observatoire.chiffres_observatoire import memoriser_dans_une_part
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


def _hors_reseau(territoire) -> dict:
    """What the consultation's figures read of the consultation and the programme only: the
    counts of meetings and contributions, the findings and the fiches that answer them."""
    reunions = Reunion.objects.filter(consultation__territoire=territoire).aggregate(
        collectives=Count("pk", filter=Q(type=Reunion.Type.COLLECTIVE)),
        individuelles=Count("pk", filter=Q(type=Reunion.Type.INDIVIDUELLE)),
    )
    fiches: dict[int, list[str]] = defaultdict(list)
    for constat_id, numero in ReponseConstat.objects.filter(constat__consultation__territoire=territoire).values_list(
        "constat_id", "fiche__numero"
    ):
        fiches[constat_id].append(numero)
    return {
        "reunions_collectives": reunions["collectives"],
        "entretiens_individuels": reunions["individuelles"],
        "contributions": Contribution.objects.filter(reunion__consultation__territoire=territoire).count(),
        "constats": [
            (pk, titre, sorted(fiches[pk], key=_cle_numero))
            for pk, titre in Constat.objects.filter(consultation__territoire=territoire).values_list("pk", "titre")
        ],
    }


def chiffres_concertation(territoire) -> dict:
    # Kept apart on the consultation's and the programme's tokens: a desk filing renews the
    # network's, which only the support of the findings and the participating firms read.
    gardes = memoriser_dans_une_part(
        territoire, "concertation:hors-reseau", lambda: _hors_reseau(territoire), ("concertation", "programme")
    )
    constats = [SimpleNamespace(pk=pk, titre=titre, fiches=fiches) for pk, titre, fiches in gardes["constats"]]
    s = soutiens(constats)
    classes = sorted(constats, key=lambda c: (*s[c.pk].cle_de_rang, c.titre))
    return {
        "concertation": {
            "reunions_collectives": gardes["reunions_collectives"],
            "entretiens_individuels": gardes["entretiens_individuels"],
            "entreprises_participantes": entreprises_participantes(territoire).count(),
            "contributions": gardes["contributions"],
            "constats": [
                {
                    "titre": c.titre,
                    "entreprises": s[c.pk].entreprises,
                    "reunions": s[c.pk].reunions,
                    "fiches_actions": c.fiches,
                }
                for c in classes
            ],
        }
    }


def _cle_numero(numero: str) -> tuple:
    """Sort fiche numbers naturally: 2 before 10, 1.2 before 1.10."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in numero.split("."))
