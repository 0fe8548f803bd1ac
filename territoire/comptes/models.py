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


class InvitationQuerySet(models.QuerySet):
    def du_territoire(self, territoire):
        return self.filter(territoire=territoire)

    def en_attente(self, maintenant=None):
        from django.utils import timezone

        maintenant = maintenant or timezone.now()
        return self.filter(acceptee_le__isnull=True, revoquee_le__isnull=True, expire_le__gt=maintenant)


class Invitation(models.Model):
    """The team invites a person (a partner advisor, a firm user…) to a role on a territory.

    The email carries a link with a random token; only its SHA-256 digest is stored, so the
    database alone cannot be turned into working links. A link serves once, until `expire_le`,
    unless the team revokes it. For an address that already has an account, the link sets no
    password: the person signs in to that account and the role is added to it.
    """

    territoire = models.ForeignKey(
        "referentiel.Territoire", on_delete=models.CASCADE, related_name="invitations"
    )
    courriel = models.EmailField("adresse électronique")
    prenom = models.CharField("prénom", max_length=150, blank=True)
    nom = models.CharField(max_length=150, blank=True)
    role = models.CharField("rôle", max_length=20, choices=Role.choices)
    organisation = models.ForeignKey(
        "reseau.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="invitations",
        help_text="L'organisation que la personne représente (obligatoire pour un partenaire ou une entreprise).",
    )
    conseiller = models.ForeignKey(
        "guichet.Conseiller", on_delete=models.SET_NULL, null=True, blank=True, related_name="invitations",
        help_text="La fiche de conseiller de l'annuaire des partenaires que ce compte tiendra.",
    )
    empreinte = models.CharField(max_length=64, unique=True, editable=False, help_text="SHA-256 du jeton du lien.")
    compte_existant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        help_text="Le compte qui avait déjà cette adresse à l'envoi : le lien lui ajoute le rôle.",
    )
    invitee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="invitations_envoyees"
    )
    cree_le = models.DateTimeField("envoyée le", auto_now_add=True)
    expire_le = models.DateTimeField("expire le")
    acceptee_le = models.DateTimeField("acceptée le", null=True, blank=True)
    utilisateur = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        help_text="Le compte qui a accepté l'invitation.",
    )
    revoquee_le = models.DateTimeField("révoquée le", null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-cree_le", "-pk"]

    def __str__(self) -> str:
        return f"Invitation de {self.courriel} ({self.get_role_display()}, {self.territoire})"

    def etat(self, maintenant=None) -> str:
        """« acceptée », « révoquée », « expirée » or « en attente »."""
        from django.utils import timezone

        maintenant = maintenant or timezone.now()
        if self.acceptee_le:
            return "acceptée"
        if self.revoquee_le:
            return "révoquée"
        if self.expire_le <= maintenant:
            return "expirée"
        return "en attente"
