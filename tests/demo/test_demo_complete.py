"""`territoire demo` end to end: the seed's orders of magnitude come out of the registry.

The slowest test of the suite (it builds the whole territory twice): keep it alone.
"""

from __future__ import annotations

from io import StringIO

import pytest
import shapely
from django.core.management import call_command

from territoire.etablissements import tranches
from territoire.etablissements.models import Etablissement, ImportSirene, UniteLegale
from territoire.observatoire.chiffres import chiffres_cles
from territoire.referentiel.models import Commune, Territoire, ZoneActivite

CLES_DU_RECENSEMENT = [
    "communes", "population", "etablissements_industriels", "emplois_industriels", "zones_industrielles",
    "entreprises_services_industrie", "par_filiere", "par_zone", "par_tranche", "etablissements_actifs",
    "etablissements_non_diffusibles",
]


def _compteurs(territoire) -> dict:
    chiffres = chiffres_cles(territoire)
    return {
        **{cle: chiffres[cle] for cle in CLES_DU_RECENSEMENT},
        "communes": territoire.communes.count(),
        "zones": territoire.zones.count(),
        "etablissements": Etablissement.objects.count(),
        "actifs": Etablissement.objects.filter(etat="A").count(),
        "unites_legales": UniteLegale.objects.count(),
        "territoires": Territoire.objects.count(),
    }


@pytest.mark.django_db
def test_demo_reproduit_les_ordres_de_grandeur_du_socle_et_se_relance_a_l_identique():
    call_command("demo", stdout=StringIO())
    territoire = Territoire.objects.get(slug="bethune-bruay")
    assert territoire.donnees_fictives and territoire.id_ti == "ti-3204"
    assert list(territoire.epcis.values_list("siren", flat=True)) == ["200072460"]

    c = chiffres_cles(territoire)
    assert c["communes"] == 100
    assert 270_000 < c["population"] < 285_000
    assert 150 <= c["etablissements_industriels"] <= 180
    emplois = c["emplois_industriels"]
    assert 10_000 <= emplois["central"] <= 14_000 and emplois["bas"] < emplois["central"] < emplois["haut"]
    assert emplois["millesime"] == "2023"
    assert c["zones_industrielles"] == 8
    assert 80 <= c["entreprises_services_industrie"] <= 120
    en_tete = list(c["par_filiere"])[:6]
    for filiere in ("Métallurgie, travail des métaux", "Mécanique, machines", "Agroalimentaire",
                    "Plasturgie, caoutchouc"):
        assert filiere in en_tete
    assert c["par_filiere"]["Électronique"] >= 5 and c["par_filiere"]["Automobile"] >= 5
    assert c["par_filiere"]["Batteries et accumulateurs"] >= 1
    assert c["par_zone"].get("Hors zone", 0) < 0.4 * c["etablissements_industriels"]

    zones = ZoneActivite.objects.filter(territoire=territoire)
    assert zones.count() == 8
    assert all(z.contour_illustratif and "illustratif" in z.source for z in zones)
    assert not Etablissement.objects.filter(fictif=False).exists()
    assert not UniteLegale.objects.filter(fictif=False).exists()
    # The demo's own import, and the national pass that fills the 2023–2027 perimeter (ti-3205): all fictitious.
    assert ImportSirene.objects.filter(territoire=territoire).get().fictif
    assert not ImportSirene.objects.filter(fictif=False).exists()

    # The definition matters: industrial rows outside it exist in the registry.
    industriels = Etablissement.objects.filter(commune__territoires=territoire, est_industriel=True)
    assert industriels.filter(etat="F", tranche_effectifs__in=tranches.codes_au_moins("11")).count() >= 20
    assert industriels.filter(etat="A").exclude(tranche_effectifs__in=tranches.codes_au_moins("11")).count() >= 300
    # Located establishments lie in their commune (after the importer's Lambert-93 → WGS84).
    geometries = {co.code_insee: co.geometrie for co in Commune.objects.filter(territoires__isnull=False).distinct()}
    places = Etablissement.objects.filter(latitude__isnull=False).values_list("code_commune", "longitude", "latitude")
    hors = [p for p in places if not geometries[p[0]].contains(shapely.Point(p[1], p[2]))]
    assert not hors and len(places) > 15_000

    avant = _compteurs(territoire)
    call_command("demo", stdout=StringIO())
    territoire = Territoire.objects.get(slug="bethune-bruay")
    assert _compteurs(territoire) == avant
    dernier = ImportSirene.objects.order_by("-debut").first()
    assert dernier.crees == 0 and dernier.fermes == 0 and dernier.disparus == 0
