"""The Campus des métiers et des qualifications: members, trainings, actions."""

from __future__ import annotations

from django.db import models


class Campus(models.Model):
    territoire = models.ForeignKey("referentiel.Territoire", on_delete=models.CASCADE, related_name="campus")
    nom = models.CharField(max_length=250)
    thematique = models.CharField("thématique", max_length=250, blank=True)
    label = models.CharField(
        "label", max_length=200, blank=True,
        help_text="Label obtenu (« Campus des métiers et des qualifications », « excellence ») et son année ; vide : en projet.",
    )
    fiche_action = models.ForeignKey(
        "programme.FicheAction", on_delete=models.SET_NULL, null=True, blank=True, related_name="campus",
        verbose_name="fiche-action",
    )
    formations = models.ManyToManyField("Formation", blank=True, related_name="campus")
    description = models.TextField(blank=True)
    site_web = models.URLField(blank=True)
    fictif = models.BooleanField(default=False)

    class Meta:
        verbose_name = "Campus des métiers et des qualifications"
        verbose_name_plural = "Campus des métiers et des qualifications"
        ordering = ["nom"]

    def __str__(self) -> str:
        return self.nom


class MembreCampus(models.Model):
    class Role(models.TextChoices):
        ETABLISSEMENT = "etablissement", "Établissement de formation"
        ENTREPRISE = "entreprise", "Entreprise"
        LABORATOIRE = "laboratoire", "Laboratoire"
        PARTENAIRE = "partenaire", "Partenaire institutionnel"
        PORTEUR = "porteur", "Établissement porteur"

    campus = models.ForeignKey(Campus, on_delete=models.CASCADE, related_name="membres")
    organisation = models.ForeignKey("reseau.Organisation", on_delete=models.CASCADE, related_name="membres_campus")
    role = models.CharField("rôle", max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = "membre du Campus"
        verbose_name_plural = "membres du Campus"
        ordering = ["role", "organisation__nom"]
        constraints = [models.UniqueConstraint(fields=["campus", "organisation"], name="membre_campus_unique")]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()})"


class ActionCampus(models.Model):
    """What the Campus does (a forum, a platform, a company visit programme…)."""

    class Statut(models.TextChoices):
        PREVUE = "prevue", "Prévue"
        EN_COURS = "en_cours", "En cours"
        REALISEE = "realisee", "Réalisée"

    campus = models.ForeignKey(Campus, on_delete=models.CASCADE, related_name="actions")
    titre = models.CharField(max_length=250)
    statut = models.CharField(max_length=10, choices=Statut.choices, default=Statut.PREVUE)
    debut = models.DateField("début", null=True, blank=True)
    fin = models.DateField(null=True, blank=True)
    evenement = models.ForeignKey(
        "reseau.EvenementReseau", on_delete=models.SET_NULL, null=True, blank=True, related_name="actions_campus",
        help_text="L'événement du réseau (job dating, visite d'entreprise) qui la porte.",
    )
    description = models.TextField(blank=True)

    class Meta:
        verbose_name = "action du Campus"
        verbose_name_plural = "actions du Campus"
        ordering = ["debut", "pk"]

    def __str__(self) -> str:
        return self.titre
