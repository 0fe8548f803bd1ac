"""Helpers shared by the network's actions."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.db.models import Model


def utilisateur(auteur):
    """The signed-in author, or None (anonymous, a command, the demo)."""
    return auteur if auteur is not None and getattr(auteur, "is_authenticated", False) else None


def valeur_journal(valeur):
    """A field's value as the history stores it (a record by its name, a date in ISO)."""
    if isinstance(valeur, Model):
        return str(valeur)
    if isinstance(valeur, (date, datetime)):
        return valeur.isoformat()
    if isinstance(valeur, Decimal):
        return str(valeur)
    if isinstance(valeur, (list, tuple, set, frozenset)):
        return sorted(str(v) for v in valeur)
    return valeur


def etat(objet, champs) -> dict:
    return {c: valeur_journal(getattr(objet, c)) for c in champs}
