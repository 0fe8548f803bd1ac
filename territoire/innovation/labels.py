"""Labels (Vitrine Industrie du Futur…) of an organisation, modelled by the observatory
(`observatoire.LabelOrganisation`): shown on a firm's innovation section and its diagnostic."""

from __future__ import annotations

from django.apps import apps


def labels_de(organisation) -> list:
    """The organisation's labels, latest first (one query); none when the observatory has no labels."""
    try:
        modele = apps.get_model("observatoire", "LabelOrganisation")
    except LookupError:
        return []
    return list(modele.objects.filter(organisation=organisation).select_related("label").order_by("-date"))
