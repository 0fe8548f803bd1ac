"""The network's key figures (`reseau` object of `territoire chiffres --json`)."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q

from .models import Contact, Interaction, Organisation
from .queries import _rencontres, douze_mois_avant


def chiffres_reseau(territoire) -> dict:
    depuis = douze_mois_avant()
    # The organisations and the firms nobody met (`Organisation.objects.non_rencontrees`) in one
    # read of the territory's organisations.
    recentes = _rencontres(territoire).filter(organisation=OuterRef("pk"), date__gte=depuis)
    organisations = Organisation.objects.du_territoire(territoire).aggregate(
        toutes=Count("pk"),
        non_rencontrees=Count("pk", filter=Q(type="entreprise") & ~Q(Exists(recentes))),
    )
    return {
        "reseau": {
            "organisations": organisations["toutes"],
            "contacts": Contact.objects.filter(organisation__territoires=territoire).actifs().count(),
            "interactions_12_mois": Interaction.objects.filter(territoire=territoire, date__gte=depuis).count(),
            "entreprises_non_rencontrees_12_mois": organisations["non_rencontrees"],
        }
    }
