"""What Attirer does when other apps write: a new zone becomes a site, a SIRENE import may
bring the establishment of a won prospect.

- A registry zone created outside the inventory (`territoire zones`, the demo's census) becomes
  a site at once (the same values as the migration that turned the existing zones into sites);
  a zone whose outline is reloaded gives its site the new geometry. The inventory's own writes
  (actions.synchroniser_zone) mark the zone and are left alone.
- After a SIRENE import (the census's `apres_import_sirene` hook), won prospects with a SIREN
  get their establishment and their Organisation (actions.rattacher_prospects_gagnes).
"""

from __future__ import annotations

import json

from django.db import transaction
from django.db.models.signals import post_save, pre_save

MARQUE = "_site_cnig_en_cours"


def _avant_zone(sender, instance, raw=False, **kwargs) -> None:
    if raw or getattr(instance, MARQUE, False) or instance.pk is None:
        return
    instance._contour_avant = sender.objects.filter(pk=instance.pk).values_list("contour", flat=True).first()


def _apres_zone(sender, instance, created, raw=False, **kwargs) -> None:
    if raw or getattr(instance, MARQUE, False):
        return
    from .models import SiteEconomique

    site = SiteEconomique.objects.filter(zone=instance).first()
    if site is None:
        # The zone's communes are set after its save: create the site once the writer is done.
        transaction.on_commit(lambda: _site_si_absent(instance.pk), robust=False)
        return
    if getattr(instance, "_contour_avant", None) not in (None, instance.contour):
        from . import geometrie

        site.site_geomsurf = geometrie.geojson_texte(geometrie.vers_lambert93(json.loads(instance.contour)))
        site.save(update_fields=["site_geomsurf", "modifie_le"])


def _site_si_absent(zone_id: int) -> None:
    from territoire.referentiel.models import ZoneActivite

    from .actions import site_depuis_zone
    from .models import SiteEconomique

    zone = ZoneActivite.objects.filter(pk=zone_id).first()
    if zone is not None and not SiteEconomique.objects.filter(zone=zone).exists():
        site_depuis_zone(zone)


def apres_import_sirene(imp) -> None:
    """The census's post-import hook (inside the import's transaction): won prospects whose
    SIREN now has an establishment in the territory get it, and their Organisation."""
    from .actions import rattacher_prospects_gagnes

    rattacher_prospects_gagnes(imp.territoire, import_id=imp.pk)


def _communes_de_la_zone(sender, instance, action, reverse=False, **kwargs) -> None:
    """A zone saved outside a transaction got its site before its communes (on_commit runs at
    once): once they are set, the site takes its main commune and EPCI."""
    if action != "post_add" or reverse or getattr(instance, MARQUE, False):
        return
    from .actions import completer_site_depuis_zone

    completer_site_depuis_zone(instance)


def brancher() -> None:
    from django.db.models.signals import m2m_changed

    from territoire.referentiel.models import ZoneActivite

    pre_save.connect(_avant_zone, sender=ZoneActivite, dispatch_uid="attractivite-zone-avant")
    post_save.connect(_apres_zone, sender=ZoneActivite, dispatch_uid="attractivite-zone-site")
    m2m_changed.connect(_communes_de_la_zone, sender=ZoneActivite.communes.through, dispatch_uid="attractivite-zone-communes")
