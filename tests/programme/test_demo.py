"""The demo's programme: the seed's action plan, governance, illustrative money; rebuildable."""

import io

from territoire.programme.models import Cofinancement, Decision, FicheAction, LigneBudget, Seance


def test_la_demo_construit_le_plan_du_document_d_origine_et_se_reconstruit(territoire):
    from territoire.demo.programme import construire

    construire(territoire, io.StringIO())
    construire(territoire, io.StringIO())  # a rebuild replaces, it does not duplicate
    fiches = FicheAction.objects.filter(
        programme__territoire=territoire, programme__code="2019-2022"
    )
    assert 10 <= fiches.count() <= 14
    titres = " ".join(fiches.values_list("titre", flat=True))
    for attendu in (
        "industrie du futur",
        "Technopôle",
        "Campus des Métiers",
        "Française de Mécanique",
    ):
        assert attendu in titres
    assert Seance.objects.filter(instance__territoire=territoire).count() == 2
    assert not LigneBudget.objects.filter(illustratif=False).exists()
    assert not Cofinancement.objects.filter(illustratif=False).exists()
    decision = Decision.objects.filter(fiche__numero="6").get()
    assert decision.etat_fiche["le"] == "2021-10-14"
    assert decision.etat_fiche["derniere_mise_a_jour"]["date"] == "2021-01-15"
    assert fiches.filter(confidentiel=True, publie=False).exists()
    parent = fiches.get(numero="1")
    assert parent.sous_fiches.count() == 2 and parent.methode_avancement == "ponderee"
