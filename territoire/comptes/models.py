"""Accounts belong to people; an Adhesion gives a person a role on one territory."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Role(models.TextChoices):
    EQUIPE = "equipe", "Équipe (intercommunalité)"
    PILOTAGE = "pilotage", "Pilotage (comité, Région, État)"
    PARTENAIRE = "partenaire", "Partenaire (opérateur public)"
    ENTREPRISE = "entreprise", "Entreprise"


# Roles that may see what the public may not (non-diffusible establishments, internal pages).
ROLES_INTERNES = frozenset({Role.EQUIPE, Role.PILOTAGE, Role.PARTENAIRE})


class Adhesion(models.Model):
    utilisateur = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="adhesions"
    )
    territoire = models.ForeignKey(
        "referentiel.Territoire", on_delete=models.CASCADE, related_name="adhesions"
    )
    role = models.CharField("rôle", max_length=20, choices=Role.choices)
    organisation = models.ForeignKey(
        "reseau.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="adhesions",
        help_text="L'organisation que la personne représente (entreprise, partenaire).",
    )
    cree_le = models.DateTimeField("créée le", auto_now_add=True)

    class Meta:
        verbose_name = "adhésion"
        constraints = [
            models.UniqueConstraint(
                fields=["utilisateur", "territoire", "role"], name="adhesion_unique_par_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.utilisateur} — {self.get_role_display()} — {self.territoire}"
