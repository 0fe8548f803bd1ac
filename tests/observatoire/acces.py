"""Who may see each page of the `observatoire` app (the access walk, tests/test_acces.py)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tests.acces_outils import EQUIPE, EQUIPE_PILOTAGE, TOUS, Attendu


def _evenement_publie(territoire):
    from territoire.observatoire import evenements

    e = evenements.creer(
        territoire, None, type="fermeture", titre="Fermeture de la Fonderie de l'Artois", date=dt.date(2021, 4, 30),
        visibilite="public", source_url="https://www.example.org/fonderie", source_libelle="Presse locale",
    )
    return {"territoire": territoire.slug, "pk": e.pk}


def _organisation(territoire):
    from tests.reseau.factories import organisation

    return {"territoire": territoire.slug, "organisation": organisation(territoire, nom="Forges de Ruitz").pk}


def _visite(territoire):
    from territoire.observatoire import visites
    from tests.reseau.factories import organisation

    reponse = visites.enregistrer_visite(territoire, organisation(territoire, nom="Forges de Ruitz"),
                                         date=timezone.localdate(), reponses={"effectifs_projet": "hausse"})
    return {"territoire": territoire.slug, "pk": reponse.pk}


def _pk(territoire):
    return {"territoire": territoire.slug, "pk": 1}


def _annee(territoire):
    return {"territoire": territoire.slug, "annee": timezone.localdate().year}


ATTENDUS = [
    Attendu("observatoire:accueil", voient=TOUS, contient="Observatoire de l'industrie"),
    Attendu("observatoire:actualite", voient=TOUS, contient="Actualité industrielle"),
    Attendu("observatoire:flux", voient=TOUS, contient="<feed"),
    Attendu("observatoire:evenement", voient=TOUS, arguments=_evenement_publie, contient="Fonderie de l"),
    Attendu("observatoire:evenement_nouveau", voient=EQUIPE, contient="Nouvel événement"),
    Attendu("observatoire:evenement_modifier", voient=EQUIPE, arguments=_evenement_publie, contient="Modifier"),
    Attendu("observatoire:evenement_confirmer", voient=EQUIPE, arguments=_pk, methode_get=False),
    Attendu("observatoire:evenement_ecarter", voient=EQUIPE, arguments=_pk, methode_get=False),
    Attendu("observatoire:veille", voient=EQUIPE, contient="Veille des entreprises"),
    Attendu("observatoire:regles", voient=EQUIPE, contient="Procédure collective"),
    Attendu("observatoire:visite_nouvelle", voient=EQUIPE, arguments=_organisation, contient="Envisagez-vous de quitter"),
    Attendu("observatoire:visite", voient=EQUIPE, arguments=_visite, contient="Nous prévoyons d&#x27;embaucher"),
    Attendu("observatoire:suites", voient=EQUIPE, contient="Suites proposées"),
    Attendu("observatoire:suite_accepter", voient=EQUIPE, arguments=_pk, methode_get=False),
    Attendu("observatoire:suite_ecarter", voient=EQUIPE, arguments=_pk, methode_get=False),
    Attendu("observatoire:plan", voient=EQUIPE, contient="Plan de visites"),
    Attendu("observatoire:plan_ajouter", voient=EQUIPE, methode_get=False),
    Attendu("observatoire:plan_retirer", voient=EQUIPE, methode_get=False),
    Attendu("observatoire:label_nouveau", voient=EQUIPE, arguments=_organisation, contient="Ajouter un label"),
    Attendu("observatoire:imports", voient=EQUIPE, contient="Historique SIRENE"),
    Attendu("observatoire:bilan", voient=EQUIPE_PILOTAGE, contient="Bilan industriel"),
    Attendu("observatoire:bilan_pdf", voient=EQUIPE_PILOTAGE, arguments=_annee),
    Attendu("observatoire:bilan_docx", voient=EQUIPE_PILOTAGE, arguments=_annee),
]
