"""The Technopôle: its premises (units), the firms it hosts, occupancy over time, where they went.

A `Cellule` is a unit of the Technopôle (office, workshop, lab), an `Hebergement` a firm's stay
in one. Occupancy on a day is the surface of the units occupied that day over the surface of
the units open that day (see occupation.py). A unit on offer to newcomers points at its premises
record of the Attirer domain (`attractivite.Local`: for rent, with its photos and status), which
holds the offer; the unit holds the occupancy history.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q


class Cellule(models.Model):
    class Type(models.TextChoices):
        BUREAU = "bureau", "Bureau"
        ATELIER = "atelier", "Atelier"
        LABORATOIRE = "laboratoire", "Laboratoire"
        COWORKING = "coworking", "Poste en espace partagé"

    technopole = models.ForeignKey("innovation.DetenteurCompetences", on_delete=models.CASCADE, related_name="cellules")
    nom = models.CharField(max_length=120)
    batiment = models.CharField("bâtiment", max_length=120, blank=True)
    type = models.CharField(max_length=20, choices=Type.choices)
    surface_m2 = models.DecimalField("surface (m²)", max_digits=8, decimal_places=1)
    ouverte_le = models.DateField("ouverte le")
    fermee_le = models.DateField("fermée le", null=True, blank=True)
    local = models.ForeignKey(
        "attractivite.Local", on_delete=models.SET_NULL, null=True, blank=True, related_name="cellules_technopole",
        help_text="Le local proposé aux entreprises dans Attirer, quand la cellule est à louer.",
    )
    fictif = models.BooleanField(default=False, help_text="Cellule inventée pour la démonstration.")

    class Meta:
        ordering = ["batiment", "nom"]
        constraints = [
            models.UniqueConstraint(fields=["technopole", "batiment", "nom"], name="cellule_unique"),
            models.CheckConstraint(condition=Q(surface_m2__gt=0), name="cellule_surface_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.batiment} — {self.nom}" if self.batiment else self.nom


class Hebergement(models.Model):
    """A firm hosted at the Technopôle: when, where, its sector and jobs, and where it went."""

    technopole = models.ForeignKey("innovation.DetenteurCompetences", on_delete=models.CASCADE, related_name="hebergements")
    entreprise = models.ForeignKey("reseau.Organisation", on_delete=models.CASCADE, related_name="hebergements_technopole")
    cellules = models.ManyToManyField(Cellule, related_name="hebergements", blank=True)
    debut = models.DateField("entrée le")
    fin = models.DateField("sortie le", null=True, blank=True)
    secteur = models.CharField(max_length=200, help_text="Activité de l'entreprise, en clair.")
    emplois = models.PositiveIntegerField(null=True, blank=True, help_text="Emplois sur place, tels que l'entreprise les a déclarés.")
    emplois_source = models.CharField("source des emplois", max_length=200, blank=True)
    destination = models.CharField(
        max_length=250, blank=True, help_text="Où l'entreprise est allée en sortant (zone, commune, ou « cessation »).",
    )
    destination_commune = models.ForeignKey(
        "referentiel.Commune", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reste_sur_le_territoire = models.BooleanField(null=True, blank=True, help_text="Vide tant qu'on ne sait pas.")
    fictif = models.BooleanField(default=False, help_text="Hébergement inventé pour la démonstration.")

    class Meta:
        verbose_name = "entreprise hébergée"
        verbose_name_plural = "entreprises hébergées"
        ordering = ["-debut", "pk"]
        constraints = [models.CheckConstraint(condition=Q(fin__isnull=True) | Q(fin__gte=models.F("debut")), name="hebergement_dates")]

    def __str__(self) -> str:
        return f"{self.entreprise} ({self.debut:%m/%Y} – {self.fin:%m/%Y})" if self.fin else f"{self.entreprise} (depuis {self.debut:%m/%Y})"

    def clean(self) -> None:
        if self.fin and self.debut and self.fin < self.debut:
            raise ValidationError({"fin": "La sortie précède l'entrée."})
        if self.destination and not self.fin:
            raise ValidationError({"destination": "Une destination se note à la sortie : indiquez la date de sortie."})
