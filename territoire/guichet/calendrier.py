"""French working days: Monday to Friday, except public holidays (computed, never typed in).

Public holidays in metropolitan France (Code du travail, art. L3133-1): 1 January, Easter
Monday, 1 May, 8 May, Ascension Thursday, Whit Monday, 14 July, 15 August, 1 November,
11 November, 25 December. Alsace-Moselle adds Good Friday and 26 December (`alsace_moselle`).
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache


def paques(annee: int) -> date:
    """Easter Sunday (Gregorian calendar, anonymous algorithm of Meeus/Jones/Butcher)."""
    a = annee % 19
    b, c = divmod(annee, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    mois, jour = divmod(h + l_ - 7 * m + 114, 31)
    return date(annee, mois, jour + 1)


@lru_cache(maxsize=64)
def jours_feries(annee: int, alsace_moselle: bool = False) -> frozenset[date]:
    p = paques(annee)
    jours = {
        date(annee, 1, 1),
        p + timedelta(days=1),  # lundi de Pâques
        date(annee, 5, 1),
        date(annee, 5, 8),
        p + timedelta(days=39),  # Ascension
        p + timedelta(days=50),  # lundi de Pentecôte
        date(annee, 7, 14),
        date(annee, 8, 15),
        date(annee, 11, 1),
        date(annee, 11, 11),
        date(annee, 12, 25),
    }
    if alsace_moselle:
        jours |= {p - timedelta(days=2), date(annee, 12, 26)}
    return frozenset(jours)


def est_ouvre(jour: date, alsace_moselle: bool = False) -> bool:
    return jour.weekday() < 5 and jour not in jours_feries(jour.year, alsace_moselle)


def ajouter_jours_ouvres(jour: date, n: int, alsace_moselle: bool = False) -> date:
    """The n-th working day after `jour` (`jour` itself does not count)."""
    courant = jour
    restant = n
    while restant > 0:
        courant += timedelta(days=1)
        if est_ouvre(courant, alsace_moselle):
            restant -= 1
    return courant


def jours_ouvres_entre(debut: date, fin: date, alsace_moselle: bool = False) -> int:
    """Working days after `debut` up to and including `fin` (0 when fin <= debut)."""
    n = 0
    courant = debut
    while courant < fin:
        courant += timedelta(days=1)
        if est_ouvre(courant, alsace_moselle):
            n += 1
    return n
