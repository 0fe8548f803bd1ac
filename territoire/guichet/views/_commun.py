"""What the desk's views share."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from territoire.comptes.acces import a_un_role

from ..models import Demande

INTERNES = ("equipe", "pilotage", "partenaire")
MEMBRES = (*INTERNES, "entreprise")


def url(nom: str, territoire, **kwargs) -> str:
    return reverse(f"guichet:{nom}", kwargs={"territoire": territoire.slug, **kwargs})


def limite_depots_par_heure() -> int:
    return settings.GUICHET_DEPOTS_PAR_HEURE


def peut_traiter(user, territoire, demande) -> bool:
    """The team, or a partner of a branch the request was routed to."""
    if a_un_role(user, territoire, "equipe"):
        return True
    return a_un_role(user, territoire, "partenaire") and Demande.objects.for_user(user, territoire).filter(pk=demande.pk).exists()


def erreurs_dans(form, exc) -> None:
    """An action's refusal (ValidationError), shown on the form's fields or above it."""
    if hasattr(exc, "error_dict"):
        for champ, erreurs in exc.error_dict.items():
            form.add_error(champ if champ in form.fields else None, erreurs)
    else:
        form.add_error(None, exc.messages)
