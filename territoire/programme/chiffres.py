"""The programme's part of `territoire chiffres --json`: the `programme` object.

Counts and money of the current phase (the active one, else the latest), computed from
rows. Amounts are euros; `taux_couverture` is (agreed + paid co-financing) / planned cost,
a ratio (0.62 = 62 %), null when no cost is planned.
"""

from __future__ import annotations

from collections import Counter

from django.utils import timezone

from .models import Seance
from .queries import programme_courant
from .tableau import argent_du_plan, charger_fiches


def _euros(montant) -> float:
    return round(float(montant), 2)


def chiffres_programme(territoire) -> dict:
    aujourdhui = timezone.localdate()
    programme = programme_courant(territoire)
    fiches = charger_fiches(programme) if programme is not None else []
    par_axe: Counter = Counter()
    par_statut: Counter = Counter()
    for f in fiches:
        axes = list(f.axes.all())
        for axe in axes:
            par_axe[axe.libelle] += 1
        if not axes:
            par_axe["Sans axe"] += 1
        par_statut[f.statut.libelle if f.statut_id else "Sans statut"] += 1
    argent = argent_du_plan(fiches)
    cout = argent["cout"]
    acquis = argent["etapes"]["accorde"] + argent["etapes"]["verse"]
    derniere = (
        Seance.objects.filter(instance__territoire=territoire, date__lte=aujourdhui)
        .order_by("-date")
        .values_list("date", flat=True)
        .first()
    )
    return {
        "programme": {
            "phase": programme.code if programme else None,
            "fiches_actions": len(fiches),
            "par_axe": dict(par_axe.most_common()),
            "par_statut": dict(par_statut.most_common()),
            "en_retard": sum(1 for f in fiches if f.raisons_retard(aujourdhui)),
            "cout_total": _euros(cout) if cout is not None else 0.0,
            "financements": {etape: _euros(m) for etape, m in argent["etapes"].items()},
            "taux_couverture": round(float(acquis / cout), 4) if cout else None,
            "derniere_seance": derniere.isoformat() if derniere else None,
        }
    }
