"""The investor pipeline's funnel: conversion by stage, time per stage, jobs won.

Pure functions on plain values (`calculer`); `entonnoir(territoire)` loads them in two queries.

- A project has *reached* a stage when it entered it or a later one of the ordered stages
  (contact → … → decision → won); a lost project reached the stages it went through.
- Conversion into a stage: projects that reached it / projects that reached the previous one.
- Time per stage: median days between entering a stage and leaving it (projects still at a
  stage are not counted: their time there is not over).
"""

from __future__ import annotations

import datetime as dt
from statistics import median

from .models.prospects import Etape

ORDONNEES = [e for e in Etape.values if e != Etape.PERDU]  # contact … decision, won


def calculer(prospects: list[dict], transitions: list[dict], aujourdhui: dt.date) -> dict:
    """`prospects`: pk, etape, emplois_prevus, gagne_le; `transitions`: prospect_id, de, vers, le
    (in time order)."""
    rang = {e: i for i, e in enumerate(ORDONNEES)}
    atteint: dict[int, int] = {}
    durees: dict[str, list[float]] = {e: [] for e in ORDONNEES}
    entree: dict[int, tuple[str, dt.datetime]] = {}
    for t in transitions:
        p = t["prospect_id"]
        if t["vers"] in rang:
            atteint[p] = max(atteint.get(p, -1), rang[t["vers"]])
        if p in entree:
            etape, depuis = entree[p]
            if etape in durees:
                durees[etape].append((t["le"] - depuis).total_seconds() / 86400)
        entree[p] = (t["vers"], t["le"])
    etapes = []
    precedent = None
    for e in ORDONNEES:
        n = sum(1 for p in prospects if atteint.get(p["pk"], rang.get(p["etape"], -1)) >= rang[e])
        conversion = None if precedent in (None, 0) else round(100 * n / precedent, 1)
        etapes.append({
            "etape": e, "libelle": Etape(e).label, "atteint": n, "conversion": conversion,
            "actuels": sum(1 for p in prospects if p["etape"] == e),
            "duree_mediane_jours": round(median(durees[e]), 1) if durees[e] else None,
        })
        precedent = n
    gagnes = [p for p in prospects if p["etape"] == Etape.GAGNE]
    un_an = aujourdhui - dt.timedelta(days=365)
    return {
        "etapes": etapes,
        "total": len(prospects),
        "actifs": sum(1 for p in prospects if p["etape"] not in (Etape.GAGNE, Etape.PERDU)),
        "perdus": sum(1 for p in prospects if p["etape"] == Etape.PERDU),
        "gagnes": len(gagnes),
        "emplois_gagnes": sum(p["emplois_prevus"] or 0 for p in gagnes),
        "gagnes_12_mois": sum(1 for p in gagnes if p["gagne_le"] and p["gagne_le"] >= un_an),
        "taux_gagnes": round(100 * len(gagnes) / len(prospects), 1) if prospects else None,
    }


def entonnoir(prospects_qs, aujourdhui: dt.date | None = None) -> dict:
    from django.utils import timezone

    from .models import TransitionProspect

    prospects = list(prospects_qs.values("pk", "etape", "emplois_prevus", "gagne_le"))
    transitions = list(TransitionProspect.objects.filter(prospect_id__in=[p["pk"] for p in prospects])
                       .order_by("prospect_id", "le", "pk").values("prospect_id", "de", "vers", "le"))
    return calculer(prospects, transitions, aujourdhui or timezone.localdate())
