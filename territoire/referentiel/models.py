"""The territory, its intercommunalities, communes and activity zones.

Geometries are stored as GeoJSON text in WGS84 (EPSG:4326) and handled with shapely:
no spatial database extension is needed, on SQLite or PostgreSQL.
"""

from __future__ import annotations

import json
from functools import cached_property

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

# The default definition of the "industrial establishments followed" (issue 2, §6).
# Stored per territory so that the team can change it; see Territoire.definition().
DEFINITION_SUIVI_DEFAUT = {
    "divisions_min": 5,  # NAF rév. 2 sections B–E = divisions 05 to 39
    "divisions_max": 39,
    "employeur_requis": True,
    "tranche_min": "11",  # 10 salariés ou plus
    "naf_exclus": ["10.13B", "10.71B", "10.71C", "10.71D"],  # artisanat commercial alimentaire
    "services_tranche_min": "11",
}


class EPCI(models.Model):
    siren = models.CharField("SIREN", max_length=9, unique=True)
    nom = models.CharField(max_length=200)
    nature = models.CharField(max_length=10, blank=True, help_text="CA, CC, CU, ME…")

    class Meta:
        verbose_name = "EPCI"
        verbose_name_plural = "EPCI"
        ordering = ["nom"]

    def __str__(self) -> str:
        return self.nom


class Commune(models.Model):
    code_insee = models.CharField("code INSEE", max_length=5, unique=True)
    nom = models.CharField(max_length=200)
    population = models.PositiveIntegerField(null=True, blank=True, help_text="Population municipale.")
    departement = models.CharField("département", max_length=3, blank=True)
    epci = models.ForeignKey(EPCI, on_delete=models.SET_NULL, null=True, blank=True, related_name="communes")
    contour = models.TextField("contour (GeoJSON WGS84)", blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["nom"]

    def __str__(self) -> str:
        return f"{self.nom} ({self.code_insee})"

    @cached_property
    def geometrie(self):
        from shapely.geometry import shape

        return shape(json.loads(self.contour)) if self.contour else None


class Region(models.Model):
    """A region of the COG: the Region pilots the programme across its territories."""

    code = models.CharField("code INSEE", max_length=3, unique=True)
    nom = models.CharField(max_length=100)

    class Meta:
        verbose_name = "région"
        ordering = ["nom"]

    def __str__(self) -> str:
        return self.nom


class Phase(models.TextChoices):
    """The phases of the national programme (the ANCT publishes one list of territories per phase)."""

    PREMIERE = "2019-2022", "2019–2022"
    SECONDE = "2023-2027", "2023–2027"


class Territoire(models.Model):
    nom = models.CharField(max_length=200)
    slug = models.SlugField(unique=True, max_length=80)
    id_ti = models.CharField(
        "identifiant ANCT", max_length=20, blank=True,
        help_text="Identifiant du Territoire d'industrie dans les fichiers de l'ANCT (id_ti).",
    )
    phase = models.CharField(
        "phase du programme", max_length=9, choices=Phase.choices, blank=True,
        help_text="La liste de l'ANCT d'où vient le territoire (avec id_ti) ; vide pour un territoire libre.",
    )
    perimetre_anct = models.BooleanField(
        "périmètre de la liste de l'ANCT", default=False,
        help_text="Vrai quand EPCI et communes sont exactement ceux de la liste (territoire init --ti).",
    )
    region = models.ForeignKey(
        Region, on_delete=models.SET_NULL, null=True, blank=True, related_name="territoires",
        verbose_name="région",
    )
    departements = models.JSONField("départements", default=list, blank=True)
    population = models.PositiveIntegerField(
        null=True, blank=True, help_text="Population municipale de ses communes (COG), calculée à sa création.",
    )
    contour = models.TextField(
        "contour (GeoJSON WGS84, simplifié)", blank=True,
        help_text="Union simplifiée des contours de ses communes, pour les cartes de plusieurs territoires.",
    )
    epcis = models.ManyToManyField(EPCI, related_name="territoires", verbose_name="EPCI")
    communes = models.ManyToManyField(Commune, related_name="territoires")
    definition_suivi = models.JSONField(
        "définition des établissements suivis", default=dict, blank=True,
        help_text="Vide : définition par défaut (sections B–E, employeur, 10 salariés ou plus).",
    )
    donnees_fictives = models.BooleanField(
        "démonstration", default=False,
        help_text="Territoire de démonstration : ses établissements sont fictifs.",
    )
    cree_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["nom"]
        constraints = [
            models.UniqueConstraint(
                fields=["id_ti", "phase"], condition=~models.Q(id_ti=""), name="territoire_id_ti_unique_par_phase",
            )
        ]

    def __str__(self) -> str:
        return self.nom

    def get_absolute_url(self) -> str:
        return reverse("portail:accueil", kwargs={"territoire": self.slug})

    def definition(self) -> dict:
        return {**DEFINITION_SUIVI_DEFAUT, **(self.definition_suivi or {})}

    def codes_communes(self) -> list[str]:
        return list(self.communes.values_list("code_insee", flat=True))


class ZoneActivite(models.Model):
    class Type(models.TextChoices):
        INDUSTRIELLE = "industrielle", "Zone industrielle"
        LOGISTIQUE = "logistique", "Zone logistique"
        MIXTE = "mixte", "Zone d'activités mixte"
        TECHNOPOLE = "technopole", "Technopôle, parc d'innovation"

    territoire = models.ForeignKey(Territoire, on_delete=models.CASCADE, related_name="zones")
    nom = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80)
    type = models.CharField(max_length=20, choices=Type.choices, default=Type.INDUSTRIELLE)
    contour = models.TextField("contour (GeoJSON WGS84)")
    communes = models.ManyToManyField(Commune, related_name="zones", blank=True)
    gestionnaire = models.CharField(max_length=200, blank=True)
    surface_ha = models.DecimalField("surface (ha)", max_digits=10, decimal_places=1, null=True, blank=True)
    contour_illustratif = models.BooleanField(
        "contour illustratif", default=False,
        help_text="Le contour est une approximation dessinée pour la démonstration.",
    )
    source = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = "zone d'activité"
        verbose_name_plural = "zones d'activité"
        ordering = ["nom"]
        constraints = [
            models.UniqueConstraint(fields=["territoire", "slug"], name="zone_slug_unique_par_territoire")
        ]

    def __str__(self) -> str:
        return self.nom

    @cached_property
    def geometrie(self):
        from shapely.geometry import shape

        return shape(json.loads(self.contour))

    def clean(self) -> None:
        from .geo import valider_contour

        try:
            valider_contour(self.contour)
        except ValueError as exc:
            raise ValidationError({"contour": str(exc)}) from exc
