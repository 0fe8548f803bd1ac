"""Read side of the census; `etablissements_visibles` is the only door to establishments."""

from __future__ import annotations

from territoire.comptes.acces import est_interne

from .models import Etablissement


def etablissements_visibles(user, territoire):
    """Establishments of `territoire` that `user` may see.

    Team, steering and partners see every establishment; the public, firm users and
    outsiders see diffusible ones only (statut de diffusion O).
    """
    qs = Etablissement.objects.filter(commune__territoires=territoire)
    if not est_interne(user, territoire):
        qs = qs.filter(statut_diffusion="O")
    return qs
