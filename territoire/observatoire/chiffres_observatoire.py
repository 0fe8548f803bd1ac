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

from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import Count, Q

from . import centres, series, veille
from .cache import Etat, etat_de_la_page_en_cours, memoriser
from .models import Evenement


def _emplois(point: dict | None) -> dict | None:
    return dict(point["emplois"]) if point else None


def memoriser_dans_une_part(territoire, cle: str, calculer: Callable[[], Any], domaines: Iterable[str],
                            etat: Etat | None = None) -> Any:
    """`memoriser(territoire, cle, calculer)` inside an app's part of the key figures, for a value
    that reads only `domaines`; computed in place while one of them has no token row yet (a new
    database): the nested value would create the row under its own tokens, which the part's then
    fail to match, and the part would not be kept."""
    etat = etat or etat_de_la_page_en_cours(territoire) or Etat.lire(territoire)
    if etat is None or etat.instantane(domaines) is None:
        return calculer()
    return memoriser(territoire, cle, calculer, etat=etat)


def _hors_reseau(territoire, etat: Etat | None) -> dict:
    """What the observatory's part reads neither of the network nor of the desk: kept on the
    observatory's and the census's tokens (a desk filing does not recompute it)."""
    comptes = Evenement.objects.filter(territoire=territoire).aggregate(
        confirmes=Count("id", filter=Q(statut=Evenement.Statut.CONFIRME)),
        proposes=Count("id", filter=Q(statut=Evenement.Statut.PROPOSE)),
    )
    return {
        "evenements": comptes["confirmes"],
        "evenements_proposes": comptes["proposes"],
        # Also kept on its own (census and decision centres).
        "part_exterieure": memoriser(
            territoire, "observatoire:part-exterieure", lambda: centres.part_exterieure(territoire)["total"], etat=etat
        ),
    }


def chiffres_observatoire(territoire) -> dict:
    from territoire.reseau.models import Interaction
    from territoire.reseau.queries import douze_mois_avant

    # This part reads the series and the signals, which count as depending on every domain
    # (journals written in bulk, cache.MODELES_IGNORES): it is recomputed after every write; what
    # it can keep apart is kept on its own tokens, read once here for all of them (or those of
    # the public page being computed, as `memoriser` would).
    etat = etat_de_la_page_en_cours(territoire) or Etat.lire(territoire)
    r = series.reperes(territoire)
    mois = r["mois"]
    gardes = memoriser(territoire, "observatoire:hors-reseau", lambda: _hors_reseau(territoire, etat), etat=etat)
    return {
        "observatoire": {
            "series_depuis": mois[0].strftime("%Y-%m") if mois else None,
            "points": len(mois),
            "emplois_2019": _emplois(r["janvier_2019"]),
            "emplois_maintenant": _emplois(r["dernier"]),
            "evenements": gardes["evenements"],
            "evenements_proposes": gardes["evenements_proposes"],
            "signaux": veille.nombre_entreprises_signalees(territoire, etat=etat),
            "visites_12_mois": Interaction.objects.filter(
                territoire=territoire, type="visite", date__gte=douze_mois_avant()
            ).count(),
            "part_emplois_centre_decision_exterieur": gardes["part_exterieure"],
        }
    }
