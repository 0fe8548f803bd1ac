"""The observatory's section of a firm's page (see territoire.reseau.sections): its labels, its
decision centre, the events that concern it, its visits with the survey, and — for the team
only — its watch-list signals (the firm never sees its own score). A constant number of queries."""

from __future__ import annotations

from territoire.comptes.acces import a_un_role
from territoire.reseau.sections import Section

from .models import CentreDecision, Evenement, LabelOrganisation, ReponseVisite, Signal


def section_observatoire(request, organisation) -> Section | None:
    territoire = request.territoire
    equipe = a_un_role(request.user, territoire, "equipe")
    interne = equipe or a_un_role(request.user, territoire, "pilotage", "partenaire")
    evenements = Evenement.objects.filter(territoire=territoire, organisation=organisation)
    if not equipe:
        evenements = evenements.filter(statut=Evenement.Statut.CONFIRME)
        if not interne:
            evenements = evenements.filter(visibilite=Evenement.Visibilite.PUBLIC)
    else:
        evenements = evenements.exclude(statut=Evenement.Statut.ECARTE)
    siren = organisation.unite_legale.siren if organisation.unite_legale_id else ""
    contexte = {
        "labels": list(LabelOrganisation.objects.filter(organisation=organisation).select_related("label")),
        "evenements": list(evenements.order_by("-date")[:20]),
        "centre": CentreDecision.objects.filter(unite_legale_id=organisation.unite_legale_id).select_related(
            "unite_legale").first()
        if organisation.unite_legale_id and interne else None,
        "equipe": equipe,
        "organisation_id": organisation.pk,
        "signaux": list(Signal.objects.filter(territoire=territoire, siren=siren).select_related("regle")[:20])
        if equipe and siren else [],
        "visites": list(ReponseVisite.objects.filter(interaction__organisation=organisation,
                                                     interaction__territoire=territoire)
                        .select_related("interaction").order_by("-interaction__date")[:10]) if equipe else [],
    }
    if not any((contexte["labels"], contexte["evenements"], contexte["centre"], equipe)):
        return None
    return Section(titre="Observatoire : labels, événements, veille", gabarit="observatoire/_section_organisation.html",
                   ordre=40, ancre="observatoire", contexte=contexte)
