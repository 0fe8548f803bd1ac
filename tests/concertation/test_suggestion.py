"""Theme suggestion: French text handling and its measured accuracy (a quality floor, not a timing)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from territoire.concertation import suggestion
from territoire.concertation.themes_defaut import THEMES

# Measured on the fixed split (every 4th statement held out: 41 of 164), see
# docs/concertation-suggestion.md: top 1 = 23/41 (56 %), top 2 = 32/41 (78 %).
# Floors = measure minus about 10 points, so that a harmless change of the corpus passes
# and a broken tokeniser or stemmer does not.
PLANCHER_TOP1 = 0.46
PLANCHER_TOP2 = 0.68


def test_le_corpus_etiquete_compte_au_moins_150_contributions_sur_des_themes_livres():
    exemples = suggestion.lire_corpus()
    assert len(exemples) >= 150
    codes = {code for code, *_ in THEMES}
    assert all(etiquettes and set(etiquettes) <= codes for _, etiquettes in exemples)
    assert len({t for t, _ in exemples}) == len(exemples), "contributions en double"


def test_l_exactitude_sur_la_partie_tenue_a_l_ecart_reste_au_dessus_du_plancher():
    apprentissage, test = suggestion.separer(suggestion.lire_corpus())
    assert not {t for t, _ in apprentissage} & {t for t, _ in test}
    mesure = suggestion.evaluer(apprentissage, test, suggestion.themes_livres())
    assert mesure["exemples_test"] == 41
    assert mesure["exactitude_top1"] >= PLANCHER_TOP1, mesure
    assert mesure["exactitude_top2"] >= PLANCHER_TOP2, mesure


def test_sans_racinisation_ni_mots_vides_la_suggestion_serait_moins_bonne(monkeypatch):
    """The French processing earns its place: plain lower-cased words do worse."""
    apprentissage, test = suggestion.separer(suggestion.lire_corpus())
    avec = suggestion.evaluer(apprentissage, test, suggestion.themes_livres())["exactitude_top1"]
    monkeypatch.setattr(suggestion, "jetons", lambda texte: texte.lower().split())
    sans = suggestion.evaluer(apprentissage, test, suggestion.themes_livres())["exactitude_top1"]
    assert avec > sans


def test_les_jetons_sont_des_racines_francaises_sans_mots_vides_ni_accents():
    assert suggestion.jetons("L’usine n'a pas de soudeurs qualifiés ; les formations manquent.") == [
        "usin", "soudeur", "qualifi", "format", "manquent"
    ]
    assert suggestion.jetons("Formations FORMATION") == ["format", "format"]
    assert suggestion.jetons("Électricité électricité") == ["electr", "electr"]


def test_une_phrase_claire_recoit_le_bon_theme():
    modele = suggestion.modele_avec([], suggestion.themes_livres())
    assert modele.suggerer("Nous n'arrivons pas à recruter des techniciens de maintenance ni des apprentis.")[0] == (
        "formation-recrutement"
    )
    assert modele.suggerer("La voirie de la zone et le foncier disponible pour nous agrandir.")[0] == "amenagement-zones"


def test_un_texte_sans_mot_connu_ne_recoit_aucune_suggestion():
    modele = suggestion.modele_avec([], suggestion.themes_livres())
    assert modele.suggerer("zzz qwerty 12345") == []
    assert modele.suggerer("") == []


def test_les_contributions_du_territoire_enseignent_un_theme_local():
    modele = suggestion.modele_avec(
        [("Le club des dirigeants se réunit chaque mois autour d'un petit-déjeuner.", ["club-dirigeants"])] * 3,
        suggestion.themes_livres(),
    )
    assert modele.suggerer("Un petit-déjeuner du club des dirigeants")[0] == "club-dirigeants"


_MODELE = suggestion.modele_avec([], suggestion.themes_livres())


@settings(deadline=None)  # a quality property, not a timing: speed belongs in bench/
@given(st.text(max_size=300))
def test_la_suggestion_accepte_n_importe_quel_texte(texte):
    resultat = _MODELE.suggerer(texte)
    assert len(resultat) <= 2 and set(resultat) <= set(_MODELE.centroides)
