"""Organisations: every actor of the programme (firm, partner, lab, school, public body).

Shared by every app. A firm's Organisation points to its SIRENE legal unit and main
establishment when it has one, so the census, the plan, the consultation and the desk
all speak of the same firm.
"""

from __future__ import annotations

from django.db import models


class Organisation(models.Model):
    class Type(models.TextChoices):
        ENTREPRISE = "entreprise", "Entreprise"
        PARTENAIRE = "partenaire", "Partenaire, opérateur public"
        LABORATOIRE = "laboratoire", "Laboratoire, établissement de recherche"
        FORMATION = "formation", "Organisme de formation, établissement d'enseignement"
        COLLECTIVITE = "collectivite", "Collectivité, service de l'État"
        AUTRE = "autre", "Autre"

    nom = models.CharField(max_length=250)
    type = models.CharField(max_length=20, choices=Type.choices)
    territoires = models.ManyToManyField("referentiel.Territoire", related_name="organisations")
    siret = models.CharField("SIRET", max_length=14, blank=True, db_index=True)
    unite_legale = models.ForeignKey(
        "etablissements.UniteLegale", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="organisations",
    )
    etablissement = models.ForeignKey(
        "etablissements.Etablissement", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="organisations", verbose_name="établissement principal",
    )
    sigle = models.CharField(max_length=50, blank=True)
    site_web = models.URLField(blank=True)
    description = models.TextField(blank=True)
    cree_le = models.DateTimeField(auto_now_add=True)
    modifie_le = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["nom"]

    def __str__(self) -> str:
        return self.nom
