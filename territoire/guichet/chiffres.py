"""The desk's key figures (`guichet` object of `territoire chiffres --json`)."""

from __future__ import annotations

from django.db.models import Count

from . import mesures
from .models import Demande
from .queries import nombre_de_trous_de_couverture


def chiffres_guichet(territoire) -> dict:
    demandes = Demande.objects.filter(territoire=territoire)
    # Counted in SQL (by status; by hour of filing and of taking in charge): a constant cost
    # whatever the number of requests, which grows with every filing of the desk.
    par_statut_qs = dict(demandes.order_by().values_list("statut").annotate(n=Count("pk")))
    m = mesures.mesurer_total(demandes)
    return {
        "guichet": {
            "demandes": sum(par_statut_qs.values()),
            "par_statut": {s.value: par_statut_qs.get(s.value, 0) for s in Demande.Statut},
            "prises_en_charge_5_jours": m.part_5_jours,
            "delai_median_cloture_jours": m.delai_median_cloture,
            "communes_sujets_non_couverts": nombre_de_trous_de_couverture(territoire),
        }
    }
