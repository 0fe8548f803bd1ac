"""Who may open each URL of the programme (walked by tests/test_acces.py).

Chloé (partenaire) represents the organisation that leads the fiche of these arguments, so
she may post its updates, milestones and indicator values; she has no right on the rest.
"""

import datetime as dt
from decimal import Decimal

from tests.acces_outils import EQUIPE, EQUIPE_PILOTAGE, MEMBRES, TOUS, Attendu

SANS_EVE = MEMBRES | {"public"}


def _monde(t):
    """A phase, a published fiche led by Chloé's organisation, its rows, a sitting."""
    from django.contrib.auth import get_user_model

    from territoire.comptes.models import Adhesion
    from territoire.programme import actions
    from territoire.programme.models import FicheAction, Instance
    from territoire.reseau.models import Organisation

    from . import factories

    alice = get_user_model().objects.get(username="alice")
    programme = factories.phase(t)
    fiche = FicheAction.objects.filter(programme=programme, numero="1").first()
    if fiche is not None:
        return fiche
    org = Organisation.objects.create(nom="Technopôle (pilote)", type="partenaire")
    org.territoires.add(t)
    Adhesion.objects.filter(utilisateur__username="chloe", territoire=t).update(organisation=org)
    fiche = factories.fiche(programme, alice, "1", statut_code="en-cours", pilote_organisation=org)
    factories.argent(fiche, alice)
    actions.ajouter_jalon(fiche, alice, libelle="Lancement", date_prevue=dt.date(2021, 1, 1))
    ind = actions.creer_indicateur(
        programme, alice, fiche=fiche, libelle="Entreprises accompagnées", unite="entreprises"
    )
    actions.saisir_valeur(
        ind, alice, date=dt.date(2021, 12, 31), type="realise", valeur=Decimal(8), publiee=True
    )
    actions.publier_fiche(fiche, alice)
    instance = Instance.objects.create(territoire=t, nom="Comité de projet", type="comite_projet")
    seance = actions.creer_seance(instance, alice, date=dt.date(2021, 6, 1), fiches=[fiche])
    actions.enregistrer_decision(seance, alice, texte="Poursuivre.", fiche=fiche)
    actions.ajouter_action_suivi(seance, alice, libelle="Relancer la Région")
    return fiche


def _fiche(t):
    return {"territoire": t.slug, "pk": _monde(t).pk}


def _brouillon(t):
    from territoire.programme.models import FicheAction

    from . import factories

    f = _monde(t)
    brouillon = FicheAction.objects.filter(programme=f.programme, numero="2").first()
    brouillon = brouillon or factories.fiche(f.programme, None, "2", titre="Brouillon interne")
    return {"territoire": t.slug, "pk": brouillon.pk}


def _objet(modele_chemin, filtre="fiche__programme__territoire"):
    def arguments(t):
        from django.apps import apps

        _monde(t)
        modele = apps.get_model(modele_chemin)
        return {"territoire": t.slug, "pk": modele.objects.filter(**{filtre: t}).first().pk}

    return arguments


def _piece(t):
    from django.contrib.auth import get_user_model
    from django.core.files.base import ContentFile

    from territoire.programme import actions

    f = _monde(t)
    alice = get_user_model().objects.get(username="alice")
    piece = f.pieces_jointes.first() or actions.ajouter_piece_jointe(
        f, alice, titre="Compte rendu", fichier=ContentFile(b"%PDF-1.4 test", name="cr.pdf")
    )
    return {"territoire": t.slug, "pk": piece.pk}


def _territoire(t):
    _monde(t)
    return {"territoire": t.slug}


SUIVENT = frozenset({"alice", "chloe"})

