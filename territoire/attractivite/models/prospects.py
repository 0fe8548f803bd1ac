"""The investor pipeline: firms and projects looking for a site, under a code name by default."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse

from ..queries import ProspectQuerySet


class Etape(models.TextChoices):
    CONTACT = "contact", "Premier contact"
    QUALIFIE = "qualifie", "Besoins qualifiés"
    SITES_PROPOSES = "sites_proposes", "Sites proposés"
    VISITE = "visite", "Visite"
    OFFRE = "offre", "Offre"
    DECISION = "decision", "Décision attendue"
    GAGNE = "gagne", "Gagné (implantation)"
    PERDU = "perdu", "Perdu"


ETAPES_ACTIVES = tuple(e for e in Etape.values if e not in (Etape.GAGNE, Etape.PERDU))
ETAPES_FINALES = (Etape.GAGNE, Etape.PERDU)


class Prospect(models.Model):
    Etape = Etape

    class Source(models.TextChoices):
        BUSINESS_FRANCE = "business_france", "Business France"
        AGENCE_REGIONALE = "agence_regionale", "Agence régionale de développement"
        DIRECT = "direct", "Contact direct"
        FORMULAIRE = "formulaire", "Formulaire « S'implanter »"
        RESEAU = "reseau", "Réseau, partenaire, prescripteur"
        AUTRE = "autre", "Autre"

    territoire = models.ForeignKey("referentiel.Territoire", on_delete=models.CASCADE, related_name="prospects")
    nom_de_code = models.CharField(
        "nom de code", max_length=120,
        help_text="Le nom sous lequel le projet circule : les investisseurs demandent la discrétion.",
    )
    nom_reel = models.CharField(
        "nom réel", max_length=250, blank=True,
        help_text="Vu seulement de l'équipe et des partenaires nommés ci-dessous.",
    )
    confidentiel = models.BooleanField(
        default=True, help_text="Décoché : le nom réel peut être vu de tous ceux qui voient le projet.",
    )
    partenaires = models.ManyToManyField(
        "reseau.Organisation", blank=True, related_name="prospects_suivis",
        help_text="Partenaires mis dans la confidence (agence régionale, Business France…).",
    )
    activite = models.CharField("activité", max_length=300, blank=True)
    naf = models.CharField("activité (NAF rév. 2)", max_length=6, blank=True)
    emplois_prevus = models.PositiveIntegerField("emplois prévus", null=True, blank=True)
    surface_terrain_ha = models.DecimalField(
        "surface de terrain cherchée (ha)", max_digits=8, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)],
    )
    surface_batie_m2 = models.PositiveIntegerField("surface bâtie cherchée (m²)", null=True, blank=True)
    puissance_kva = models.PositiveIntegerField("puissance électrique (kVA)", null=True, blank=True)
    acces_ferre = models.BooleanField("accès ferré (embranchement) nécessaire", default=False)
    acces_fluvial = models.BooleanField("accès fluvial nécessaire", default=False)
    vocation = models.CharField("vocation recherchée", max_length=60, blank=True)
    distance_autoroute_max_km = models.DecimalField(
        "distance maximale à un échangeur (km)", max_digits=6, decimal_places=1, null=True, blank=True,
    )
    distance_gare_fret_max_km = models.DecimalField(
        "distance maximale à une gare de fret (km)", max_digits=6, decimal_places=1, null=True, blank=True,
    )
    reseaux = models.JSONField(
        "réseaux nécessaires", default=list, blank=True,
        help_text="Champs réseau du standard (reseau_gaz, reseau_fibre_optique…) que le projet exige.",
    )
    implantation_souhaitee = models.DateField("implantation souhaitée avant le", null=True, blank=True)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.DIRECT)
    etape = models.CharField("étape", max_length=20, choices=Etape.choices, default=Etape.CONTACT)
    etape_depuis = models.DateTimeField("à cette étape depuis", null=True, blank=True)
    raison_perte = models.TextField("raison de la perte", blank=True)
    description = models.TextField("besoins exprimés", blank=True)
    # The person who wrote or was met: personal data (donnees_personnelles.py), never public.
    contact_nom = models.CharField("nom du contact", max_length=200, blank=True)
    contact_fonction = models.CharField("fonction du contact", max_length=200, blank=True)
    contact_email = models.EmailField("courriel du contact", blank=True)
    contact_telephone = models.CharField("téléphone du contact", max_length=30, blank=True)
    consentement = models.BooleanField(default=False, help_text="La personne a accepté d'être recontactée.")
    contact_efface_le = models.DateTimeField(null=True, blank=True)
    ip_empreinte = models.CharField(max_length=64, blank=True, editable=False)
    organisation = models.ForeignKey(
        "reseau.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="prospects",
        help_text="L'organisation du réseau qui porte les échanges (au nom de code tant que le projet est confidentiel).",
    )
    siren = models.CharField(
        "SIREN de l'entreprise", max_length=9, blank=True,
        help_text="Saisi quand le projet est gagné : le prochain import SIRENE y rattache l'établissement créé.",
    )
    etablissement = models.ForeignKey(
        "etablissements.Etablissement", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
    )
    gagne_le = models.DateField("gagné le", null=True, blank=True)
    suivi_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="prospects_suivis",
    )
    illustratif = models.BooleanField(default=False, help_text="Projet de démonstration : inventé.")
    cree_le = models.DateTimeField(auto_now_add=True)
    modifie_le = models.DateTimeField(auto_now=True)

    objects = ProspectQuerySet.as_manager()

    class Meta:
        ordering = ["-modifie_le"]
        indexes = [models.Index(fields=["territoire", "etape"], name="prospect_territoire_etape")]

    def __str__(self) -> str:
        return self.nom_de_code

    def get_absolute_url(self) -> str:
        return reverse("attractivite:prospect", kwargs={"territoire": self.territoire.slug, "pk": self.pk})

    @property
    def actif(self) -> bool:
        return self.etape in ETAPES_ACTIVES


class TransitionProspect(models.Model):
    """A stage change, dated and signed: the funnel's time per stage is computed from these."""

    prospect = models.ForeignKey(Prospect, on_delete=models.CASCADE, related_name="transitions")
    de = models.CharField(max_length=20, choices=Etape.choices, blank=True)
    vers = models.CharField(max_length=20, choices=Etape.choices)
    le = models.DateTimeField()
    par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["le", "pk"]

    def __str__(self) -> str:
        return f"{self.get_de_display() or '—'} → {self.get_vers_display()} ({self.le:%d/%m/%Y})"


