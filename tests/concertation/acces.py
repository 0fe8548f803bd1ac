"""Who may open each page of the consultation (walked by tests/test_acces.py)."""

import datetime as dt

from tests.acces_outils import EQUIPE, MEMBRES, TOUS, Attendu


def _consultation(t):
    from territoire.concertation.models import Consultation

    return Consultation.objects.get_or_create(territoire=t, titre="Concertation 2019", defaults={"debut": dt.date(2019, 3, 1)})[0]


def _reunion(t, type="collective"):
    from territoire.concertation import actions

    return actions.creer_reunion(_consultation(t), titre=f"Réunion {type}", date=dt.date(2019, 3, 14), type=type)


def _constat(t):
    from territoire.concertation import actions

    return actions.creer_constat(_consultation(t), titre="Les industriels peinent à recruter")


def _avec_consultation(t):
    return {"territoire": t.slug, "pk": _consultation(t).pk}


def _avec_reunion(t):
    return {"territoire": t.slug, "pk": _reunion(t).pk}


ATTENDUS = [
    # With a single consultation the home page redirects to its synthesis (walked below).
    Attendu("concertation:accueil", voient=TOUS, contient="Aucune concertation"),
    Attendu("concertation:synthese", voient=TOUS, arguments=_avec_consultation, contient="ce que nous faisons"),
    Attendu("concertation:synthese_docx", voient=TOUS, arguments=_avec_consultation),
    Attendu("concertation:synthese_pdf", voient=TOUS, arguments=_avec_consultation),
    Attendu("concertation:constat", voient=TOUS, arguments=lambda t: {"territoire": t.slug, "pk": _constat(t).pk},
            contient="Aucune fiche-action publiée"),
    Attendu("concertation:repondre", voient=EQUIPE, arguments=lambda t: {"territoire": t.slug, "pk": _constat(t).pk}),
    # David (a firm's user, no organisation yet) sees the list, empty of meetings he did not attend.
    Attendu("concertation:reunions", voient=MEMBRES, arguments=_avec_consultation),
    Attendu("concertation:reunion", voient=frozenset({"alice", "bruno", "chloe"}), arguments=_avec_reunion),
    Attendu("concertation:contribuer", voient=EQUIPE, arguments=_avec_reunion),
    Attendu("concertation:importer", voient=EQUIPE, arguments=_avec_reunion),
    Attendu("concertation:mes_contributions", voient=MEMBRES, contient="Mes contributions"),
    # The team's forms.
    Attendu("concertation:consultation_nouvelle", voient=EQUIPE, contient="Nouvelle concertation"),
    Attendu("concertation:consultation_modifier", voient=EQUIPE, arguments=_avec_consultation,
            contient="Modifier la concertation"),
    Attendu("concertation:reunion_nouvelle", voient=EQUIPE, arguments=_avec_consultation, contient="Nouvelle réunion"),
    Attendu("concertation:reunion_modifier", voient=EQUIPE, arguments=_avec_reunion, contient="Modifier la réunion"),
    Attendu("concertation:participants", voient=EQUIPE, arguments=_avec_reunion, contient="Participants"),
    Attendu("concertation:participant_retirer", voient=EQUIPE, arguments=_avec_reunion, methode_get=False),
    Attendu("concertation:constat_nouveau", voient=EQUIPE, arguments=_avec_consultation, contient="Nouveau constat"),
    Attendu("concertation:constat_modifier", voient=EQUIPE, arguments=lambda t: {"territoire": t.slug, "pk": _constat(t).pk},
            contient="Modifier le constat"),
    Attendu("api:concertation_synthese", voient=TOUS, arguments=lambda t: {"slug": _constat(t).consultation.territoire.slug},
            contient="Les industriels peinent"),
]
