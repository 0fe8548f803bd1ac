"""Memberships of the Region and the State: a steering role over every territory of a region, or
of the country, rather than over one territory.

The per-territory pages keep one door (``comptes.acces``, read from ``Adhesion``): a perimeter
membership gives its holder a ``pilotage`` adhesion on each territory of the perimeter, created
by ``actions.accorder_perimetre`` and, for territories created later, by the hook after
``territoire init``. ``AdhesionDerivee`` remembers which adhesions came from a perimeter, so
that withdrawing the perimeter removes those and only those.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AdhesionPerimetre(models.Model):
    utilisateur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="perimetres")
    region = models.ForeignKey(
        "referentiel.Region", on_delete=models.CASCADE, null=True, blank=True, related_name="adhesions",
        help_text="Vide : la France entière (l'État, l'ANCT).",
    )
    organisation = models.CharField(
        max_length=200, blank=True, help_text="Ce que la personne représente : Région, préfecture, DREETS, ANCT…",
    )
    cree_le = models.DateTimeField("créée le", auto_now_add=True)

    class Meta:
        verbose_name = "adhésion régionale ou nationale"
        verbose_name_plural = "adhésions régionales ou nationales"
        constraints = [
            models.UniqueConstraint(fields=["utilisateur", "region"], name="perimetre_unique_par_region"),
            models.UniqueConstraint(
                fields=["utilisateur"], condition=models.Q(region__isnull=True), name="perimetre_national_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.utilisateur} — pilotage — {self.region or 'France entière'}"


class AdhesionDerivee(models.Model):
    """An ``Adhesion`` (pilotage, one territory) created because of a perimeter membership."""

    perimetre = models.ForeignKey(AdhesionPerimetre, on_delete=models.CASCADE, related_name="derivees")
    adhesion = models.OneToOneField("comptes.Adhesion", on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = "adhésion déduite d'un périmètre"

    def __str__(self) -> str:
        return f"{self.adhesion_id} ← {self.perimetre}"
