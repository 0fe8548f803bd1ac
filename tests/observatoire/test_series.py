"""Monthly series since 2019: reconstituted from the history and the stock by one SQL statement,
and one point per stock import; the vintage of the bands always said."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from territoire.etablissements.importer import importer_stock
from territoire.etablissements.importer.historique import importer_historique
from territoire.observatoire import series
from territoire.observatoire.models import PointSerie
from tests.etablissements import factories
from tests.etablissements import fichiers as stock
from tests.observatoire.fichiers import ecrire, periode

pytestmark = pytest.mark.django_db

JANVIER_2019 = dt.date(2019, 1, 1)


@pytest.fixture
def communes(territoire):
    return territoire.communes.get(code_insee="62729"), territoire.communes.get(code_insee="62119")


@pytest.fixture
def recensement(territoire, communes):
    """A plant closed on 30 April 2021 (history), one created in June 2020 (no history: the stock
    tells), a small workshop and a software firm (neither counted)."""
    ruitz, bethune = communes
    zone = territoire.zones.first()
    return {
        "pneus": factories.etablissement(bethune, naf="22.11Z", tranche_effectifs="41", etat="F",
                                         date_creation=dt.date(1961, 10, 2), date_debut=dt.date(2021, 5, 1),
                                         employeur="N", annee_effectifs="2020"),
        "cellules": factories.etablissement(ruitz, zone=zone, naf="27.20Z", tranche_effectifs="22",
                                            date_creation=dt.date(2020, 6, 15), date_debut=dt.date(2020, 6, 15)),
        "atelier": factories.etablissement(ruitz, naf="25.62A", tranche_effectifs="03"),
        "logiciel": factories.etablissement(ruitz, naf="62.01Z", tranche_effectifs="21"),
    }


def _historique(territoire, recensement, tmp_path):
    p = recensement["pneus"].siret
    lignes = [periode(p, "1961-10-02", "2021-04-30", naf="22.11Z"), periode(p, "2021-05-01", etat="F", naf="22.11Z"),
              periode(recensement["atelier"].siret, "2010-03-01")]
    return importer_historique(territoire, ecrire(tmp_path / "h.csv", lignes))


def _emplois(points, mois):
    point = series.point_au(points, mois)
    return point["emplois"] if point else None


def test_la_reconstitution_suit_fermetures_et_creations_mois_par_mois(territoire, recensement, tmp_path):
    _historique(territoire, recensement, tmp_path)
    s = series.serie(territoire, series.RECONSTITUTION)
    assert s[0]["mois"] == JANVIER_2019 and s[-1]["mois"] == timezone.localdate().replace(day=1)
    assert _emplois(s, JANVIER_2019) == {"bas": 500, "central": 750, "haut": 999}
    assert _emplois(s, dt.date(2020, 6, 1)) == {"bas": 500, "central": 750, "haut": 999}
    assert _emplois(s, dt.date(2020, 7, 1)) == {"bas": 600, "central": 899, "haut": 1198}
    assert _emplois(s, dt.date(2021, 4, 1)) == {"bas": 600, "central": 899, "haut": 1198}
    assert _emplois(s, dt.date(2021, 5, 1)) == {"bas": 100, "central": 150, "haut": 199}
    assert s[-1]["etablissements"] == 1


def test_chaque_serie_dit_le_millesime_des_tranches(territoire, recensement, tmp_path):
    _historique(territoire, recensement, tmp_path)
    s = series.series_du_territoire(territoire)
    assert s["phrase_reconstitution"] == (
        "effectifs : tranche de l'année 2023 appliquée aux établissements actifs à la date"
    )
    assert series.serie(territoire, series.RECONSTITUTION)[0]["millesime"] == "2020"


def test_par_filiere_zone_et_commune_en_une_requete(territoire, recensement, tmp_path, django_assert_num_queries):
    _historique(territoire, recensement, tmp_path)
    mois = [JANVIER_2019, dt.date(2021, 6, 1)]
    with django_assert_num_queries(1):
        filieres = series.par_dimension(territoire, series.RECONSTITUTION, "filiere", mois)
    assert filieres["Plasturgie, caoutchouc"][JANVIER_2019]["etablissements"] == 1
    assert set(filieres["Batteries et accumulateurs"]) == {dt.date(2021, 6, 1)}
    with django_assert_num_queries(1):
        zones = series.par_dimension(territoire, series.RECONSTITUTION, "zone", mois)
    assert zones["ZI de Ruitz"][dt.date(2021, 6, 1)]["etablissements"] == 1
    assert dt.date(2021, 6, 1) not in zones["Hors zone"]
    communes = series.par_dimension(territoire, series.RECONSTITUTION, "commune", mois)
    assert communes["Béthune"][JANVIER_2019]["emplois"]["central"] == 750


def test_sans_historique_pas_de_reconstitution_mais_un_point_par_import(territoire, communes, tmp_path):
    chemin = stock.ecrire_csv(tmp_path / "stock.csv", [stock.etablissement(i, trancheEffectifsEtablissement="21")
                                                        for i in range(1, 4)])
    run = importer_stock(territoire, chemin)
    assert not PointSerie.objects.filter(source=series.RECONSTITUTION).exists()
    releve = series.serie(territoire, series.RELEVE)
    assert releve == [{
        "mois": timezone.localdate(run.debut).replace(day=1), "etablissements": 3,
        "emplois": {"bas": 150, "central": 224, "haut": 297}, "millesime": "2023",
    }]
    point = PointSerie.objects.get(source=series.RELEVE)
    assert point.import_sirene == run and point.zone.nom == "ZI de Ruitz"


def test_un_second_import_du_meme_mois_remplace_son_point(territoire, communes, tmp_path):
    premier = stock.ecrire_csv(tmp_path / "a.csv", [stock.etablissement(1, trancheEffectifsEtablissement="21")])
    importer_stock(territoire, premier)
    second = stock.ecrire_csv(tmp_path / "b.csv", [stock.etablissement(1, trancheEffectifsEtablissement="22")])
    importer_stock(territoire, second)
    assert [p["emplois"]["bas"] for p in series.serie(territoire, series.RELEVE)] == [100]


def test_un_essai_a_blanc_n_ajoute_pas_de_point(territoire, communes, tmp_path):
    chemin = stock.ecrire_csv(tmp_path / "stock.csv", [stock.etablissement(1, trancheEffectifsEtablissement="21")])
    importer_stock(territoire, chemin, dry_run=True)
    assert not PointSerie.objects.exists()


def test_l_objet_observatoire_des_chiffres_cles(territoire, recensement, tmp_path):
    _historique(territoire, recensement, tmp_path)
    sortie = io.StringIO()
    call_command("chiffres", "--json", stdout=sortie)
    o = json.loads(sortie.getvalue())["observatoire"]
    assert set(o) == {
        "series_depuis", "points", "emplois_2019", "emplois_maintenant", "evenements", "evenements_proposes",
        "signaux", "visites_12_mois", "part_emplois_centre_decision_exterieur",
    }
    assert o["series_depuis"] == "2019-01"
    assert o["points"] == len(series.mois_entre(JANVIER_2019, timezone.localdate()))
    assert o["emplois_2019"] == {"bas": 500, "central": 750, "haut": 999}
    assert o["emplois_maintenant"] == {"bas": 100, "central": 150, "haut": 199}
    # The history records the closure of a plant of 500 to 999 employees: proposed to the team.
    assert (o["evenements"], o["evenements_proposes"], o["visites_12_mois"]) == (0, 1, 0)
    from territoire.observatoire.models import Evenement

    assert Evenement.objects.get().etablissement == recensement["pneus"]


def test_sans_aucune_donnee_les_chiffres_de_l_observatoire_sont_vides(territoire):
    from territoire.observatoire.chiffres_observatoire import chiffres_observatoire

    o = chiffres_observatoire(territoire)["observatoire"]
    assert o["series_depuis"] is None and o["points"] == 0
    assert o["emplois_2019"] is None and o["emplois_maintenant"] is None
    assert o["part_emplois_centre_decision_exterieur"] is None


def test_mois_entre_compte_les_premiers_jours():
    assert series.mois_entre(dt.date(2019, 11, 20), dt.date(2020, 2, 1)) == [
        dt.date(2019, 11, 1), dt.date(2019, 12, 1), dt.date(2020, 1, 1), dt.date(2020, 2, 1),
    ]
