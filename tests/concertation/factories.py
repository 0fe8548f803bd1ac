"""Factories of the consultation's tests: firms from the census, a consultation, meetings, fiches."""

from __future__ import annotations

import datetime as dt

from territoire.concertation import actions
from territoire.concertation.models import Theme
from territoire.programme.models import FicheAction, Programme, StatutFiche
from territoire.reseau.models import Organisation
from tests.etablissements import factories as recensement


def entreprise(territoire, nom="Forges de l'Artois", naf="25.62A", tranche="12", commune=None) -> Organisation:
    """A firm's Organisation linked to a census establishment (SIRET, filière, band)."""
    commune = commune or territoire.communes.order_by("code_insee").first()
    etab = recensement.etablissement(commune, denomination=nom, naf=naf, tranche_effectifs=tranche)
    org = Organisation.objects.create(
        nom=nom, type=Organisation.Type.ENTREPRISE, siret=etab.siret,
        unite_legale=etab.unite_legale, etablissement=etab,
    )
    org.territoires.add(territoire)
    return org


def partenaire(territoire, nom="CCI Artois") -> Organisation:
    org = Organisation.objects.create(nom=nom, type=Organisation.Type.PARTENAIRE)
    org.territoires.add(territoire)
    return org


def consultation(territoire, titre="Concertation des industriels 2019"):
    return actions.creer_consultation(territoire, titre=titre, debut=dt.date(2019, 3, 1))


def reunion(consultation, titre="Atelier recrutement", type="collective", date=dt.date(2019, 3, 14), **champs):
    return actions.creer_reunion(consultation, titre=titre, date=date, type=type, **champs)


def theme(code: str) -> Theme:
    return Theme.objects.get(code=code)


def fiche(territoire, numero="1", titre="Accompagner les entreprises face à l'industrie du futur",
          publie=True, confidentiel=False) -> FicheAction:
    programme, _ = Programme.objects.get_or_create(
        territoire=territoire, code="2019-2022",
        defaults={"nom": "Plan d'action 2019-2022", "debut": dt.date(2019, 1, 1), "fin": dt.date(2022, 12, 31)},
    )
    statut, _ = StatutFiche.objects.get_or_create(
        territoire=territoire, code="en-cours", defaults={"libelle": "En cours", "categorie": "en_cours"}
    )
    return FicheAction.objects.create(
        programme=programme, numero=numero, titre=titre, statut=statut, publie=publie, confidentiel=confidentiel
    )