class Proposition(models.Model):
    """A plot or premises proposed to a prospect, with the criteria as they were checked then."""

    class Reponse(models.TextChoices):
        EN_ATTENTE = "en_attente", "En attente"
        INTERESSE = "interesse", "Intéressé"
        DECLINE = "decline", "Décliné"
        RETENU = "retenu", "Retenu"

    prospect = models.ForeignKey(Prospect, on_delete=models.CASCADE, related_name="propositions")
    terrain = models.ForeignKey(
        "attractivite.TerrainEconomique", on_delete=models.SET_NULL, null=True, blank=True, related_name="propositions"
    )
    local = models.ForeignKey("attractivite.Local", on_delete=models.SET_NULL, null=True, blank=True, related_name="propositions")
    interaction = models.ForeignKey(
        "reseau.Interaction", on_delete=models.SET_NULL, null=True, blank=True, related_name="propositions_prospects",
    )
    date = models.DateField()
    criteres = models.JSONField(default=list, help_text="Chaque critère et son résultat au moment de la proposition.")
    reponse = models.CharField("réponse", max_length=20, choices=Reponse.choices, default=Reponse.EN_ATTENTE)
    cree_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(terrain__isnull=False) | models.Q(local__isnull=False), name="proposition_objet"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.terrain or self.local} proposé à {self.prospect}"
