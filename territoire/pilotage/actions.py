"""Writes of the Region's and the State's view: grant or withdraw a perimeter membership."""

from __future__ import annotations

from django.db import transaction

from territoire.comptes.models import Adhesion, Role
from territoire.referentiel.models import Territoire

from .models import AdhesionDerivee, AdhesionPerimetre


def _deriver(perimetre: AdhesionPerimetre, territoires) -> int:
    """Give the perimeter's holder a pilotage adhesion on each territory; return how many were added."""
    existantes = set(
        Adhesion.objects.filter(utilisateur=perimetre.utilisateur, role=Role.PILOTAGE,
                                territoire__in=territoires).values_list("territoire_id", flat=True)
    )
    nouvelles = [
        Adhesion(utilisateur=perimetre.utilisateur, territoire=t, role=Role.PILOTAGE)
        for t in territoires if t.pk not in existantes
    ]
    Adhesion.objects.bulk_create(nouvelles)
    creees = Adhesion.objects.filter(
        utilisateur=perimetre.utilisateur, role=Role.PILOTAGE, territoire__in=[a.territoire for a in nouvelles]
    )
    AdhesionDerivee.objects.bulk_create([AdhesionDerivee(perimetre=perimetre, adhesion=a) for a in creees])
    return len(nouvelles)


def _du_perimetre(perimetre: AdhesionPerimetre):
    qs = Territoire.objects.all()
    return qs if perimetre.region_id is None else qs.filter(region_id=perimetre.region_id)


@transaction.atomic
def accorder_perimetre(utilisateur, region=None, organisation: str = "") -> tuple[AdhesionPerimetre, int]:
    """Make ``utilisateur`` a steering member of every territory of ``region`` (None: France)."""
    perimetre, _ = AdhesionPerimetre.objects.get_or_create(
        utilisateur=utilisateur, region=region, defaults={"organisation": organisation[:200]}
    )
    if organisation and perimetre.organisation != organisation[:200]:
        perimetre.organisation = organisation[:200]
        perimetre.save(update_fields=["organisation"])
    return perimetre, _deriver(perimetre, list(_du_perimetre(perimetre)))


@transaction.atomic
def retirer_perimetre(utilisateur, region=None) -> int:
    """Withdraw the perimeter and the adhesions it gave (not those granted on their own)."""
    perimetre = AdhesionPerimetre.objects.filter(utilisateur=utilisateur, region=region).first()
    if perimetre is None:
        return 0
    ids = list(perimetre.derivees.values_list("adhesion_id", flat=True))
    autres = AdhesionDerivee.objects.filter(adhesion_id__in=ids).exclude(perimetre=perimetre)
    gardees = set(autres.values_list("adhesion_id", flat=True))  # still given by another perimeter
    perimetre.delete()
    n, _ = Adhesion.objects.filter(pk__in=[i for i in ids if i not in gardees]).delete()
    return n


def etendre_aux_territoires(territoires) -> None:
    """Hook after ``territoire init`` (referentiel's ``apres_creation_territoires``): the holders
    of a perimeter that contains a new territory get their adhesion on it."""
    territoires = list(territoires)
    if not territoires:
        return
    regions = {t.region_id for t in territoires}
    for perimetre in AdhesionPerimetre.objects.filter(
        models_q_region(regions)
    ).select_related("utilisateur"):
        _deriver(perimetre, [t for t in territoires if perimetre.region_id in (None, t.region_id)])


def models_q_region(regions: set):
    from django.db.models import Q

    return Q(region__isnull=True) | Q(region_id__in=[r for r in regions if r is not None])
