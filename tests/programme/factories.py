"""Factories of the programme's tests: a phase with its axes and statuses, organisations, fiches."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from territoire.programme import actions
from territoire.programme.models import StatutFiche
from territoire.reseau.models import Organisation


def phase(
    territoire,
    code="2019-2022",
    axes="2019-2022",
    debut=dt.date(2019, 1, 1),
    fin=dt.date(2022, 12, 31),
):
    return actions.creer_programme(
        territoire,
        code=code,
        nom=f"Plan d'action {code}",
        debut=debut,
        fin=fin,
        axes_nationaux=axes,
    )


def statut(territoire, code="en-cours") -> StatutFiche:
    actions.installer_statuts(territoire)
    return StatutFiche.objects.get(territoire=territoire, code=code)


def organisation(territoire, nom="CCI Artois", type=Organisation.Type.PARTENAIRE) -> Organisation:
    org = Organisation.objects.create(nom=nom, type=type)
    org.territoires.add(territoire)
    return org


def fiche(
    programme,
    auteur=None,
    numero="1",
    titre="Accompagner l'industrie du futur",
    statut_code=None,
    **champs,
):
    statut_obj = statut(programme.territoire, statut_code) if statut_code else None
    champs.setdefault("description", "Une description.")
    if statut_obj is not None:
        champs.setdefault("date_statut", dt.date(2019, 1, 1))
    return actions.creer_fiche(
        programme, auteur, numero=numero, titre=titre, statut=statut_obj, **champs
    )


def argent(fiche, auteur=None, cout="100000", accorde="60000", demande="20000", verse="0"):
    financeur = organisation(
        fiche.programme.territoire, "Région Hauts-de-France", Organisation.Type.COLLECTIVITE
    )
    actions.ajouter_ligne_budget(
        fiche, auteur, annee=2021, nature="investissement", type="prevu", montant=Decimal(cout)
    )
    for etape, montant in (("accorde", accorde), ("demande", demande), ("verse", verse)):
        if Decimal(montant):
            actions.ajouter_cofinancement(
                fiche, auteur, financeur=financeur, montant=Decimal(montant), etape=etape
            )
