"""A new version of the demo's data replaces the old fictitious census instead of being
refused as a mass closure; real rows are never touched."""

from __future__ import annotations

import csv

import pytest

from territoire.demo import generateur_sirene as gen
from territoire.demo.recensement import purger_recensement_fictif_perime
from territoire.etablissements.models import Etablissement, ImportSirene, UniteLegale
from tests.etablissements import factories


def _fichier(tmp_path, sirets):
    chemin = tmp_path / "StockEtablissement_demo.csv"
    with chemin.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, gen.COLONNES_ETABLISSEMENT)
        w.writeheader()
        w.writerows({**dict.fromkeys(gen.COLONNES_ETABLISSEMENT, ""), "siret": s} for s in sirets)
    return chemin


@pytest.mark.django_db
def test_recensement_fictif_perime_retire_mais_jamais_les_donnees_reelles(territoire, tmp_path):
    bethune = territoire.communes.get(code_insee="62119")
    fictif = factories.etablissement(bethune, fictif=True)
    UniteLegale.objects.filter(pk=fictif.unite_legale_id).update(fictif=True)
    reel = factories.etablissement(bethune)
    ImportSirene.objects.create(territoire=territoire, source="x", statut="reussi", debut="2026-01-01T00:00Z", fictif=True)

    assert purger_recensement_fictif_perime(territoire, _fichier(tmp_path, [fictif.siret])) == 0
    assert Etablissement.objects.filter(pk=fictif.pk).exists()

    assert purger_recensement_fictif_perime(territoire, _fichier(tmp_path, ["12345678200017"])) == 1
    assert not Etablissement.objects.filter(pk=fictif.pk).exists()
    assert not UniteLegale.objects.filter(pk=fictif.unite_legale_id).exists()
    assert not ImportSirene.objects.filter(territoire=territoire, fictif=True).exists()
    assert Etablissement.objects.filter(pk=reel.pk).exists()
    assert UniteLegale.objects.filter(pk=reel.unite_legale_id).exists()
