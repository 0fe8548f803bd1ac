"""The demo builder of the network and the desk, on the small test territory."""

from __future__ import annotations

from io import StringIO

import pytest

from territoire.demo import reseau as demo
from territoire.etablissements.models import Etablissement
from territoire.guichet.models import Conseiller, Demande, Institution
from territoire.guichet.queries import nombre_de_trous_de_couverture, trous_de_couverture
from territoire.reseau.models import Contact, Interaction, Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def recensement_fictif(territoire):
    from tests.guichet.factories import sujets_par_defaut

    sujets_par_defaut()
    communes = list(territoire.communes.all())
    for i in range(40):
        Etablissement.objects.create(
            siret=f"9{i:013d}", siren=f"9{i:08d}", nic="00010", code_commune=communes[i % 2].code_insee,
            commune=communes[i % 2], est_industriel=True, tranche_effectifs=("11", "12", "21")[i % 3],
            naf="25.62A", fictif=True, enseigne=f"Atelier fictif {i}",
        )
    Etablissement.objects.create(siret="99999999900010", siren="999999999", nic="00010", code_commune="62729",
                                 commune=communes[0], est_industriel=True, tranche_effectifs="02", fictif=True)


def test_la_demo_construit_partenaires_entreprises_et_deux_ans_d_histoire(territoire, recensement_fictif):
    sortie = StringIO()
    demo.construire(territoire, sortie)
    assert "7 partenaires" in sortie.getvalue()
    assert Institution.objects.filter(territoire=territoire).count() == 7
    entreprises = Organisation.objects.du_territoire(territoire).entreprises()
    assert entreprises.count() == 40  # 10 salariés ou plus seulement
    assert not entreprises.filter(etablissement__isnull=True).exists()
    assert not Contact.objects.exclude(email__endswith=".demo.invalid").exists()  # personnes fictives
    statuts = set(Demande.objects.values_list("statut", flat=True))
    assert {"faite", "prise_en_charge"} <= statuts or {"faite", "nouvelle"} <= statuts
    assert Demande.objects.filter(satisfaction__isnull=False).exists()
    assert Interaction.objects.filter(territoire=territoire).exists()
    trous = sum(len(c) for _, c in trous_de_couverture(territoire))
    assert 0 < trous < 20  # la plupart des couples sont couverts, avec un trou visible
    assert nombre_de_trous_de_couverture(territoire) == trous  # the key figure counts the same pairs
    assert Organisation.objects.non_rencontrees(territoire).exists()
    assert Conseiller.objects.filter(utilisateur__username="demo-conseiller").exists()


def test_la_demo_se_reconstruit_a_l_identique(territoire, recensement_fictif):
    demo.construire(territoire, StringIO())
    avant = (Organisation.objects.count(), Demande.objects.count(), Interaction.objects.count(), Contact.objects.count())
    demo.construire(territoire, StringIO())
    assert (Organisation.objects.count(), Demande.objects.count(), Interaction.objects.count(), Contact.objects.count()) == avant
