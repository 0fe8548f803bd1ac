"""The firm visit survey (business retention), its answers, the follow-ups they propose, the
yearly visit plan.

The questionnaire is versioned data (``data/questionnaire_visite_v*.json``): an answer keeps the
version it was given with. Individual answers are confidential (team only); only aggregates
(how many firms plan to hire, invest, expand) leave the team's pages.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Questionnaire(models.Model):
    version = models.PositiveSmallIntegerField(unique=True)
    titre = models.CharField(max_length=200)
    publie_le = models.DateField("publié le")
    questions = models.JSONField(help_text="Liste des questions (code, libellé, choix, choix qui alertent).")
    actif = models.BooleanField(default=True, help_text="La version proposée pour les nouvelles visites.")

    class Meta:
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"{self.titre} (version {self.version})"

    def question(self, code: str) -> dict | None:
        return next((q for q in self.questions if q["code"] == code), None)


class ReponseVisite(models.Model):
    interaction = models.OneToOneField("reseau.Interaction", on_delete=models.CASCADE, related_name="reponse_visite")
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="reponses")
    reponses = models.JSONField(default=dict, help_text="Code de question → code du choix ou texte.")
    alertes = models.JSONField(default=list, blank=True, help_text="Codes des questions dont la réponse alerte.")
    cree_le = models.DateTimeField(auto_now_add=True)
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = "réponses d'une visite"
        verbose_name_plural = "réponses des visites"
        ordering = ["-interaction__date"]

    def __str__(self) -> str:
        return f"Réponses de la visite {self.interaction_id} (v{self.questionnaire.version})"


class SuiteProposee(models.Model):
    """A follow-up the platform proposes after a flagging answer, routed by the desk's rules.

    Accepting it files a desk request (guichet.Demande) and confirms its routing to the
    advisors proposed; nothing is sent before the team accepts.
    """

    class Statut(models.TextChoices):
        PROPOSEE = "proposee", "Proposée"
        ACCEPTEE = "acceptee", "Acceptée (demande ouverte au guichet)"
        ECARTEE = "ecartee", "Écartée"

    territoire = models.ForeignKey("referentiel.Territoire", on_delete=models.CASCADE, related_name="+")
    reponse = models.ForeignKey(ReponseVisite, on_delete=models.CASCADE, related_name="suites")
    organisation = models.ForeignKey("reseau.Organisation", on_delete=models.CASCADE, related_name="suites_proposees")
    signal = models.ForeignKey("Signal", on_delete=models.SET_NULL, null=True, blank=True, related_name="suites")
    question = models.CharField(max_length=40)
    motif = models.CharField(max_length=300)
    sujet = models.ForeignKey("guichet.Sujet", on_delete=models.PROTECT, related_name="+")
    conseillers = models.ManyToManyField("guichet.Conseiller", blank=True, related_name="+",
                                         verbose_name="conseillers proposés")
    statut = models.CharField(max_length=10, choices=Statut.choices, default=Statut.PROPOSEE)
    demande = models.ForeignKey("guichet.Demande", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    decide_le = models.DateTimeField(null=True, blank=True)
    decide_par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    class Meta:
        verbose_name = "suite proposée"
        verbose_name_plural = "suites proposées"
        ordering = ["statut", "-pk"]
        constraints = [models.UniqueConstraint(fields=["reponse", "question"], name="suite_unique_par_question")]

    def __str__(self) -> str:
        return f"{self.motif} → {self.sujet}"


class PlanVisites(models.Model):
    territoire = models.ForeignKey("referentiel.Territoire", on_delete=models.CASCADE, related_name="plans_visites")
    annee = models.PositiveSmallIntegerField("année")
    cree_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "plan de visites"
        verbose_name_plural = "plans de visites"
        ordering = ["-annee"]
        constraints = [models.UniqueConstraint(fields=["territoire", "annee"], name="plan_visites_unique")]

    def __str__(self) -> str:
        return f"Plan de visites {self.annee}"


class VisitePrevue(models.Model):
    plan = models.ForeignKey(PlanVisites, on_delete=models.CASCADE, related_name="visites")
    organisation = models.ForeignKey("reseau.Organisation", on_delete=models.CASCADE, related_name="visites_prevues")
    motif = models.CharField(max_length=300, blank=True, help_text="Pourquoi l'équipe l'a choisie.")
    ajoutee_le = models.DateTimeField(auto_now_add=True)
    ajoutee_par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")

    class Meta:
        verbose_name = "visite prévue"
        verbose_name_plural = "visites prévues"
        ordering = ["organisation__nom"]
        constraints = [models.UniqueConstraint(fields=["plan", "organisation"], name="visite_prevue_unique")]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.plan.annee})"