ATTENDUS = [
    Attendu(
        "programme:tableau",
        voient=EQUIPE_PILOTAGE,
        arguments=_territoire,
        contient="Fiches par axe et par statut",
    ),
    Attendu(
        "programme:plan",
        voient=TOUS,
        arguments=_territoire,
        contient="Accompagner l&#x27;industrie du futur",
    ),
    Attendu("programme:mes_fiches", voient=MEMBRES, arguments=_territoire),
    Attendu("programme:fiche_creer", voient=EQUIPE, arguments=_territoire),
    Attendu("programme:fiche", voient=TOUS, arguments=_fiche, contient="Accompagner"),
    # A draft: the team and the steering committee only.
    Attendu("programme:historique", voient=EQUIPE_PILOTAGE, arguments=_brouillon),
    Attendu("programme:fiche_modifier", voient=EQUIPE, arguments=_fiche),
    Attendu("programme:fiche_publier", voient=EQUIPE, arguments=_fiche, methode_get=False),
    Attendu("programme:maj_creer", voient=SUIVENT, arguments=_fiche),
    Attendu("programme:jalon_creer", voient=SUIVENT, arguments=_fiche),
    Attendu("programme:jalon_modifier", voient=SUIVENT, arguments=_objet("programme.Jalon")),
    Attendu("programme:budget_creer", voient=EQUIPE, arguments=_fiche),
    Attendu(
        "programme:budget_supprimer",
        voient=EQUIPE,
        arguments=_objet("programme.LigneBudget"),
        methode_get=False,
    ),
    Attendu("programme:cofinancement_creer", voient=EQUIPE, arguments=_fiche),
    Attendu(
        "programme:cofinancement_modifier",
        voient=EQUIPE,
        arguments=_objet("programme.Cofinancement"),
    ),
    Attendu("programme:piece_creer", voient=EQUIPE, arguments=_fiche),
    Attendu(
        "programme:piece_telecharger",
        voient=frozenset({"alice", "bruno", "chloe"}),
        arguments=_piece,
    ),
    Attendu("programme:lien_creer", voient=EQUIPE, arguments=_fiche),
    Attendu("programme:indicateur_creer", voient=EQUIPE, arguments=_fiche),
    Attendu("programme:fiche_docx", voient=TOUS, arguments=_fiche),
    Attendu("programme:fiche_pdf", voient=TOUS, arguments=_fiche),
    Attendu(
        "programme:indicateurs",
        voient=TOUS,
        arguments=_territoire,
        contient="Entreprises accompagnées",
    ),
    Attendu(
        "programme:indicateur",
        voient=TOUS,
        arguments=_objet("programme.Indicateur", "programme__territoire"),
    ),
    Attendu(
        "programme:valeur_creer",
        voient=SUIVENT,
        arguments=_objet("programme.Indicateur", "programme__territoire"),
    ),
    Attendu("programme:plan_xlsx", voient=EQUIPE_PILOTAGE, arguments=_territoire),
    Attendu("programme:plan_import", voient=EQUIPE, arguments=_territoire),
    Attendu("programme:rapport_comite", voient=EQUIPE_PILOTAGE, arguments=_territoire),
    Attendu("programme:rapport_pdf", voient=EQUIPE_PILOTAGE, arguments=_territoire),
    Attendu("programme:rapport_docx", voient=EQUIPE_PILOTAGE, arguments=_territoire),
    Attendu(
        "programme:reporting", voient=EQUIPE_PILOTAGE, arguments=_territoire, contient="TI-TEST"
    ),
    Attendu("programme:reporting_xlsx", voient=EQUIPE_PILOTAGE, arguments=_territoire),
    Attendu(
        "programme:instances",
        voient=EQUIPE_PILOTAGE,
        arguments=_territoire,
        contient="Comité de projet",
    ),
    Attendu(
        "programme:instance",
        voient=EQUIPE_PILOTAGE,
        arguments=_objet("programme.Instance", "territoire"),
    ),
    Attendu(
        "programme:seance_creer",
        voient=EQUIPE,
        arguments=_objet("programme.Instance", "territoire"),
    ),
    Attendu(
        "programme:seance",
        voient=EQUIPE_PILOTAGE,
        arguments=_objet("programme.Seance", "instance__territoire"),
        contient="Poursuivre.",
    ),
    Attendu(
        "programme:point_creer",
        voient=EQUIPE,
        arguments=_objet("programme.Seance", "instance__territoire"),
    ),
    Attendu(
        "programme:decision_creer",
        voient=EQUIPE_PILOTAGE,
        arguments=_objet("programme.Seance", "instance__territoire"),
    ),
    Attendu(
        "programme:action_suivi_creer",
        voient=EQUIPE_PILOTAGE,
        arguments=_objet("programme.Seance", "instance__territoire"),
    ),
    Attendu(
        "programme:action_suivi_faite",
        voient=EQUIPE_PILOTAGE,
        arguments=_objet("programme.ActionSuivi", "seance__instance__territoire"),
        methode_get=False,
    ),
]
