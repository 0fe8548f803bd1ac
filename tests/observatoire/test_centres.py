"""Decision centres: where each industrial establishment's legal unit has its head office, and
the share of industrial jobs that depend on a centre outside the territory."""

from __future__ import annotations

import pytest

from territoire.observatoire import centres
from territoire.observatoire.models import CentreDecision
from tests.etablissements import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def ruitz(territoire):
    return territoire.communes.get(code_insee="62729")


def test_siege_dans_le_territoire_ailleurs_ou_inconnu(territoire, ruitz):
    locale = factories.etablissement(ruitz, tranche_effectifs="22", siege=True)
    groupe = factories.unite_legale(nic_siege="00099")
    usine = factories.etablissement(ruitz, unite=groupe, siege=False, tranche_effectifs="22")
    lyon = factories.unite_legale()
    siege_lyon = factories.siret_de(lyon.siren, 1)
    lyon.nic_siege = siege_lyon[9:]
    lyon.save()
    factories.etablissement(ruitz, unite=lyon, siege=False, tranche_effectifs="12", siret=factories.siret_de(lyon.siren, 2))
    from territoire.etablissements.models import Etablissement

    Etablissement.objects.create(siret=siege_lyon, siren=lyon.siren, nic=siege_lyon[9:], unite_legale=lyon,
                                 siege=True, code_commune="69123", etat="A")
    assert centres.mettre_a_jour(territoire) == {}
    localisations = dict(CentreDecision.objects.values_list("unite_legale__siren", "localisation"))
    assert localisations == {locale.siren: "territoire", groupe.siren: "hors_territoire", lyon.siren: "france"}
    part = centres.part_exterieure(territoire)
    # 150 + 150 + 35 central jobs; 150 + 35 outside.
    assert part["total"] == round(185 / 335, 3)
    assert usine.filiere.libelle in part["par_filiere"]


def test_ce_que_l_equipe_a_saisi_n_est_pas_remplace(territoire, ruitz):
    e = factories.etablissement(ruitz, siege=False)
    CentreDecision.objects.create(unite_legale=e.unite_legale, localisation="etranger", saisi_par_equipe=True,
                                  libelle="Groupe à Aerzen (Allemagne)", source="Site du groupe")
    centres.mettre_a_jour(territoire)
    assert CentreDecision.objects.get().localisation == "etranger"


def test_localiser_par_le_code_commune():
    codes = {"62729"}
    regions = {centres.region("62729")}
    assert centres.localiser("62729", codes, regions) == "territoire"
    assert centres.localiser("59350", codes, regions) == "region"
    assert centres.localiser("69123", codes, regions) == "france"
    assert centres.localiser("99109", codes, regions) == "etranger"
    assert centres.localiser("", codes, regions) == "hors_territoire"
    assert centres.departement("97411") == "974"


def test_emplois_par_categorie_d_entreprise_avec_son_annee(territoire, ruitz):
    eti = factories.unite_legale(categorie_entreprise="ETI", annee_categorie="2022")
    factories.etablissement(ruitz, unite=eti, tranche_effectifs="22")
    factories.etablissement(ruitz, tranche_effectifs="12")  # a PME of the factories' default
    sans = factories.unite_legale(categorie_entreprise="")
    factories.etablissement(ruitz, unite=sans, tranche_effectifs="11")
    assert centres.par_categorie(territoire) == [
        {"categorie": "ETI", "emplois": 150, "etablissements": 1, "annee": "2022"},
        {"categorie": "PME", "emplois": 34, "etablissements": 1, "annee": ""},
        {"categorie": "", "emplois": 14, "etablissements": 1, "annee": ""},
    ]
