"""Sign-in protection: failed sign-ins counted per account and per address (django-axes).

Two limits, both within a sliding window (`AXES_COOLOFF_TIME`, counted from the last failure):

- per account: `COMPTES_ECHECS_PAR_COMPTE` failures on one identifier, from any number of
  addresses, lock that identifier (a brute force spread over many machines);
- per address: `COMPTES_ECHECS_PAR_ADRESSE` failures from one address, on any number of
  identifiers, lock that address (one machine trying many accounts).

django-axes compares one number with one limit; `GestionnaireEchecs.get_failures` therefore
scales the per-address count onto the per-account limit, so that each limit applies exactly.
A successful sign-in clears only the failures of that identifier from that address (a person's
own typing mistakes), never an attacker's counts elsewhere. Identifiers are counted in lower
case, so that « Alice » and « alice » share one counter.

The team unlocks from the accounts page (`deverrouiller_compte`, `deverrouiller_adresse`);
a person unlocks their own account by resetting their password by email.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum
from django.shortcuts import render
from django.utils import timezone


def identifiant_normalise(request, credentials) -> str | None:
    """AXES_USERNAME_CALLABLE: the identifier typed, stripped and in lower case."""
    valeur = None
    if credentials:
        valeur = credentials.get("username")
    if valeur is None and request is not None and hasattr(request, "POST"):
        valeur = request.POST.get("username")
    if valeur is None:
        return None
    return str(valeur).strip().lower()[:255] or None


def _limites() -> tuple[int, int]:
    return int(settings.COMPTES_ECHECS_PAR_COMPTE), int(settings.COMPTES_ECHECS_PAR_ADRESSE)


def _seuil():
    return timezone.now() - settings.AXES_COOLOFF_TIME


def echecs_par_compte(identifiant: str | None) -> int:
    if not identifiant:
        return 0
    return (
        AccessAttempt.objects.filter(username=identifiant, attempt_time__gte=_seuil()).aggregate(
            n=Sum("failures_since_start")
        )["n"]
        or 0
    )


def echecs_par_adresse(adresse: str | None) -> int:
    if not adresse:
        return 0
    return (
        AccessAttempt.objects.filter(ip_address=adresse, attempt_time__gte=_seuil()).aggregate(
            n=Sum("failures_since_start")
        )["n"]
        or 0
    )


class GestionnaireEchecs(AxesDatabaseHandler):
    """The database handler of django-axes with one limit per account and one per address."""

    def get_failures(self, request, credentials=None) -> int:
        par_compte, par_adresse = _limites()
        compte = echecs_par_compte(identifiant_normalise(request, credentials))
        adresse = echecs_par_adresse(request.axes_ip_address)
        # `par_compte` is AXES_FAILURE_LIMIT: an address reaches it exactly when it has failed
        # `par_adresse` times (floor division keeps the comparison exact).
        return max(compte, adresse * par_compte // par_adresse)

    def user_logged_in(self, sender, request, user, **kwargs):
        super().user_logged_in(sender, request, user, **kwargs)
        # One's own mistakes from one's own address are forgiven; nobody else's.
        AccessAttempt.objects.filter(
            username=user.get_username().strip().lower(), ip_address=getattr(request, "axes_ip_address", None)
        ).delete()


def reponse_blocage(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: a French page that says what is locked, for how long, what to do."""
    identifiant = identifiant_normalise(request, credentials)
    par_compte, par_adresse = _limites()
    compte_bloque = echecs_par_compte(identifiant) >= par_compte
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "comptes/blocage.html",
        {"compte_bloque": compte_bloque, "minutes": minutes, "identifiant": identifiant if compte_bloque else ""},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )


@dataclass(frozen=True)
class Verrou:
    """A locked account or address, as the team's accounts page lists it."""

    type: str  # "compte" or "adresse"
    valeur: str
    echecs: int
    dernier_echec: datetime


def verrous_actifs(identifiants: set[str] | None = None) -> list[Verrou]:
    """Accounts and addresses locked now (two queries).

    `identifiants`: only these accounts (lower case), and only the addresses that failed on one
    of them (a territory's team sees what concerns its own members).
    """
    par_compte, par_adresse = _limites()
    recents = AccessAttempt.objects.filter(attempt_time__gte=_seuil())
    comptes = recents.exclude(username__isnull=True)
    if identifiants is not None:
        comptes = comptes.filter(username__in=identifiants)
    verrous = [
        Verrou("compte", ligne["username"], ligne["n"], ligne["dernier"])
        for ligne in comptes.values("username").annotate(n=Sum("failures_since_start"), dernier=Max("attempt_time"))
        if ligne["n"] >= par_compte
    ]
    adresses = recents.exclude(ip_address__isnull=True)
    if identifiants is not None:
        adresses = adresses.filter(
            ip_address__in=recents.filter(username__in=identifiants).values("ip_address")
        )
    verrous += [
        Verrou("adresse", ligne["ip_address"], ligne["n"], ligne["dernier"])
        for ligne in adresses.values("ip_address").annotate(n=Sum("failures_since_start"), dernier=Max("attempt_time"))
        if ligne["n"] >= par_adresse
    ]
    return sorted(verrous, key=lambda v: v.dernier_echec, reverse=True)


def deverrouiller_compte(identifiant: str) -> int:
    """Forget the failed sign-ins on an account (from every address); returns the rows removed."""
    n, _ = AccessAttempt.objects.filter(username=identifiant.strip().lower()).delete()
    return n


def deverrouiller_adresse(adresse: str) -> int:
    """Forget the failed sign-ins from an address (on every account)."""
    n, _ = AccessAttempt.objects.filter(ip_address=adresse).delete()
    return n
