"""The observatory's key figures: the ``observatoire`` object of ``territoire chiffres --json``.

Keys (defined in docs/observatoire.md):

- ``series_depuis``: first month of the monthly series (``AAAA-MM``), or null;
- ``points``: number of months that have a point (reconstitution or import);
- ``emplois_2019``: industrial jobs {bas, central, haut} in January 2019 (the reconstitution,
  else the first import point of 2019), or null;
- ``emplois_maintenant``: the latest point {bas, central, haut} (the latest import's point when it
  is the latest month), or null;
- ``evenements``: confirmed events; ``evenements_proposes``: events waiting for the team;
- ``signaux``: firms with at least one signal on the watch list;
- ``visites_12_mois``: firm visits (interactions of type visit) of the last twelve months;
- ``part_emplois_centre_decision_exterieur``: share (0 to 1) of the industrial jobs followed,
  central estimate, whose legal unit's head office is outside the territory, or null.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q

from . import centres, series, veille
from .cache import memoriser
from .models import Evenement


def _emplois(point: dict | None) -> dict | None:
    return dict(point["emplois"]) if point else None


def chiffres_observatoire(territoire) -> dict:
    from territoire.reseau.models import Interaction
    from territoire.reseau.queries import douze_mois_avant

    s = series.series_du_territoire(territoire)
    reconstitution, releve = s["reconstitution"], s["releve"]
    mois = sorted({p["mois"] for p in reconstitution} | {p["mois"] for p in releve})
    janvier = dt.date(2019, 1, 1)
    en_2019 = series.point_au(reconstitution, janvier) or next(
        (p for p in releve if p["mois"].year == 2019), None
    )
    dernier = None
    if releve and (not reconstitution or releve[-1]["mois"] >= reconstitution[-1]["mois"]):
        dernier = releve[-1]
    elif reconstitution:
        dernier = reconstitution[-1]
    comptes = Evenement.objects.filter(territoire=territoire).aggregate(
        confirmes=Count("id", filter=Q(statut=Evenement.Statut.CONFIRME)),
        proposes=Count("id", filter=Q(statut=Evenement.Statut.PROPOSE)),
    )
    return {
        "observatoire": {
            "series_depuis": mois[0].strftime("%Y-%m") if mois else None,
            "points": len(mois),
            "emplois_2019": _emplois(en_2019),
            "emplois_maintenant": _emplois(dernier),
            "evenements": comptes["confirmes"],
            "evenements_proposes": comptes["proposes"],
            "signaux": veille.nombre_entreprises_signalees(territoire),
            "visites_12_mois": Interaction.objects.filter(
                territoire=territoire, type="visite", date__gte=douze_mois_avant()
            ).count(),
            # Kept on its own (census and decision centres): a desk filing renews the network's
            # tokens, which the visits and the watch list read, not this join of the census. The
            # watch list's big firms (`veille.grandes_entreprises`) are kept the same way.
            "part_emplois_centre_decision_exterieur": memoriser(
                territoire, "observatoire:part-exterieure", lambda: centres.part_exterieure(territoire)["total"]
            ),
        }
    }
