"""A small partner directory and requests, for the desk's tests."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from territoire.guichet import actions
from territoire.guichet.models import Antenne, Conseiller, Institution, Sujet
from tests.reseau import factories as reseau


def moment(annee, mois, jour, heure=10):
    return timezone.make_aware(datetime(annee, mois, jour, heure, 0))


def sujets_par_defaut() -> None:
    """The default subjects (a data migration loads them; a transactional test elsewhere may
    have flushed them before this test runs)."""
    from territoire.guichet.sujets_defaut import SUJETS_DEFAUT

    for ordre, (code, libelle, description) in enumerate(SUJETS_DEFAUT):
        Sujet.objects.get_or_create(code=code, defaults={"libelle": libelle, "description": description, "ordre": ordre})


def sujet(code="recrutement"):
    if not Sujet.objects.filter(code=code).exists():
        sujets_par_defaut()
    return Sujet.objects.get(code=code)


def institution(territoire, nom="CCI Artois"):
    orga = reseau.organisation(territoire, nom=nom, type="partenaire", naf="", tranche="")
    return Institution.objects.create(territoire=territoire, organisation=orga, nom=nom)


def antenne(inst, nom="Antenne de Béthune"):
    orga = reseau.organisation(inst.territoire, nom=f"{inst.nom} — {nom}", type="partenaire", naf="", tranche="")
    return Antenne.objects.create(institution=inst, nom=nom, organisation=orga)


def conseiller(ant, *, sujets=("recrutement",), communes=(), utilisateur=None, nom="Durand", **kw):
    c = Conseiller.objects.create(
        antenne=ant, prenom="Léa", nom=nom, courriel=f"{nom.lower()}@partenaire.example", utilisateur=utilisateur, **kw
    )
    c.sujets.set([sujet(code) for code in sujets])
    c.communes.set(communes)
    return c


def demande(territoire, orga=None, *, code_sujet="recrutement", commune=None, quand=None, contact=None):
    orga = orga or reseau.organisation(territoire, commune=commune)
    return actions.deposer_demande(
        territoire, sujet=sujet(code_sujet), description="Nous cherchons trois régleurs.", organisation=orga,
        commune=commune or orga.commune, contact=contact, origine="equipe", maintenant=quand,
    )
