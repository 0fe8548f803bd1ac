"""The `innovation` object of `territoire chiffres --json`: exactly the keys the issue names."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from territoire.innovation import actions
from tests.innovation import factories
from tests.reseau import factories as reseau

CLES = {"detenteurs_competences", "competences", "besoins", "mises_en_relation", "projets", "diagnostics", "maturite_moyenne"}


@pytest.mark.django_db
def test_chiffres_json_porte_l_objet_innovation_avec_ses_cles(territoire, alice, vocabulaire, capsys):
    centre = factories.detenteur(territoire)
    besoin = factories.besoin(territoire)
    factories.besoin(territoire)
    actions.mettre_en_relation(besoin, centre, responsable=alice)
    actions.creer_projet(territoire, titre="P", etape="en_cours")
    for score in (1, 2, 4):
        factories.diagnostic(territoire, reseau.organisation(territoire), {**factories.SCORES_MOYENS, "cybersecurite": score})
    call_command("chiffres", "--json", "--territoire", territoire.slug)
    innovation = json.loads(capsys.readouterr().out)["innovation"]
    assert set(innovation) == CLES
    assert innovation["detenteurs_competences"] == 1 and innovation["besoins"] == 2 and innovation["mises_en_relation"] == 1
    assert innovation["competences"] >= 100
    assert innovation["projets"]["en_cours"] == 1 and innovation["projets"]["idee"] == 0
    assert innovation["diagnostics"] == 3
    assert innovation["maturite_moyenne"]["cybersecurite"] == pytest.approx(2.3)


@pytest.mark.django_db
def test_la_maturite_moyenne_est_nulle_sous_trois_reponses(territoire, vocabulaire):
    from territoire.innovation.chiffres import chiffres_innovation

    factories.diagnostic(territoire, reseau.organisation(territoire), factories.SCORES_MOYENS)
    assert set(chiffres_innovation(territoire)["innovation"]["maturite_moyenne"].values()) == {None}
