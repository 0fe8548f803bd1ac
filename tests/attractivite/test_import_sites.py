"""`territoire sites import`: the standard's files, validated by its schemas, all or nothing."""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import shared_file

EXEMPLES = "zae/cnig-schema-sites-economiques"
CLASSES = ("site-eco", "terrain-eco", "pole-eco", "etablissement")


def dossier_exemples(tmp_path):
    for c in CLASSES:
        shutil.copy(shared_file(f"{EXEMPLES}/{c}/exemple-valide.csv"), tmp_path / f"{c}.csv")
    return tmp_path


@pytest.mark.shared
def test_les_exemples_du_standard_s_importent(territoire_somme, tmp_path):
    from territoire.attractivite.importation.sites import importer_sites
    from territoire.attractivite.models import (
        EtablissementEconomique,
        PoleEconomique,
        SiteEconomique,
        TerrainEconomique,
    )

    rapport = importer_sites(territoire_somme, dossier_exemples(tmp_path))
    assert rapport.comptes["site-eco"] == {"crees": 1, "mis_a_jour": 0}
    site = SiteEconomique.objects.get(site_id="80024_SITE-ECO_00001")
    assert site.pole == PoleEconomique.objects.get(pole_id="80024_POLE-ECO_00162")
    assert site.site_surf_brute == 37.2 and site.reseau_fibre_optique == "oui"
    assert site.zone is not None and site.zone.nom == "ZAC Les Bornes du Temps"
    assert TerrainEconomique.objects.get(terr_id="80024_TERRAIN-ECO_00131").site == site
    etab = EtablissementEconomique.objects.get(siret="34749951900010")
    assert etab.terr_id == "44003_TERRAIN-ECO_ 000131|44003_TERRAIN-ECO_00115"
    assert not etab.terrains.exists()
    assert any("absent(s) de l'inventaire" in a for a in rapport.avertissements)
