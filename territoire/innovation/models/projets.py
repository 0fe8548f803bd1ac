"""Innovation projects: who, with which lab, the money (the programme's money model), milestones, outcome."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from territoire.programme.argent import CofinancementBase, LigneBudgetBase


class ProjetInnovation(models.Model):
    class Etape(models.TextChoices):
        IDEE = "idee", "Idée"
        MONTAGE = "montage", "Montage"
        FINANCEMENT = "financement", "Recherche de financement"
        EN_COURS = "en_cours", "En cours"
        TERMINE = "termine", "Terminé"
        ABANDONNE = "abandonne", "Abandonné"

    # The pipeline's columns, in order (the abandoned projects are listed apart).
    ETAPES_PIPELINE = (Etape.IDEE, Etape.MONTAGE, Etape.FINANCEMENT, Etape.EN_COURS, Etape.TERMINE)

    territoire = models.ForeignKey("referentiel.Territoire", on_delete=models.CASCADE, related_name="projets_innovation")
    titre = models.CharField(max_length=250)
    description = models.TextField(blank=True)
    etape = models.CharField("étape", max_length=20, choices=Etape.choices, default=Etape.IDEE, db_index=True)
    axe = models.ForeignKey(
        "programme.Axe", on_delete=models.SET_NULL, null=True, blank=True, related_name="projets_innovation",
        help_text="L'axe du programme où le projet compte.",
    )
    entreprises = models.ManyToManyField("reseau.Organisation", related_name="projets_innovation", blank=True)
    partenaires = models.ManyToManyField(
        "reseau.Organisation", related_name="projets_innovation_partenaire", blank=True,
        help_text="Partenaires du projet autres que les laboratoires (clients, fournisseurs, opérateurs).",
    )
    detenteurs = models.ManyToManyField(
        "innovation.DetenteurCompetences", related_name="projets", blank=True, verbose_name="laboratoires et centres",
    )
    besoin = models.ForeignKey(
        "innovation.BesoinInnovation", on_delete=models.SET_NULL, null=True, blank=True, related_name="projets"
    )
    fiches = models.ManyToManyField(
        "programme.FicheAction", related_name="projets_innovation", blank=True, verbose_name="fiches-actions"
    )
    evenements = models.ManyToManyField(
        "observatoire.Evenement", related_name="projets_innovation", blank=True, verbose_name="événements de l'observatoire",
        help_text="Investissements, labels, ouvertures liés au projet (actualité industrielle).",
    )
    debut = models.DateField("début", null=True, blank=True)
    fin = models.DateField(null=True, blank=True)
    confidentiel = models.BooleanField(default=True, help_text="Réservé à l'équipe, au pilotage et aux membres du projet.")
    cree_par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    cree_le = models.DateTimeField(auto_now_add=True)
    modifie_le = models.DateTimeField(auto_now=True)
    fictif = models.BooleanField(default=False, help_text="Projet inventé pour la démonstration.")

    class Meta:
        verbose_name = "projet d'innovation"
        verbose_name_plural = "projets d'innovation"
        ordering = ["-modifie_le", "-pk"]

    def __str__(self) -> str:
        return self.titre

    def clean(self) -> None:
        if self.debut and self.fin and self.fin < self.debut:
            raise ValidationError({"fin": "La fin du projet précède son début."})


class JalonProjet(models.Model):
    projet = models.ForeignKey(ProjetInnovation, on_delete=models.CASCADE, related_name="jalons")
    libelle = models.CharField("libellé", max_length=250)
    echeance = models.DateField("échéance")
    atteint_le = models.DateField("atteint le", null=True, blank=True)

    class Meta:
        verbose_name = "jalon"
        ordering = ["echeance", "pk"]

    def __str__(self) -> str:
        return f"{self.libelle} ({self.echeance:%d/%m/%Y})"


class ResultatProjet(models.Model):
    """What a project produced: a product, a process, a patent, jobs…"""

    class Type(models.TextChoices):
        PRODUIT = "produit", "Produit nouveau ou amélioré"
        PROCEDE = "procede", "Procédé nouveau ou amélioré"
        BREVET = "brevet", "Brevet déposé"
        EMPLOIS = "emplois", "Emplois créés"
        AUTRE = "autre", "Autre"

    projet = models.ForeignKey(ProjetInnovation, on_delete=models.CASCADE, related_name="resultats")
    type = models.CharField(max_length=10, choices=Type.choices)
    description = models.CharField(max_length=300, blank=True)
    emplois = models.PositiveIntegerField(null=True, blank=True, help_text="Emplois créés (résultat « emplois »).")
    date = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=300, blank=True, help_text="Qui l'a dit, quand.")

    class Meta:
        verbose_name = "résultat"
        ordering = ["type", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(type="emplois") | Q(emplois__isnull=False), name="resultat_emplois_chiffre"
            ),
        ]

    def __str__(self) -> str:
        if self.type == self.Type.EMPLOIS:
            return f"{self.emplois} emploi(s) créé(s)"
        return f"{self.get_type_display()} : {self.description}"


class LigneBudgetProjet(LigneBudgetBase):
    projet = models.ForeignKey(ProjetInnovation, on_delete=models.CASCADE, related_name="lignes_budget")

    class Meta(LigneBudgetBase.Meta):
        constraints = [models.CheckConstraint(condition=Q(montant__gte=0), name="projet_innovation_budget_positif")]


class CofinancementProjet(CofinancementBase):
    """A co-financing row of a project; its `type_financement` tells a call, a loan or a tax credit apart."""

    class TypeFinancement(models.TextChoices):
        SUBVENTION = "subvention", "Subvention"
        AVANCE = "avance", "Avance remboursable"
        PRET = "pret", "Prêt"
        APPEL_PROJETS = "appel_projets", "Appel à projets (France 2030, Région…)"
        CIR = "cir", "Crédit d'impôt recherche (CIR)"
        CII = "cii", "Crédit d'impôt innovation (CII)"
        FONDS_PROPRES = "fonds_propres", "Fonds propres de l'entreprise"
        AUTRE = "autre", "Autre"

    projet = models.ForeignKey(ProjetInnovation, on_delete=models.CASCADE, related_name="cofinancements")
    financeur = models.ForeignKey(
        "reseau.Organisation", on_delete=models.CASCADE, related_name="cofinancements_innovation",
    )
    type_financement = models.CharField("type de financement", max_length=20, choices=TypeFinancement.choices)

    class Meta(CofinancementBase.Meta):
        verbose_name = "cofinancement"
        constraints = [models.CheckConstraint(condition=Q(montant__gte=0), name="projet_innovation_cofinancement_positif")]
