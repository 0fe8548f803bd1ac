"""Sections contributed to other apps' pages: a firm's or a holder's page (reseau), a desk
request's page (guichet). Each keeps a constant number of queries and applies the access rules."""

from __future__ import annotations

from territoire.comptes.acces import a_un_role
from territoire.reseau.sections import Section

from . import queries

SUJET_INNOVATION = "innovation"


def section_organisation(request, organisation):
    territoire = getattr(request, "territoire", None)
    if territoire is None or not a_un_role(request.user, territoire, "equipe", "pilotage", "partenaire", "entreprise"):
        return None
    contexte = queries.resume_organisation(request.user, territoire, organisation)
    if not contexte["a_montrer"]:
        return None
    return Section(titre="Innover", gabarit="innovation/_section_organisation.html", contexte=contexte, ordre=45,
                   ancre="innovation")


def section_demande(request, demande):
    territoire = demande.territoire
    if demande.sujet.code != SUJET_INNOVATION or not a_un_role(request.user, territoire, "equipe", "partenaire", "pilotage"):
        return None
    contexte = queries.propositions_pour_demande(request.user, demande)
    return Section(titre="Qui pourrait aider : détenteurs de compétences", gabarit="innovation/_section_demande.html",
                   contexte=contexte, ordre=45, ancre="innovation")
