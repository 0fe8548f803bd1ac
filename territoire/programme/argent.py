"""The programme's money model, for every app that follows money: rows, never totals.

A fiche-action, an innovation project or a brownfield's requalification each carry budget
rows (year × investment/operating × planned/actual) and co-financing rows (funder × amount ×
stage). The concrete models subclass these abstract ones and add the foreign key to what
they finance (and their own constraint names); `derive.totaux_argent()` and
`derive.couverture()` compute totals and coverage for all of them the same way.

    class LigneBudgetProjet(LigneBudgetBase):
        projet = models.ForeignKey(ProjetInnovation, on_delete=models.CASCADE, related_name="lignes_budget")

        class Meta(LigneBudgetBase.Meta):
            constraints = [models.CheckConstraint(condition=Q(montant__gte=0), name="projet_budget_positif")]
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


class NatureBudget(models.TextChoices):
    INVESTISSEMENT = "investissement", "Investissement"
    FONCTIONNEMENT = "fonctionnement", "Fonctionnement"


class TypeBudget(models.TextChoices):
    PREVU = "prevu", "Prévu"
    REALISE = "realise", "Réalisé"


class EtapeFinancement(models.TextChoices):
    DEMANDE = "demande", "Demandé"
    ACCORDE = "accorde", "Accordé"
    VERSE = "verse", "Versé"


class LigneBudgetBase(models.Model):
    """One budget row: year × investment/operating × planned/actual."""

    Nature = NatureBudget
    Type = TypeBudget

    annee = models.PositiveSmallIntegerField(
        "année", validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    nature = models.CharField(max_length=20, choices=NatureBudget.choices)
    type = models.CharField(max_length=10, choices=TypeBudget.choices)
    montant = models.DecimalField(
        "montant (€)", max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    libelle = models.CharField("libellé", max_length=250, blank=True)
    illustratif = models.BooleanField(
        default=False, help_text="Montant inventé pour la démonstration."
    )

    class Meta:
        abstract = True
        verbose_name = "ligne de budget"
        verbose_name_plural = "lignes de budget"
        ordering = ["annee", "nature", "type", "id"]

    def __str__(self) -> str:
        return (
            f"{self.annee} {self.get_nature_display()} {self.get_type_display()} : {self.montant} €"
        )


class CofinancementBase(models.Model):
    """One co-financing row: funder × amount × stage (its current stage).

    Subclasses add `financeur`, a foreign key to `reseau.Organisation` with their own
    `related_name`, and what the row finances.
    """

    Etape = EtapeFinancement

    dispositif = models.CharField(
        max_length=250, blank=True, help_text="Programme ou ligne de crédit."
    )
    montant = models.DecimalField(
        "montant (€)", max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    etape = models.CharField("étape", max_length=10, choices=EtapeFinancement.choices)
    date = models.DateField(
        null=True, blank=True, help_text="Date de la demande, de l'accord ou du versement."
    )
    illustratif = models.BooleanField(
        default=False, help_text="Montant inventé pour la démonstration."
    )

    class Meta:
        abstract = True
        ordering = ["financeur__nom", "etape", "id"]

    def __str__(self) -> str:
        return f"{self.financeur} — {self.montant} € ({self.get_etape_display()})"
