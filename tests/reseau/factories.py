"""Plain factories for the network (no extra dependency): each returns a saved object."""

from __future__ import annotations

import itertools
from datetime import date

from territoire.reseau.models import Contact, EvenementReseau, Organisation

_n = itertools.count(1)


def organisation(territoire, *, nom=None, type="entreprise", commune=None, naf="25.62A", tranche="12", **kw):
    orga = Organisation.objects.create(
        nom=nom or f"Entreprise {next(_n)}", type=type, commune=commune, naf=naf, tranche_effectifs=tranche, **kw
    )
    orga.territoires.add(territoire)
    return orga


def contact(orga, *, nom="Martin", prenom="Camille", email="camille.martin@example.org", **kw):
    return Contact.objects.create(organisation=orga, nom=nom, prenom=prenom, email=email, **kw)


def evenement(territoire, *, titre="Club des industriels", type="club", quand=None):
    from django.utils import timezone

    quand = quand or timezone.make_aware(timezone.datetime(2026, 3, 12, 18, 0))
    return EvenementReseau.objects.create(territoire=territoire, titre=titre, type=type, date=quand)


def rattacher(user, territoire, role, orga):
    """Name `orga` on the user's membership (a firm user or a partner's branch)."""
    from territoire.comptes.models import Adhesion

    Adhesion.objects.update_or_create(
        utilisateur=user, territoire=territoire, role=role, defaults={"organisation": orga}
    )
    for cache in ("_roles_cache", "_organisations_cache", "_antennes_cache"):
        if hasattr(user, cache):
            delattr(user, cache)
    return user


AUJOURDHUI = date(2026, 11, 20)
