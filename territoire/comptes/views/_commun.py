from __future__ import annotations

from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from ..models import Adhesion


def suite_sure(request, valeur: str | None) -> str:
    """`valeur` when it is a URL of this site (no open redirect), else an empty string."""
    if valeur and url_has_allowed_host_and_scheme(
        valeur, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return valeur
    return ""


def destination_apres_connexion(user) -> str:
    """The workspace of the person's only territory, or the chooser when they have several."""
    slugs = sorted(set(Adhesion.objects.filter(utilisateur=user).values_list("territoire__slug", flat=True)))
    if len(slugs) == 1:
        return reverse("comptes:espace", kwargs={"territoire": slugs[0]})
    return reverse("comptes:espaces")
