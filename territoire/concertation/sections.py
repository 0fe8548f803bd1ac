"""The consultation's section of a firm's page (see territoire.reseau.sections): the meetings it
attended, what it said (with themes) and the findings its words support.

Visibility follows the consultation's own doors (queries.reunions_visibles, contributions_visibles):
individual interviews and confidential contributions for the team only, a firm's user sees its
own. Four queries whatever the number of meetings and contributions.
"""

from __future__ import annotations

from django.db.models import Prefetch

from territoire.reseau.sections import Section

from . import queries
from .models import Constat, Participation


def section_concertation(request, organisation) -> Section | None:
    territoire = request.territoire
    user = request.user
    participations = (
        Participation.objects.filter(
            organisation=organisation, reunion__in=queries.reunions_visibles(user, territoire)
        )
        .select_related("reunion__consultation", "contact")
        .order_by("-reunion__date", "reunion_id", "pk")
    )
    contributions = (
        queries.contributions_visibles(user, territoire)
        .filter(organisation=organisation)
        .select_related("reunion")
        .prefetch_related("themes", Prefetch("constats", queryset=Constat.objects.order_by("titre")))
        .order_by("-reunion__date", "-pk")
    )
    return Section(
        titre="Concertation", gabarit="concertation/_section_organisation.html", ordre=20, ancre="concertation",
        contexte={"participations": participations, "contributions": contributions},
    )
