"""The desk's part of the JSON API (/api/v1/): the public aid catalogue, and the requests a
signed-in member may see (for partners' tools), through `Demande.objects.for_user`."""

from __future__ import annotations

from datetime import date, datetime

from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.errors import HttpError

from territoire.comptes.acces import a_un_role
from territoire.referentiel.models import Territoire

from .models import Demande, Dispositif, Orientation

router = Router(tags=["guichet"])
LIMITE = 500


class DispositifOut(Schema):
    nom: str
    financeur: str | None
    type_aide: str
    publics: str
    sujets: list[str]
    naf_prefixes: str
    tranche_min: str
    tranche_max: str
    debut: date | None
    fin: date | None
    lien: str


class DemandeOut(Schema):
    numero: int
    deposee_le: datetime
    entreprise: str
    siret: str
    commune: str | None
    sujet: str
    statut: str
    orientee_le: datetime | None
    prise_en_charge_le: datetime | None
    cloturee_le: datetime | None
    partenaires: list[str]


@router.get("/territoires/{slug}/dispositifs", response=list[DispositifOut], url_name="guichet_dispositifs",
            summary="Catalogue des aides d'un territoire")
def dispositifs(request, slug: str):
    territoire = get_object_or_404(Territoire, slug=slug)
    qs = (Dispositif.objects.filter(Q(territoires=territoire) | Q(territoires__isnull=True)).distinct()
          .select_related("financeur").prefetch_related("sujets").order_by("nom"))
    return [
        {"nom": d.nom, "financeur": d.financeur.nom if d.financeur_id else None, "type_aide": d.type_aide,
         "publics": d.publics, "sujets": [s.code for s in d.sujets.all()], "naf_prefixes": d.naf_prefixes,
         "tranche_min": d.tranche_min, "tranche_max": d.tranche_max, "debut": d.debut, "fin": d.fin, "lien": d.lien}
        for d in qs
    ]


@router.get("/territoires/{slug}/demandes", response=list[DemandeOut], url_name="guichet_demandes",
            summary="Demandes visibles par le compte connecté (500 plus récentes)")
def demandes(request, slug: str):
    territoire = get_object_or_404(Territoire, slug=slug)
    if not request.user.is_authenticated:
        raise HttpError(401, "Connexion requise : les demandes des entreprises ne sont pas publiques.")
    if not a_un_role(request.user, territoire, "equipe", "pilotage", "partenaire", "entreprise"):
        raise HttpError(403, "Ce compte n'a pas de rôle sur ce territoire.")
    qs = (Demande.objects.for_user(request.user, territoire).select_related("organisation", "commune", "sujet")
          .prefetch_related(Prefetch("orientations", queryset=Orientation.objects.select_related(
              "conseiller__antenne__institution")))[:LIMITE])
    return [
        {"numero": d.pk, "deposee_le": d.deposee_le, "entreprise": d.organisation.nom, "siret": d.organisation.siret,
         "commune": d.commune.code_insee if d.commune_id else None, "sujet": d.sujet.code, "statut": d.statut,
         "orientee_le": d.orientee_le, "prise_en_charge_le": d.prise_en_charge_le, "cloturee_le": d.cloturee_le,
         "partenaires": sorted({o.conseiller.antenne.institution.nom for o in d.orientations.all()})}
        for d in qs
    ]
