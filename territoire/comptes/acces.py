"""Who may do what on which territory: the one place that answers it.

Every protected model's `for_user()` and every view's check go through these functions.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from .models import ROLES_INTERNES, Role


def roles(user, territoire) -> frozenset[str]:
    """The roles `user` holds on `territoire` (empty for the public and for outsiders)."""
    if user is None or not user.is_authenticated or territoire is None:
        return frozenset()
    cache = getattr(user, "_roles_cache", None)
    if cache is None:
        cache = {}
        for territoire_id, role in user.adhesions.values_list("territoire_id", "role"):
            cache.setdefault(territoire_id, set()).add(role)
        user._roles_cache = cache
    found = frozenset(cache.get(territoire.pk, ()))
    if user.is_superuser:
        found = found | {Role.EQUIPE}
    return found


def a_un_role(user, territoire, *wanted: str) -> bool:
    return bool(roles(user, territoire) & set(wanted))


def est_interne(user, territoire) -> bool:
    """Team, steering and partners: they may see non-diffusible establishments."""
    return bool(roles(user, territoire) & ROLES_INTERNES)


def exiger_role(user, territoire, *wanted: str) -> None:
    if not a_un_role(user, territoire, *wanted):
        raise PermissionDenied("Cette page est réservée aux membres habilités de ce territoire.")
