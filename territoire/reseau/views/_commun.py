"""What the network's views share: roles, the breadcrumbs, who sees people's names."""

from __future__ import annotations

from django.urls import reverse

from territoire.comptes.acces import a_un_role

INTERNES = ("equipe", "pilotage", "partenaire")


def voit_personnes(user, territoire) -> bool:
    """Contacts are personal data: the team and partners see their names on exchanges and
    registrations; steering never does (a firm user sees only its own, on its own page)."""
    return a_un_role(user, territoire, "equipe", "partenaire")


def url(nom: str, territoire, **kwargs) -> str:
    return reverse(f"reseau:{nom}", kwargs={"territoire": territoire.slug, **kwargs})


def fil_organisations(territoire, *suite) -> list[tuple[str, str | None]]:
    return [("Organisations", url("organisations", territoire)), *suite]


def fil_evenements(territoire, *suite) -> list[tuple[str, str | None]]:
    return [("Événements du réseau", url("evenements", territoire)), *suite]
