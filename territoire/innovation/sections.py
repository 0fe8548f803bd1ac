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


def section_rapport_comite(territoire):
    """The committee report's innovation section: the industry-of-the-future maturity averages,
    territory-wide and by filière (filières of at least SEUIL_COMPARAISON firms); no individual result."""
    from . import diagnostic
    from .views.diagnostics import agregats_par_filiere

    questionnaire = diagnostic.questionnaire_actif()
    if questionnaire is None:
        return None
    agregats = agregats_par_filiere(territoire, questionnaire)
    if not agregats["entreprises"]:
        return None
    seuil = agregats["seuil"]
    colonnes = [g for g in agregats["lignes"] if g["entreprises"] >= seuil]
    lignes = [{"dimension": dim, "valeurs": [agregats["territoire"][i], *(g["moyennes"][i] for g in colonnes)]}
              for i, dim in enumerate(agregats["dimensions"])]
    return {"titre": "Innover : diagnostics industrie du futur", "gabarit": "innovation/documents/_rapport_diagnostics.html",
            "contexte": {"questionnaire": questionnaire, "entreprises": agregats["entreprises"], "seuil": seuil,
                         "colonnes": colonnes, "lignes": lignes,
                         "petites": [g for g in agregats["lignes"] if g["entreprises"] < seuil]}}
