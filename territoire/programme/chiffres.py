"""The programme's part of `territoire chiffres --json`: the `programme` object.

Counts and money of the current phase (the active one, else the latest), computed from
rows. Amounts are euros; `taux_couverture` is (agreed + paid co-financing) / planned cost,
a ratio (0.62 = 62 %), null when no cost is planned.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from django.utils import timezone

from .models import FicheAction, Seance
from .queries import programme_courant
from .tableau import cle_tri_numero


def _euros(montant) -> float:
    return round(float(montant), 2)


def _fiches(programme) -> list[FicheAction]:
    """The phase's fiches with what the figures read (status, axes, milestones, money), in the
    dashboard's order; nothing of the network (pilots, partners, financers' names): a desk filing
    or a new contact does not recompute the programme's part."""
    qs = FicheAction.objects.filter(programme=programme).select_related("statut").prefetch_related(
        "axes", "jalons", "lignes_budget", "cofinancements"
    )
    return sorted(qs, key=lambda f: cle_tri_numero(f.numero))


def _argent(fiches) -> dict:
    """The planned cost and the co-financing by step: `tableau.argent_du_plan`'s sums."""
    cout, a_un_cout = Decimal(0), False
    etapes = {"demande": Decimal(0), "accorde": Decimal(0), "verse": Decimal(0)}
    for f in fiches:
        prevu = f.argent()["prevu"]
        if prevu is not None:
            cout += prevu
            a_un_cout = True
        for c in f.cofinancements.all():
            etapes[c.etape] += c.montant
    return {"cout": cout if a_un_cout else None, "etapes": etapes}


def chiffres_programme(territoire) -> dict:
    aujourdhui = timezone.localdate()
    programme = programme_courant(territoire)
    fiches = _fiches(programme) if programme is not None else []
    par_axe: Counter = Counter()
    par_statut: Counter = Counter()
    for f in fiches:
        axes = list(f.axes.all())
        for axe in axes:
            par_axe[axe.libelle] += 1
        if not axes:
            par_axe["Sans axe"] += 1
        par_statut[f.statut.libelle if f.statut_id else "Sans statut"] += 1
    argent = _argent(fiches)
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
