"""Plain factories for Innover's tests: each returns a saved object, built through the actions."""

from __future__ import annotations

import itertools
from datetime import date

from django.contrib.auth import get_user_model

from territoire.innovation import actions
from territoire.innovation.diagnostic import installer_questionnaire, questionnaire_actif
from territoire.innovation.models import Competence, DetenteurCompetences
from territoire.innovation.vocabulaire import installer_vocabulaire
from tests.guichet import factories as guichet
from tests.reseau import factories as reseau

_n = itertools.count(1)


def vocabulaire() -> None:
    """The shipped vocabulary (a data migration loads it; a transactional test elsewhere may have
    flushed it before this test runs)."""
    if not Competence.objects.filter(code="revetements-aqueux").exists():
        installer_vocabulaire()


def questionnaire():
    return questionnaire_actif() or installer_questionnaire()


def competence(code: str) -> Competence:
    vocabulaire()
    return Competence.objects.get(code=code)


def detenteur(territoire, *, nom=None, type="centre_transfert", competences=("revetements-aqueux", "formulation"),
              commune=None, public=True, **kw) -> DetenteurCompetences:
    vocabulaire()
    d = actions.creer_detenteur(territoire, nom=nom or f"Centre de transfert {next(_n)}", type=type, commune=commune,
                                public=public, source="Test", **kw)
    for code in competences:
        actions.ajouter_competence(d, competence(code), source="Test", principale=True)
    return d


def entreprise(territoire, **kw):
    return reseau.organisation(territoire, **kw)


def besoin(territoire, *, organisation=None, texte="Remplacer notre vernis solvanté par un vernis en phase aqueuse.",
           confidentiel=True, **kw):
    vocabulaire()
    return actions.deposer_besoin(
        territoire, organisation or entreprise(territoire), titre=texte[:60], texte=texte, origine="equipe",
        confidentiel=confidentiel, **kw,
    )


def david_et_son_entreprise(territoire):
    """David (the `entreprise` persona) represents a firm of his own."""
    david = get_user_model().objects.get(username="david")
    orga = entreprise(territoire, nom="Entreprise de David")
    reseau.rattacher(david, territoire, "entreprise", orga)
    return david, orga


def besoin_de_david(territoire):
    _david, orga = david_et_son_entreprise(territoire)
    return besoin(territoire, organisation=orga)


def equipier(territoire):
    alice = get_user_model().objects.filter(username="alice").first()
    if alice is not None:
        return alice
    from territoire.comptes.models import Adhesion

    user = get_user_model().objects.create_user(username=f"equipe{next(_n)}", password="mot-de-passe-solide-42")
    Adhesion.objects.create(utilisateur=user, territoire=territoire, role="equipe")
    return user


def mise_en_relation(territoire):
    b = besoin(territoire, confidentiel=False)
    return actions.mettre_en_relation(b, detenteur(territoire), responsable=equipier(territoire), message="Bonjour")


def demande_innovation(territoire):
    orga = entreprise(territoire)
    return guichet.demande(territoire, orga, code_sujet="innovation")


def projet(territoire, *, confidentiel=True, **kw):
    return actions.creer_projet(territoire, titre=f"Projet {next(_n)}", confidentiel=confidentiel,
                                entreprises=[entreprise(territoire)], **kw)


def diagnostic(territoire, organisation, scores: dict[str, int | None], *, jour=None, mode="visite"):
    q = questionnaire()
    return actions.enregistrer_diagnostic(
        territoire, organisation, q, date=jour or date(2026, 3, 10), mode=mode,
        reponses={code: (score, "") for code, score in scores.items()},
    )


SCORES_MOYENS = {
    "automatisation-robotique": 2, "connectivite-donnees": 1, "conception-numerique": 3, "energie-environnement": 2,
    "cybersecurite": 1, "competences-organisation": 3, "services-clients": 2,
}


def diagnostic_de_david(territoire):
    _david, orga = david_et_son_entreprise(territoire)
    return diagnostic(territoire, orga, SCORES_MOYENS)
