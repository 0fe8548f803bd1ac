"""The desk's key figures (`guichet` object of `territoire chiffres --json`)."""

from __future__ import annotations

from collections import Counter

from . import mesures
from .models import Demande
from .queries import nombre_de_trous_de_couverture


def chiffres_guichet(territoire) -> dict:
    demandes = Demande.objects.filter(territoire=territoire)
    # One read of the requests for both the counts by status and the delays.
    lignes = list(demandes.order_by().values_list("statut", "deposee_le", "prise_en_charge_le", "cloturee_le"))
    par_statut_qs = Counter(statut for statut, *_ in lignes)
    m = mesures.mesurer_total(demandes, lignes=[dates for _, *dates in lignes])
    return {
        "guichet": {
            "demandes": sum(par_statut_qs.values()),
            "par_statut": {s.value: par_statut_qs.get(s.value, 0) for s in Demande.Statut},
            "prises_en_charge_5_jours": m.part_5_jours,
            "delai_median_cloture_jours": m.delai_median_cloture,
            "communes_sujets_non_couverts": nombre_de_trous_de_couverture(territoire),
        }
    }
