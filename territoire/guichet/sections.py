"""The desk's section of a firm's page (see territoire.reseau.sections)."""

from __future__ import annotations

from territoire.comptes.acces import a_un_role
from territoire.reseau.sections import Section

from .models import Demande


def section_demandes(request, organisation) -> Section | None:
    territoire = request.territoire
    demandes = Demande.objects.for_user(request.user, territoire).filter(organisation=organisation).select_related("sujet")
    return Section(
        titre="Demandes au guichet", gabarit="guichet/_section_demandes.html", ordre=10, ancre="demandes",
        contexte={
            "demandes": demandes,
            "peut_deposer": a_un_role(request.user, territoire, "equipe", "entreprise"),
        },
    )
