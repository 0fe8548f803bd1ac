"""What the `sites` and `friches` commands share: finding the territory."""

from __future__ import annotations

from django.core.management.base import CommandError


def territoire_de(slug: str | None):
    from territoire.referentiel.models import Territoire

    if slug:
        try:
            return Territoire.objects.get(slug=slug)
        except Territoire.DoesNotExist:
            connus = ", ".join(Territoire.objects.values_list("slug", flat=True)[:10]) or "aucun"
            raise CommandError(f"Territoire « {slug} » inconnu (territoires : {connus}) ; vérifiez --territoire.") from None
    territoires = list(Territoire.objects.all()[:2])
    if not territoires:
        raise CommandError("Aucun territoire : créez-en un d'abord (territoire init ou territoire demo).")
    if len(territoires) > 1:
        raise CommandError("Plusieurs territoires existent : précisez lequel avec --territoire SLUG.")
    return territoires[0]
