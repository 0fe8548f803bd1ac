"""Decision centres of the territory's establishments and labels of its organisations.

``CentreDecision`` says where a legal unit's head office is (the territory, elsewhere in the
region, elsewhere in France, abroad), computed from SIRENE when the head office is known, or
entered by the team with its source. ``Label`` and ``LabelOrganisation`` are data: the team
adds labels (Vitrine Industrie du Futur and others) and who holds them, with date and source.
"""

from __future__ import annotations

from django.db import models


class CentreDecision(models.Model):
    class Localisation(models.TextChoices):
        TERRITOIRE = "territoire", "Dans le territoire"
        REGION = "region", "Ailleurs dans la région"
        FRANCE = "france", "Ailleurs en France"
        ETRANGER = "etranger", "À l'étranger"
        HORS_TERRITOIRE = "hors_territoire", "Hors du territoire (lieu non connu)"

    EXTERIEURES = (Localisation.REGION, Localisation.FRANCE, Localisation.ETRANGER, Localisation.HORS_TERRITOIRE)

    unite_legale = models.OneToOneField(
        "etablissements.UniteLegale", on_delete=models.CASCADE, related_name="centre_decision"
    )
    localisation = models.CharField(max_length=20, choices=Localisation.choices)
    siret_siege = models.CharField("SIRET du siège", max_length=14, blank=True)
    code_commune_siege = models.CharField(max_length=5, blank=True)
    libelle = models.CharField(
        max_length=250, blank=True, help_text="Par exemple : « Siège du groupe à Aerzen (Allemagne) »."
    )
    source = models.CharField(max_length=300, help_text="SIRENE (siège de l'unité légale) ou la source de l'équipe.")
    saisi_par_equipe = models.BooleanField(default=False, help_text="Saisi par l'équipe : un import ne le remplace pas.")
    mis_a_jour = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "centre de décision"
        verbose_name_plural = "centres de décision"

    def __str__(self) -> str:
        return f"{self.unite_legale_id} : {self.get_localisation_display()}"


class Label(models.Model):
    code = models.SlugField(max_length=60, unique=True)
    libelle = models.CharField("libellé", max_length=200)
    decerne_par = models.CharField("décerné par", max_length=200, blank=True)
    description = models.TextField(blank=True)
    lien = models.URLField(blank=True)

    class Meta:
        ordering = ["libelle"]

    def __str__(self) -> str:
        return self.libelle


class LabelOrganisation(models.Model):
    class Precision(models.TextChoices):
        JOUR = "jour", "Jour"
        MOIS = "mois", "Mois"
        ANNEE = "annee", "Année"

    organisation = models.ForeignKey("reseau.Organisation", on_delete=models.CASCADE, related_name="labels")
    label = models.ForeignKey(Label, on_delete=models.PROTECT, related_name="attributions")
    date = models.DateField("obtenu le")
    precision_date = models.CharField(max_length=5, choices=Precision.choices, default=Precision.JOUR)
    jusqu_au = models.DateField("valable jusqu'au", null=True, blank=True)
    source_url = models.URLField("source (lien)", max_length=500)
    source_libelle = models.CharField("source (titre)", max_length=300, blank=True)

    class Meta:
        verbose_name = "label d'une organisation"
        verbose_name_plural = "labels des organisations"
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "label", "date"], name="label_organisation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.label} — {self.organisation} ({self.annee_ou_date()})"

    def annee_ou_date(self) -> str:
        if self.precision_date == self.Precision.ANNEE:
            return str(self.date.year)
        if self.precision_date == self.Precision.MOIS:
            return f"{self.date:%m/%Y}"
        return f"{self.date:%d/%m/%Y}"
