"""The desk's measures: share taken in charge within 5 working days, time to close.

Definitions (shown on the measures page):
- a request is *taken in charge* when an advisor moves it to "prise en charge", "faite" or
  "faite sans aide"; the deadline is the 5th working day after the day it was filed
  (French public holidays excluded, see calendrier.py);
- the share counts the requests whose deadline has passed or that were taken in charge
  (a request filed yesterday and still waiting is not yet a failure);
- time to close is in calendar days from filing to closing, median over closed requests.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from statistics import median

from django.db.models import CharField, Count
from django.db.models.functions import Cast, Substr
from django.utils import timezone

from . import calendrier
from .models import Demande

DELAI_JOURS_OUVRES = 5


@dataclass
class Mesure:
    libelle: str
    demandes: int = 0
    evaluees: int = 0
    dans_les_5_jours: int = 0
    delais_cloture: list[float] = field(default_factory=list)

    @property
    def part_5_jours(self) -> float | None:
        return round(self.dans_les_5_jours / self.evaluees, 3) if self.evaluees else None

    @property
    def pourcentage_5_jours(self) -> int | None:
        part = self.part_5_jours
        return None if part is None else round(part * 100)

    @property
    def delai_median_cloture(self) -> float | None:
        return round(median(self.delais_cloture), 1) if self.delais_cloture else None

    @property
    def cloturees(self) -> int:
        return len(self.delais_cloture)


def echeance(deposee_le) -> object:
    return _echeance_du_jour(timezone.localdate(deposee_le))


@lru_cache(maxsize=4096)
def _echeance_du_jour(jour) -> object:
    """The deadline of a request filed on `jour` (a pure function of the date: kept)."""
    return calendrier.ajouter_jours_ouvres(jour, DELAI_JOURS_OUVRES)


def evaluer(ligne: dict, aujourdhui) -> tuple[bool, bool]:
    """(counts in the share, taken in charge in time) for one request's dates."""
    limite = echeance(ligne["deposee_le"])
    prise = ligne["prise_en_charge_le"]
    if prise is not None:
        return True, timezone.localdate(prise) <= limite
    return limite < aujourdhui, False


def _evaluation(ligne: dict, aujourdhui) -> tuple[bool, bool, float | None]:
    """(counts in the share, taken in charge in time, days to close or None) of one request."""
    compte, a_temps = evaluer(ligne, aujourdhui)
    delai = None
    if ligne["cloturee_le"] is not None:
        delai = (ligne["cloturee_le"] - ligne["deposee_le"]).total_seconds() / 86400
    return compte, a_temps, delai


def _ajouter(mesure: Mesure, evaluation: tuple[bool, bool, float | None]) -> None:
    compte, a_temps, delai = evaluation
    mesure.demandes += 1
    mesure.evaluees += compte
    mesure.dans_les_5_jours += a_temps
    if delai is not None:
        mesure.delais_cloture.append(delai)


_FIN_DE_L_HEURE = timedelta(minutes=59, seconds=59, microseconds=999_999)


def _jour_local_de_l_heure(texte: str, fuseau):
    """The local day of every instant of the UTC hour `texte` ("AAAA-MM-JJ HH", the database's
    UTC text), or None when the hour straddles two local days (an offset that is not whole hours)."""
    heure = datetime(int(texte[0:4]), int(texte[5:7]), int(texte[8:10]), int(texte[11:13]), tzinfo=UTC)
    debut = heure.astimezone(fuseau).date()
    return debut if (heure + _FIN_DE_L_HEURE).astimezone(fuseau).date() == debut else None


def _heure_utc(champ: str):
    """The UTC hour of a date-time column as "AAAA-MM-JJ HH", in SQL, on both databases (SQLite
    keeps UTC text; PostgreSQL's sessions run in UTC, whose text form starts the same way)."""
    return Substr(Cast(champ, output_field=CharField()), 1, 13)


def mesurer_total(demandes, aujourdhui=None, lignes=None) -> Mesure:
    """All the requests together (the key figures), the same figures as `mesurer()["total"]`.

    The requests are counted in SQL by hour of filing and hour of taking in charge (UTC): every
    instant of an hour has the same local day (the platform's time zone moves by whole hours),
    so that each group's deadline and day are computed once, whatever the number of requests;
    the closed ones are read for their delays. `lignes`: the requests' (deposee_le,
    prise_en_charge_le, cloturee_le) already read, instead of those queries."""
    aujourdhui = aujourdhui or timezone.localdate()
    fuseau = timezone.get_current_timezone()
    total = Mesure("Toutes les demandes")
    if lignes is None:
        groupes = list(
            demandes.order_by().annotate(_depot=_heure_utc("deposee_le"), _prise=_heure_utc("prise_en_charge_le"))
            .values_list("_depot", "_prise").annotate(_n=Count("pk"))
        )
        jours = {}
        for depot, prise, _ in groupes:
            for heure in (depot, prise):
                if heure is not None and heure not in jours:
                    jours[heure] = _jour_local_de_l_heure(heure, fuseau)
        if None not in jours.values():
            for depot, prise, n in groupes:
                limite = _echeance_du_jour(jours[depot])
                total.demandes += n
                if prise is not None:
                    total.evaluees += n
                    total.dans_les_5_jours += n * (jours[prise] <= limite)
                elif limite < aujourdhui:
                    total.evaluees += n
            for depot, cloture in demandes.filter(cloturee_le__isnull=False).order_by().values_list(
                "deposee_le", "cloturee_le"
            ):
                total.delais_cloture.append((cloture - depot).total_seconds() / 86400)
            return total
        # A time zone whose offset is not whole hours: one request at a time.
        lignes = demandes.order_by().values_list("deposee_le", "prise_en_charge_le", "cloturee_le")
    for depot, prise, cloture in lignes:
        limite = _echeance_du_jour(depot.astimezone(fuseau).date())
        total.demandes += 1
        if prise is not None:
            total.evaluees += 1
            total.dans_les_5_jours += prise.astimezone(fuseau).date() <= limite
        elif limite < aujourdhui:
            total.evaluees += 1
        if cloture is not None:
            total.delais_cloture.append((cloture - depot).total_seconds() / 86400)
    return total


def mesurer(demandes, aujourdhui=None) -> dict:
    """Overall, by partner institution and by subject. Two queries whatever the volume."""
    aujourdhui = aujourdhui or timezone.localdate()
    lignes = list(demandes.values("pk", "deposee_le", "prise_en_charge_le", "cloturee_le", "sujet__libelle"))
    institutions = defaultdict(set)
    for pk, nom in (
        Demande.objects.filter(pk__in=demandes.values("pk"))
        .values_list("pk", "orientations__conseiller__antenne__institution__nom")
    ):
        if nom:
            institutions[pk].add(nom)
    total = Mesure("Toutes les demandes")
    par_partenaire: dict[str, Mesure] = {}
    par_sujet: dict[str, Mesure] = {}
    for ligne in lignes:
        evaluation = _evaluation(ligne, aujourdhui)
        _ajouter(total, evaluation)
        sujet = ligne["sujet__libelle"]
        _ajouter(par_sujet.setdefault(sujet, Mesure(sujet)), evaluation)
        for nom in institutions.get(ligne["pk"]) or {"Non orientée"}:
            _ajouter(par_partenaire.setdefault(nom, Mesure(nom)), evaluation)
    return {
        "total": total,
        "par_partenaire": sorted(par_partenaire.values(), key=lambda m: m.libelle),
        "par_sujet": sorted(par_sujet.values(), key=lambda m: m.libelle),
    }
