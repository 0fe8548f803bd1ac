"""The network's key figures (`reseau` object of `territoire chiffres --json`)."""

from __future__ import annotations

from .models import Contact, Interaction, Organisation
from .queries import douze_mois_avant


def chiffres_reseau(territoire) -> dict:
    depuis = douze_mois_avant()
    return {
        "reseau": {
            "organisations": Organisation.objects.du_territoire(territoire).count(),
            "contacts": Contact.objects.filter(organisation__territoires=territoire).actifs().count(),
            "interactions_12_mois": Interaction.objects.filter(territoire=territoire, date__gte=depuis).count(),
            "entreprises_non_rencontrees_12_mois": Organisation.objects.non_rencontrees(territoire, depuis).count(),
        }
    }
