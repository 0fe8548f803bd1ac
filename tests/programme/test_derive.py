"""Derived values of the programme, as pure functions (no database)."""

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from territoire.programme import derive
from territoire.programme.derive import Noeud

AUJOURDHUI = dt.date(2025, 6, 1)


def test_une_fiche_terminee_n_est_jamais_en_retard():
    assert (
        derive.raisons_retard("termine", dt.date(2020, 1, 1), dt.date(2021, 1, 1), AUJOURDHUI, 3)
        == []
    )
    assert derive.raisons_retard("abandonne", None, dt.date(2021, 1, 1), AUJOURDHUI) == []


def test_une_fiche_en_cours_dont_la_fin_est_passee_est_en_retard():
    raisons = derive.raisons_retard(
        "en_cours", dt.date(2020, 1, 1), dt.date(2025, 5, 31), AUJOURDHUI
    )
    assert raisons == ["date de fin dépassée (31/05/2025)"]


def test_une_fiche_en_cours_dans_ses_dates_n_est_pas_en_retard():
    assert (
        derive.raisons_retard("en_cours", dt.date(2020, 1, 1), dt.date(2025, 6, 1), AUJOURDHUI)
        == []
    )


def test_une_fiche_pas_lancee_apres_sa_date_de_debut_est_en_retard():
    assert derive.raisons_retard("a_lancer", dt.date(2025, 1, 1), None, AUJOURDHUI)
    assert derive.raisons_retard(None, dt.date(2025, 1, 1), None, AUJOURDHUI)
    assert not derive.raisons_retard("a_lancer", dt.date(2025, 7, 1), None, AUJOURDHUI)


def test_un_jalon_depasse_met_la_fiche_en_retard():
    assert derive.raisons_retard("en_cours", None, None, AUJOURDHUI, 2) == [
        "2 jalons dépassés non atteints"
    ]


def test_avancement_parent_moyenne_simple_ignore_les_inconnus_et_les_compte():
    noeuds = [
        Noeud(1, None, None, 1, "moyenne"),
        Noeud(2, 1, 20, 1, "moyenne"),
        Noeud(3, 1, 80, 5, "moyenne"),
        Noeud(4, 1, None, 1, "moyenne"),
    ]
    a = derive.calculer_avancements(noeuds)[1]
    assert a.valeur == 50.0 and a.derive and a.manquants == 1 and a.comptes == 2
    assert "moyenne simple de 2 sous-fiches" in a.libelle_methode()
    assert "1 sans avancement connu" in a.libelle_methode()


def test_avancement_parent_pondere_par_le_poids():
    noeuds = [
        Noeud(1, None, 0, 1, "ponderee"),
        Noeud(2, 1, 20, 1, "ponderee"),
        Noeud(3, 1, 80, 3, "ponderee"),
    ]
    assert derive.calculer_avancements(noeuds)[1].valeur == 65.0


def test_avancement_inconnu_reste_inconnu_jamais_zero():
    noeuds = [
        Noeud(1, None, None, 1, "moyenne"),
        Noeud(2, 1, None, 1, "moyenne"),
        Noeud(5, None, None, 1, "moyenne"),
    ]
    res = derive.calculer_avancements(noeuds)
    assert res[1].valeur is None and res[1].manquants == 1
    assert res[5].valeur is None and not res[5].derive


def test_avancement_se_derive_sur_plusieurs_niveaux():
    noeuds = [
        Noeud(1, None, None, 1, "moyenne"),
        Noeud(2, 1, None, 1, "moyenne"),
        Noeud(3, 2, 100, 1, "moyenne"),
        Noeud(4, 2, 50, 1, "moyenne"),
        Noeud(5, 1, 25, 1, "moyenne"),
    ]
    res = derive.calculer_avancements(noeuds)
    assert res[2].valeur == 75.0
    assert res[1].valeur == 50.0


@given(
    st.lists(
        st.tuples(st.one_of(st.none(), st.integers(0, 100)), st.integers(1, 10)),
        min_size=1,
        max_size=12,
    ),
    st.sampled_from(["moyenne", "ponderee"]),
)
def test_avancement_parent_reste_entre_le_min_et_le_max_des_enfants(enfants, methode):
    noeuds = [Noeud(0, None, None, 1, methode)] + [
        Noeud(i, 0, a, p, methode) for i, (a, p) in enumerate(enfants, start=1)
    ]
    a = derive.calculer_avancements(noeuds)[0]
    connus = [v for v, _ in enfants if v is not None]
    if not connus:
        assert a.valeur is None
    else:
        assert min(connus) - 0.05 <= a.valeur <= max(connus) + 0.05
    assert a.manquants == len(enfants) - len(connus)


def test_completude_nomme_ce_qui_manque():
    c = derive.completude("Titre", "  ", a_statut=True, a_pilote=False)
    assert c["manquants"] == ["description", "pilote (organisation ou personne)"]
    assert c["taux"] == 50 and not c["complete"]
    assert derive.completude("T", "D", True, True)["complete"]


def test_couverture_dit_de_combien_le_financement_manque():
    c = derive.couverture(Decimal("100000"), Decimal("60000"))
    assert (
        c["taux"] == Decimal("60.0") and c["manque"] == Decimal("40000") and c["couvert"] is False
    )
    c = derive.couverture(Decimal("100000"), Decimal("120000"))
    assert c["couvert"] is True and c["manque"] == 0 and c["taux"] == Decimal("120.0")


def test_couverture_sans_cout_est_inconnue_et_non_nulle():
    c = derive.couverture(None, Decimal("5000"))
    assert c["taux"] is None and c["couvert"] is None


def test_totaux_comptent_le_verse_comme_accorde():
    t = derive.totaux_argent(
        [
            ("investissement", "prevu", Decimal("80")),
            ("fonctionnement", "prevu", Decimal("20")),
            ("investissement", "realise", Decimal("30")),
        ],
        [("demande", Decimal("50")), ("accorde", Decimal("30")), ("verse", Decimal("20"))],
    )
    assert t["prevu"] == Decimal("100") and t["realise"] == Decimal("30")
    assert t["financements"] == {
        "demande": Decimal("50"),
        "accorde": Decimal("30"),
        "verse": Decimal("20"),
    }
    assert t["couverture"]["taux"] == Decimal("50.0") and t["couverture"]["manque"] == Decimal("50")


def test_le_graphique_place_cible_et_realise_dans_le_cadre():
    from territoire.programme import graphiques

    g = graphiques.courbe(
        [
            (dt.date(2020, 12, 31), "realise", Decimal(12)),
            (dt.date(2021, 12, 31), "realise", Decimal(27)),
            (dt.date(2022, 12, 31), "cible", Decimal(40)),
        ]
    )
    assert [s["libelle"] for s in g["series"]] == ["Cible", "Réalisé"]
    for s in g["series"]:
        for m in s["marques"]:
            assert g["x0"] <= m["x"] <= g["x1"] and 0 <= m["y"] <= g["y_bas"]
    realise = g["series"][1]["marques"]
    assert realise[0]["y"] > realise[1]["y"]  # 27 is drawn higher than 12
    assert realise[1]["titre"] == "Réalisé 31/12/2021 : 27"


def test_le_graphique_sans_valeur_n_est_pas_dessine_et_une_seule_valeur_l_est():
    from territoire.programme import graphiques

    assert graphiques.courbe([]) is None
    g = graphiques.courbe([(dt.date(2021, 1, 1), "cible", Decimal(0))])
    assert len(g["series"]) == 1 and len(g["series"][0]["marques"]) == 1
