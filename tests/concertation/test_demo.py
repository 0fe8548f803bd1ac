"""The consultation's demo builder, on a small census (the full demo is walked in tests/demo/)."""

from __future__ import annotations

from io import StringIO

import pytest

from territoire.concertation.chiffres import chiffres_concertation
from territoire.concertation.models import Consultation, Contribution, Reunion
from territoire.demo import concertation as demo
from tests.etablissements import factories as recensement


@pytest.fixture
def petit_recensement(territoire):
    commune = territoire.communes.order_by("code_insee").first()
    nafs = ["25.62A", "22.29A", "10.72Z", "26.11Z", "28.15Z", "29.32Z"]
    for i in range(18):
        recensement.etablissement(commune, denomination=f"Industrie fictive {i}", naf=nafs[i % len(nafs)],
                                  tranche_effectifs=["11", "12", "21", "32"][i % 4], fictif=True)
    return territoire


def test_la_demo_reconstruit_la_concertation_du_document_de_depart(petit_recensement):
    sortie = StringIO()
    demo.construire(petit_recensement, sortie)
    c = chiffres_concertation(petit_recensement)["concertation"]
    assert c["reunions_collectives"] > 20 and c["entretiens_individuels"] > 0
    assert c["entreprises_participantes"] == 18  # every firm of this small census
    assert Reunion.objects.filter(consultation__territoire=petit_recensement).earliest("date").date.isoformat() == "2019-03-14"
    titres = [k["titre"] for k in c["constats"]]
    assert len(titres) == 5 and all(k["entreprises"] > 0 for k in c["constats"])
    assert sum(1 for k in c["constats"] if k["fiches_actions"]) == 4  # the fifth stays unanswered, visibly
    assert not Contribution.objects.filter(reunion__type="individuelle", confidentielle=False).exists()
    assert "Concertation : 24 réunions collectives" in sortie.getvalue()

    from territoire.reseau.models import Historique

    traces = Historique.objects.count()
    demo.construire(petit_recensement, StringIO())  # a rebuild replaces, never duplicates
    assert Consultation.objects.filter(territoire=petit_recensement).count() == 1
    assert Historique.objects.count() == traces
    assert chiffres_concertation(petit_recensement)["concertation"] == c
