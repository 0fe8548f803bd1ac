"""The version of the data the key figures are computed from (see cache.py)."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone


class VersionDonnees(models.Model):
    """One row whose token changes with every write to the data the key figures read.

    The key figures are kept in Django's cache under this token (see cache.py): a new token,
    written in the same transaction as the data, makes every cached copy unreachable at once,
    in every process that reads this database.
    """

    jeton = models.UUIDField(default=uuid.uuid4)
    modifiee_le = models.DateTimeField("modifiée le", default=timezone.now)

    class Meta:
        verbose_name = "version des données"
        verbose_name_plural = "versions des données"

    def __str__(self) -> str:
        return f"{self.jeton} ({self.modifiee_le:%Y-%m-%d %H:%M:%S})"
