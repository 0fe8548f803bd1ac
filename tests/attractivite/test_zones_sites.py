"""The registry's zones become sites: by the data migration for those that existed, at once for
those created since; every link to the zone stays."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from territoire.attractivite import zones


@pytest.mark.django_db(transaction=True)
def test_la_migration_fait_de_chaque_zone_un_site_sans_perdre_un_lien():
    # Back to before the zones became sites (only this app moves: the other apps' tables stay
    # at their latest state, so their rows are written with their current models).
    from territoire.etablissements.models import Etablissement
    from territoire.referentiel.models import EPCI, Commune, Territoire, ZoneActivite

    executor = MigrationExecutor(connection)
    executor.migrate([("attractivite", "0001_sites_locaux_friches_prospects")])
    epci = EPCI.objects.create(siren="200072460", nom="CA Béthune-Bruay")
    carre = {"type": "Polygon", "coordinates": [[[2.57, 50.45], [2.61, 50.45], [2.61, 50.49], [2.57, 50.49], [2.57, 50.45]]]}
    ruitz = Commune.objects.create(code_insee="62729", nom="Ruitz", epci=epci, contour=json.dumps(carre))
    t = Territoire.objects.create(nom="T", slug="t-migration")
    zone = ZoneActivite(
        territoire=t, nom="ZI de Ruitz", slug="zi-de-ruitz", type="industrielle", gestionnaire="CABBALR", surface_ha=75,
        contour=json.dumps({"type": "Polygon", "coordinates": [[[2.58, 50.46], [2.6, 50.46], [2.6, 50.48], [2.58, 50.46]]]}),
    )
    zone._site_cnig_en_cours = True  # as before this app existed: no site yet
    zone.save()
    zone.communes.add(ruitz)
    etab = Etablissement.objects.create(siret="12345678900017", siren="123456789", nic="00017", code_commune="62729",
                                        commune=ruitz, zone=zone)
    try:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
        from territoire.attractivite.models import SiteEconomique
        from territoire.etablissements.models import Etablissement as EtablissementActuel

        site = SiteEconomique.objects.get(zone_id=zone.pk)
        assert site.site_id == f"62729_SITE-ECO_{zone.pk:05d}"
        assert (site.site_nom, site.site_vocadomi, site.site_surf_brute, site.site_moa_nom) == (
            "ZI de Ruitz", "industrielle", 75.0, "CABBALR")
        assert (site.site_comm_insee, site.site_epci_siren, site.territoire_id) == ("62729", "200072460", t.pk)
        assert json.loads(site.site_geomsurf)["coordinates"][0][0][1] > 7_000_000  # Lambert-93, as the standard
        assert site.champs_a_completer() == ["pole_id", "site_etat", "site_surf_utile", "site_moa_type"]
        assert EtablissementActuel.objects.get(pk=etab.pk).zone_id == zone.pk
        assert site.zone.etablissements.get().siret == "12345678900017"
    finally:
        from territoire.referentiel.models import Territoire as TerritoireActuel

        TerritoireActuel.objects.filter(slug="t-migration").delete()


def test_valeurs_d_une_zone_technopole_sans_vocation_devinee():
    carre = {"type": "Polygon", "coordinates": [[[2.55, 50.49], [2.57, 50.49], [2.57, 50.51], [2.55, 50.49]]]}
    v = zones.valeurs_site(pk=7, nom="Technopôle", type_="technopole", contour=json.dumps(carre), gestionnaire="",
                           surface_ha=None, communes=[], aujourdhui=__import__("datetime").date(2026, 1, 1))
    assert v["site_vocadomi"] == "" and v["site_id"] == "00000_SITE-ECO_00007" and v["site_surf_brute"] > 0


def test_une_zone_creee_devient_un_site_a_la_validation(territoire, django_capture_on_commit_callbacks):
    from territoire.attractivite.models import SiteEconomique
    from territoire.referentiel.models import ZoneActivite

    with django_capture_on_commit_callbacks(execute=True):
        zone = ZoneActivite.objects.create(
            territoire=territoire, nom="Parc de Béthune", slug="parc-bethune", type="logistique",
            contour=json.dumps({"type": "Polygon", "coordinates": [[[2.63, 50.52], [2.65, 50.52], [2.65, 50.54], [2.63, 50.52]]]}),
        )
        zone.communes.add(territoire.communes.get(code_insee="62119"))
    site = SiteEconomique.objects.get(zone=zone)
    assert site.site_vocadomi == "entrepôts, logistique" and site.site_comm_insee == "62119"
