"""Working days and French public holidays (pure functions, no database)."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from territoire.guichet import calendrier


def test_paques_connues():
    assert calendrier.paques(2024) == date(2024, 3, 31)
    assert calendrier.paques(2025) == date(2025, 4, 20)
    assert calendrier.paques(2026) == date(2026, 4, 5)
    assert calendrier.paques(2038) == date(2038, 4, 25)  # la plus tardive possible


def test_jours_feries_2026_metropole():
    feries = calendrier.jours_feries(2026)
    assert len(feries) == 11
    assert {date(2026, 4, 6), date(2026, 5, 14), date(2026, 5, 25)} <= feries  # Pâques, Ascension, Pentecôte
    assert date(2026, 4, 3) not in feries  # vendredi saint : seulement en Alsace-Moselle
    assert date(2026, 4, 3) in calendrier.jours_feries(2026, alsace_moselle=True)


def test_cinq_jours_ouvres_sautent_le_week_end_et_l_ascension():
    # Lundi 11 mai 2026 : mardi 12, mercredi 13, (jeudi 14 Ascension), vendredi 15, lundi 18, mardi 19.
    assert calendrier.ajouter_jours_ouvres(date(2026, 5, 11), 5) == date(2026, 5, 19)
    # Déposée un samedi : le délai commence lundi.
    assert calendrier.ajouter_jours_ouvres(date(2026, 11, 21), 5) == date(2026, 11, 27)
    # Noël 2026 et le 1er janvier 2027 tombent un vendredi : chacun décale le délai d'un jour.
    assert calendrier.ajouter_jours_ouvres(date(2026, 12, 23), 5) == date(2026, 12, 31)
    assert calendrier.ajouter_jours_ouvres(date(2026, 12, 28), 5) == date(2027, 1, 5)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)), st.integers(0, 40))
def test_ajouter_puis_compter_est_coherent(debut, n):
    fin = calendrier.ajouter_jours_ouvres(debut, n)
    assert calendrier.jours_ouvres_entre(debut, fin) == n
    assert n == 0 or calendrier.est_ouvre(fin)


@given(st.integers(1900, 2199))
def test_paques_tombe_un_dimanche_entre_le_22_mars_et_le_25_avril(annee):
    p = calendrier.paques(annee)
    assert p.weekday() == 6
    assert date(annee, 3, 22) <= p <= date(annee, 4, 25)
