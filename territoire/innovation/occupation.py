"""Occupancy of the Technopôle over time: pure arithmetic on its units and stays.

On a day, the occupied surface is that of the units held by a stay running that day (entered
on or before the day, not yet left); the open surface is that of the units open that day.
The rate is their ratio; it is unknown (None) on a day with no open unit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class Point:
    jour: date
    ouverte_m2: Decimal
    occupee_m2: Decimal
    entreprises: int

    @property
    def taux(self) -> float | None:
        return round(float(self.occupee_m2 / self.ouverte_m2) * 100, 1) if self.ouverte_m2 else None


def _ouverte(cellule, jour: date) -> bool:
    return cellule.ouverte_le <= jour and (cellule.fermee_le is None or jour < cellule.fermee_le)


def _en_cours(hebergement, jour: date) -> bool:
    return hebergement.debut <= jour and (hebergement.fin is None or jour < hebergement.fin)


def occupation(cellules, hebergements, jour: date) -> Point:
    """`hebergements` have their `cellules` prefetched."""
    ouvertes = {c.pk: c for c in cellules if _ouverte(c, jour)}
    presents = [h for h in hebergements if _en_cours(h, jour)]
    occupees = {c.pk for h in presents for c in h.cellules.all() if c.pk in ouvertes}
    return Point(
        jour=jour, ouverte_m2=sum((c.surface_m2 for c in ouvertes.values()), Decimal(0)),
        occupee_m2=sum((ouvertes[pk].surface_m2 for pk in occupees), Decimal(0)), entreprises=len(presents),
    )


def trimestres(debut: date, fin: date) -> list[date]:
    """The first day of each quarter from `debut`'s quarter to `fin`'s."""
    jours, annee, mois = [], debut.year, 1 + 3 * ((debut.month - 1) // 3)
    while date(annee, mois, 1) <= fin:
        jours.append(date(annee, mois, 1))
        mois += 3
        if mois > 12:
            annee, mois = annee + 1, 1
    return jours


def serie(cellules, hebergements, jusqu_au: date) -> list[Point]:
    cellules = list(cellules)
    if not cellules:
        return []
    depart = min(c.ouverte_le for c in cellules)
    return [occupation(cellules, hebergements, j) for j in [*trimestres(depart, jusqu_au), jusqu_au]]
