"""The plan's dashboard, computed from rows in a constant number of queries.

Used by the dashboard page, the committee report, the national reporting table and
`territoire chiffres`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import Prefetch

from . import derive
from .models import FicheAction, Indicateur, StatutFiche, ValeurIndicateur
from .queries import fiches_detaillees

HORIZON_JALONS = 90  # days: "upcoming milestones"


def charger_fiches(programme, qs=None) -> list[FicheAction]:
    """The fiches of a phase with what derived values read; `avancement_calcule` set on each."""
    qs = qs if qs is not None else FicheAction.objects.filter(programme=programme)
    fiches = sorted(fiches_detaillees(qs), key=lambda f: cle_tri_numero(f.numero))
    # The whole tree's progress in one query, so parents are right even for a subset.
    noeuds = [
        derive.Noeud(*ligne)
        for ligne in FicheAction.objects.filter(programme=programme).values_list(
            "id", "parent_id", "avancement", "poids", "methode_avancement"
        )
    ]
    avancements = derive.calculer_avancements(noeuds)
    for f in fiches:
        f.avancement_calcule = avancements.get(f.pk)
    return fiches


def cle_tri_numero(numero: str):
    """Sort 1.10 after 1.9: numeric parts as numbers."""
    return [
        (0, int(p), "") if p.isdigit() else (1, 0, p) for p in numero.replace("-", ".").split(".")
    ]


def indicateurs_avec_valeurs(programme, valeurs_qs=None) -> list[Indicateur]:
    valeurs_qs = valeurs_qs if valeurs_qs is not None else ValeurIndicateur.objects.all()
    return list(
        Indicateur.objects.filter(programme=programme)
        .select_related("fiche")
        .prefetch_related(Prefetch("valeurs", queryset=valeurs_qs.order_by("date", "type")))
    )


def progression_indicateur(ind: Indicateur) -> dict:
    """Latest target, latest actual, and the share of the target reached (None if unknown)."""
    cibles = [v for v in ind.valeurs.all() if v.type == ValeurIndicateur.Type.CIBLE]
    realises = [v for v in ind.valeurs.all() if v.type == ValeurIndicateur.Type.REALISE]
    cible = cibles[-1] if cibles else None
    realise = realises[-1] if realises else None
    taux = None
    if cible is not None and realise is not None:
        if ind.direction == Indicateur.Direction.HAUSSE and cible.valeur:
            taux = (Decimal(100) * realise.valeur / cible.valeur).quantize(Decimal("1"))
        elif ind.direction == Indicateur.Direction.BAISSE and realise.valeur:
            taux = (Decimal(100) * cible.valeur / realise.valeur).quantize(Decimal("1"))
    return {"indicateur": ind, "cible": cible, "realise": realise, "taux": taux}


def matrice_axes_statuts(fiches, axes, statuts) -> dict:
    """Count of fiches per axis × status; a fiche on two axes counts on each."""
    lignes = []
    colonnes = list(statuts) + [None]

    def compte(sous_ensemble):
        par_statut = defaultdict(int)
        for f in sous_ensemble:
            par_statut[f.statut_id] += 1
        return [par_statut.get(s.pk if s else None, 0) for s in colonnes]

    for axe in axes:
        sur_axe = [f for f in fiches if any(a.pk == axe.pk for a in f.axes.all())]
        lignes.append({"axe": axe.libelle, "comptes": compte(sur_axe), "total": len(sur_axe)})
    sans_axe = [f for f in fiches if not f.axes.all()]
    if sans_axe:
        lignes.append({"axe": "Sans axe", "comptes": compte(sans_axe), "total": len(sans_axe)})
    return {
        "colonnes": [s.libelle if s else "Sans statut" for s in colonnes],
        "lignes": lignes,
        "totaux": compte(fiches),
        "total": len(fiches),
    }


def argent_du_plan(fiches) -> dict:
    par_financeur: dict[str, dict] = {}
    cout = Decimal(0)
    a_un_cout = False
    etapes = {"demande": Decimal(0), "accorde": Decimal(0), "verse": Decimal(0)}
    non_couvertes = []
    illustratif = False
    for f in fiches:
        a = f.argent()
        if a["prevu"] is not None:
            cout += a["prevu"]
            a_un_cout = True
        for c in f.cofinancements.all():
            ligne = par_financeur.setdefault(
                c.financeur.nom, {"demande": Decimal(0), "accorde": Decimal(0), "verse": Decimal(0)}
            )
            ligne[c.etape] += c.montant
            etapes[c.etape] += c.montant
            illustratif = illustratif or c.illustratif
        illustratif = illustratif or any(lb.illustratif for lb in f.lignes_budget.all())
        couv = a["couverture"]
        if couv["couvert"] is False:
            non_couvertes.append({"fiche": f, "couverture": couv})
    for ligne in par_financeur.values():
        ligne["total"] = ligne["demande"] + ligne["accorde"] + ligne["verse"]
    return {
        "par_financeur": sorted(par_financeur.items(), key=lambda kv: -kv[1]["total"]),
        "etapes": etapes,
        "cout": cout if a_un_cout else None,
        "couverture": derive.couverture(
            cout if a_un_cout else None, etapes["accorde"] + etapes["verse"]
        ),
        "non_couvertes": non_couvertes,
        "illustratif": illustratif,
    }


def tableau_de_bord(programme, aujourdhui: dt.date) -> dict:
    fiches = charger_fiches(programme)
    statuts = list(StatutFiche.objects.filter(territoire_id=programme.territoire_id))
    axes = list(programme.axes.all())
    en_retard = [{"fiche": f, "raisons": r} for f in fiches if (r := f.raisons_retard(aujourdhui))]
    horizon = aujourdhui + dt.timedelta(days=HORIZON_JALONS)
    jalons = sorted(
        (
            (j, f)
            for f in fiches
            for j in f.jalons.all()
            if not j.fait and aujourdhui <= j.date_prevue <= horizon
        ),
        key=lambda jf: (jf[0].date_prevue, jf[1].numero),
    )
    incompletes = [
        {"fiche": f, "completude": c} for f in fiches if not (c := f.completude())["complete"]
    ]
    return {
        "programme": programme,
        "fiches": fiches,
        "matrice": matrice_axes_statuts(fiches, axes, statuts),
        "en_retard": en_retard,
        "jalons": [{"jalon": j, "fiche": f} for j, f in jalons],
        "horizon": HORIZON_JALONS,
        "argent": argent_du_plan(fiches),
        "indicateurs": [progression_indicateur(i) for i in indicateurs_avec_valeurs(programme)],
        "incompletes": incompletes,
        "aujourdhui": aujourdhui,
    }
