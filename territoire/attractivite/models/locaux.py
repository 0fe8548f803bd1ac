"""Premises on offer: buildings and units for sale or rent, on the sites or elsewhere."""

from __future__ import annotations

import uuid

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from ..queries import LocalQuerySet


class Local(models.Model):
    class Type(models.TextChoices):
        ATELIER = "atelier", "Atelier, local d'activité"
        ENTREPOT = "entrepot", "Entrepôt"
        BUREAUX = "bureaux", "Bureaux"
        TERRAIN_BATI = "terrain_bati", "Terrain avec bâtiment"

    class Transaction(models.TextChoices):
        VENTE = "vente", "À vendre"
        LOCATION = "location", "À louer"
        VENTE_OU_LOCATION = "vente_location", "À vendre ou à louer"

    class Statut(models.TextChoices):
        DISPONIBLE = "disponible", "Disponible"
        SOUS_OFFRE = "sous_offre", "Sous offre"
        PRIS = "pris", "Pris (vendu ou loué)"

    territoire = models.ForeignKey("referentiel.Territoire", on_delete=models.CASCADE, related_name="locaux")
    nom = models.CharField("intitulé", max_length=200, help_text="Par exemple « Atelier de 1 200 m² avec pont roulant ».")
    type = models.CharField(max_length=20, choices=Type.choices)
    transaction = models.CharField(max_length=20, choices=Transaction.choices, default=Transaction.LOCATION)
    statut = models.CharField(max_length=20, choices=Statut.choices, default=Statut.DISPONIBLE)
    site = models.ForeignKey(
        "attractivite.SiteEconomique", on_delete=models.SET_NULL, null=True, blank=True, related_name="locaux",
        help_text="Vide pour un local hors des sites économiques.",
    )
    terrain = models.ForeignKey(
        "attractivite.TerrainEconomique", on_delete=models.SET_NULL, null=True, blank=True, related_name="locaux",
    )
    commune = models.ForeignKey("referentiel.Commune", on_delete=models.PROTECT, related_name="+")
    adresse = models.CharField(max_length=300, blank=True)
    description = models.TextField(blank=True)
    surface_m2 = models.PositiveIntegerField("surface bâtie (m²)", validators=[MinValueValidator(1)])
    surface_terrain_m2 = models.PositiveIntegerField("surface du terrain (m²)", null=True, blank=True)
    hauteur_m = models.DecimalField("hauteur sous plafond (m)", max_digits=5, decimal_places=2, null=True, blank=True)
    charge_sol_t_m2 = models.DecimalField("charge au sol (t/m²)", max_digits=5, decimal_places=2, null=True, blank=True)
    quais = models.PositiveSmallIntegerField("quais de chargement", null=True, blank=True)
    puissance_kva = models.PositiveIntegerField("puissance électrique (kVA)", null=True, blank=True)
    prix_vente = models.DecimalField("prix de vente (€ HT)", max_digits=14, decimal_places=2, null=True, blank=True)
    loyer_annuel = models.DecimalField("loyer annuel (€ HT)", max_digits=12, decimal_places=2, null=True, blank=True)
    disponible_le = models.DateField("disponible le", null=True, blank=True, help_text="Vide : disponible dès maintenant.")
    proprietaire = models.ForeignKey(
        "reseau.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="locaux_possedes",
        verbose_name="propriétaire",
    )
    mandataire = models.ForeignKey(
        "reseau.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="locaux_commercialises",
        verbose_name="commercialisateur (agent)",
    )
    contact = models.ForeignKey(
        "reseau.Contact", on_delete=models.SET_NULL, null=True, blank=True, related_name="locaux",
        help_text="La personne à joindre (propriétaire ou agent). Jamais montrée au public.",
    )
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    public = models.BooleanField("montré aux investisseurs", default=False)
    verifie_le = models.DateField("vérifié le", null=True, blank=True, help_text="Dernière vérification de la disponibilité.")
    illustratif = models.BooleanField(default=False, help_text="Local de démonstration : valeurs inventées.")
    cree_le = models.DateTimeField(auto_now_add=True)
    modifie_le = models.DateTimeField(auto_now=True)

    objects = LocalQuerySet.as_manager()

    class Meta:
        verbose_name = "local"
        verbose_name_plural = "locaux"
        ordering = ["nom"]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90), name="local_latitude"
            ),
        ]
        indexes = [models.Index(fields=["territoire", "statut"], name="local_territoire_statut")]

    def __str__(self) -> str:
        return self.nom

    def get_absolute_url(self) -> str:
        return reverse("attractivite:local", kwargs={"territoire": self.territoire.slug, "pk": self.pk})

    @property
    def disponible(self) -> bool:
        return self.statut == self.Statut.DISPONIBLE


def _chemin_photo(instance, filename: str) -> str:
    # Never the sender's file name: a random one, with the extension of the format Pillow read.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "jpg"
    return f"attractivite/locaux/{instance.local_id}/{uuid.uuid4().hex}.{extension}"


class PhotoLocal(models.Model):
    local = models.ForeignKey(Local, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(upload_to=_chemin_photo)
    texte_alternatif = models.CharField(
        "texte alternatif", max_length=250,
        help_text="Ce que montre la photo, pour qui ne la voit pas (par exemple « Façade avec deux quais de chargement »).",
    )
    largeur = models.PositiveIntegerField(default=0)
    hauteur = models.PositiveIntegerField(default=0)
    ordre = models.PositiveSmallIntegerField(default=0)
    ajoutee_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "photo d'un local"
        verbose_name_plural = "photos des locaux"
        ordering = ["ordre", "pk"]

    def __str__(self) -> str:
        return self.texte_alternatif
