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


class Contact(models.Model):
    """A person at an organisation. Personal data (GDPR): never shown to the public."""

    class BaseLegale(models.TextChoices):
        INTERET_LEGITIME = "interet_legitime", "Intérêt légitime (relation professionnelle)"
        CONSENTEMENT = "consentement", "Consentement"
        MISSION_PUBLIQUE = "mission_publique", "Mission d'intérêt public"
        CONTRAT = "contrat", "Exécution d'un contrat"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="contacts"
    )
    prenom = models.CharField("prénom", max_length=120, blank=True)
    nom = models.CharField(max_length=120)
    fonction = models.CharField(max_length=200, blank=True)
    email = models.EmailField("courriel", blank=True)
    telephone = models.CharField("téléphone", max_length=30, blank=True)
    base_legale = models.CharField(
        "base légale", max_length=20, choices=BaseLegale.choices, default=BaseLegale.INTERET_LEGITIME
    )
    date_consentement = models.DateField("date du consentement", null=True, blank=True)
    cree_le = models.DateTimeField(auto_now_add=True)
    modifie_le = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["nom", "prenom"]

    def __str__(self) -> str:
        return " ".join(p for p in (self.prenom, self.nom) if p)
