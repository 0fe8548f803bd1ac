"""A perimeter is a region or the whole country, as an address says it (``hauts-de-france``,
``france``), and who may open it."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404
from django.utils.text import slugify

from territoire.referentiel.models import Region, Territoire
from territoire.referentiel.territoires_industrie.liste import PHASE_COURANTE

NATIONAL = "france"


@dataclass(frozen=True)
class Perimetre:
    code: str  # slug in addresses
    region: Region | None  # None: the whole country

    @property
    def libelle(self) -> str:
        return self.region.nom if self.region else "France entière"

    @property
    def national(self) -> bool:
        return self.region is None

    def territoires(self, phase: str | None = PHASE_COURANTE):
        """The territories of the perimeter; ``phase`` None: of every phase and none."""
        qs = Territoire.objects.select_related("region")
        if self.region is not None:
            qs = qs.filter(region=self.region)
        if phase:
            qs = qs.filter(phase=phase)
        return qs.order_by("id_ti", "nom")


def de_region(region: Region | None) -> Perimetre:
    return Perimetre(NATIONAL if region is None else slugify(region.nom), region)


def resoudre(code: str) -> Perimetre:
    if code == NATIONAL:
        return Perimetre(NATIONAL, None)
    for region in Region.objects.all():
        if slugify(region.nom) == code:
            return Perimetre(code, region)
    raise Http404(f"Périmètre « {code} » inconnu : une région (hauts-de-france…) ou « {NATIONAL} ».")


def perimetres_de(user) -> list[Perimetre]:
    """The perimeters ``user`` may open: theirs; the whole country and every region for a
    national membership (and for a superuser)."""
    if user is None or not user.is_authenticated:
        return []
    from .models import AdhesionPerimetre

    regions = {a.region_id: a.region for a in AdhesionPerimetre.objects.filter(utilisateur=user).select_related("region")}
    if user.is_superuser or None in regions:
        return [Perimetre(NATIONAL, None)] + [de_region(r) for r in Region.objects.order_by("nom")]
    return sorted((de_region(r) for r in regions.values()), key=lambda p: p.libelle)


def peut_ouvrir(user, perimetre: Perimetre) -> bool:
    return any(p.code == perimetre.code for p in perimetres_de(user))
