"""Every existing activity zone of the registry becomes a site of the CNIG standard.

The site points to its zone (one to one): the census's placement of establishments
(Etablissement.zone), the fiches-actions' targeted zones (FicheAction.zones) and every other
link to the zone stay as they are, and reach the site through it. Only what the zone says is
copied (name, outline in Lambert-93, surface, manager, main commune and its EPCI, vocation from
the zone type); the rest is left for the team ("à compléter").
"""

import json

from django.db import migrations
from django.utils import timezone


def zones_vers_sites(apps, schema_editor):
    from territoire.attractivite.zones import valeurs_site

    ZoneActivite = apps.get_model("referentiel", "ZoneActivite")
    SiteEconomique = apps.get_model("attractivite", "SiteEconomique")
    aujourdhui = timezone.localdate()
    for zone in ZoneActivite.objects.exclude(site_economique__isnull=False).prefetch_related("communes__epci"):
        communes = [
            {"code": c.code_insee, "nom": c.nom, "contour": c.contour,
             "epci_siren": c.epci.siren if c.epci_id else "", "epci_nom": c.epci.nom if c.epci_id else ""}
            for c in zone.communes.all()
        ]
        try:
            valeurs = valeurs_site(
                pk=zone.pk, nom=zone.nom, type_=zone.type, contour=zone.contour, gestionnaire=zone.gestionnaire,
                surface_ha=zone.surface_ha, communes=communes, aujourdhui=aujourdhui,
            )
        except (ValueError, TypeError, KeyError, json.JSONDecodeError):
            # An unreadable outline: the site keeps the zone's name and link; its geometry is to complete.
            valeurs = {"site_id": f"ZONE-{zone.pk}", "site_nom": zone.nom, "site_moa_nom": zone.gestionnaire,
                       "site_identif_date": aujourdhui, "site_actu_date": aujourdhui}
        SiteEconomique.objects.create(
            territoire_id=zone.territoire_id, zone=zone, illustratif=zone.contour_illustratif, **valeurs
        )


class Migration(migrations.Migration):
    dependencies = [
        ("attractivite", "0001_sites_locaux_friches_prospects"),
        ("referentiel", "0001_initial"),
    ]

    operations = [migrations.RunPython(zones_vers_sites, migrations.RunPython.noop)]
