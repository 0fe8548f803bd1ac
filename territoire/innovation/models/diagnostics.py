"""The industry-of-the-future diagnostic: a versioned questionnaire (data), firms' answers.

A score goes from 0 to 5, each level described in the questionnaire; an unanswered dimension
has no score (None), which is never counted as 0.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

SCORE_MIN, SCORE_MAX = 0, 5


class Questionnaire(models.Model):
    """One version of our questionnaire. A diagnostic points at the version it was filled in."""

    code = models.SlugField(max_length=60)
    version = models.PositiveSmallIntegerField()
    titre = models.CharField(max_length=250)
    description = models.TextField(blank=True)
    publie_le = models.DateField("publié le")
    source = models.CharField(max_length=300, help_text="Le fichier de données d'où vient cette version.")
    actif = models.BooleanField(default=True, help_text="La version proposée pour un nouveau diagnostic.")

    class Meta:
        ordering = ["code", "-version"]
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="questionnaire_version_unique")]

    def __str__(self) -> str:
        return f"{self.titre} (version {self.version})"


class Dimension(models.Model):
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="dimensions")
    code = models.SlugField(max_length=60)
    libelle = models.CharField("libellé", max_length=200)
    ordre = models.PositiveSmallIntegerField(default=0)
    question = models.TextField(help_text="Ce qu'on demande à l'entreprise.")
    niveaux = models.JSONField(help_text="Six descriptions, du niveau 0 au niveau 5.")
    prochaines_etapes = models.JSONField(
        "prochaines étapes", default=list,
        help_text="Recommandations par niveau atteint : [{« jusqu_a »: 2, « texte »: …}], la première qui convient.",
    )
    sujets = models.JSONField(default=list, help_text="Codes des sujets du guichet dont les dispositifs répondent.")
    mots_cles = models.JSONField("mots-clés", default=list, help_text="Pour trouver les fiches-actions qui répondent.")

    class Meta:
        ordering = ["questionnaire", "ordre"]
        constraints = [models.UniqueConstraint(fields=["questionnaire", "code"], name="dimension_unique")]

    def __str__(self) -> str:
        return self.libelle

    def description_niveau(self, score: int | None) -> str:
        if score is None:
            return "Non renseigné"
        return self.niveaux[score]

    def prochaine_etape(self, score: int | None) -> str:
        for etape in self.prochaines_etapes:
            if score is None or score <= etape["jusqu_a"]:
                return etape["texte"]
        return ""


class Diagnostic(models.Model):
    class Mode(models.TextChoices):
        VISITE = "visite", "Pendant une visite"
        AUTODIAGNOSTIC = "autodiagnostic", "Rempli par l'entreprise"

    territoire = models.ForeignKey("referentiel.Territoire", on_delete=models.CASCADE, related_name="diagnostics_if")
    organisation = models.ForeignKey(
        "reseau.Organisation", on_delete=models.CASCADE, related_name="diagnostics_if", verbose_name="entreprise"
    )
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="diagnostics")
    date = models.DateField()
    mode = models.CharField(max_length=20, choices=Mode.choices)
    interaction = models.ForeignKey(
        "reseau.Interaction", on_delete=models.SET_NULL, null=True, blank=True, related_name="diagnostics_if",
        help_text="La visite pendant laquelle le diagnostic a été fait.",
    )
    # The firm's profile on the day, for the averages by filière and size (a firm may change band).
    filiere = models.ForeignKey(
        "etablissements.Filiere", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="filière"
    )
    tranche_effectifs = models.CharField("tranche d'effectifs", max_length=2, blank=True)
    notes = models.TextField(blank=True)
    realise_par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    cree_le = models.DateTimeField(auto_now_add=True)
    fictif = models.BooleanField(default=False, help_text="Diagnostic inventé pour la démonstration.")

    class Meta:
        verbose_name = "diagnostic industrie du futur"
        verbose_name_plural = "diagnostics industrie du futur"
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["organisation", "date"], name="diagnostic_orga_date")]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.date:%d/%m/%Y}"


class Reponse(models.Model):
    diagnostic = models.ForeignKey(Diagnostic, on_delete=models.CASCADE, related_name="reponses")
    dimension = models.ForeignKey(Dimension, on_delete=models.PROTECT, related_name="reponses")
    score = models.PositiveSmallIntegerField(null=True, blank=True, help_text="0 à 5 ; vide : pas de réponse (ce n'est pas 0).")
    preuve = models.TextField("éléments observés", blank=True, help_text="Ce qui justifie le niveau : ce qu'on a vu, ce qu'on nous a montré.")

    class Meta:
        verbose_name = "réponse"
        ordering = ["dimension__ordre"]
        constraints = [
            models.UniqueConstraint(fields=["diagnostic", "dimension"], name="reponse_unique"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=SCORE_MIN, score__lte=SCORE_MAX), name="reponse_score_0_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dimension} : {'—' if self.score is None else self.score}"

    def clean(self) -> None:
        if self.score is not None and not SCORE_MIN <= self.score <= SCORE_MAX:
            raise ValidationError({"score": f"Le niveau va de {SCORE_MIN} à {SCORE_MAX} ; {self.score} n'existe pas."})
