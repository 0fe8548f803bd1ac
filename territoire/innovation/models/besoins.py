"""Firms' innovation needs, the competences they are tagged with, and the introductions made."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

# A need is a problem in a firm's own words: a few paragraphs. Beyond this, it is a document,
# which belongs in an attachment of an interaction.
LONGUEUR_MAX_BESOIN = 10_000


class BesoinInnovation(models.Model):
    """A firm's innovation need. It belongs to the firm: deleting the firm's Organisation (a deliberate
    act in the back-office, which lists what goes with it) deletes its needs."""

    class Origine(models.TextChoices):
        COMPTE = "compte", "Compte de l'entreprise"
        VISITE = "visite", "Visite, entretien"
        GUICHET = "guichet", "Demande au guichet (sujet « Innover »)"
        EQUIPE = "equipe", "Saisie de l'équipe"

    class Urgence(models.TextChoices):
        FAIBLE = "faible", "Plus de six mois"
        MOYENNE = "moyenne", "Dans les six mois"
        FORTE = "forte", "Dans les trois mois"

    class Budget(models.TextChoices):
        INCONNU = "inconnu", "Non précisé"
        MOINS_10K = "moins_10k", "Moins de 10 000 €"
        DE_10_A_50K = "10_50k", "De 10 000 à 50 000 €"
        DE_50_A_200K = "50_200k", "De 50 000 à 200 000 €"
        PLUS_200K = "plus_200k", "Plus de 200 000 €"

    class Statut(models.TextChoices):
        OUVERT = "ouvert", "Ouvert"
        EN_RELATION = "en_relation", "Mise en relation faite"
        PROJET = "projet", "Devenu un projet"
        CLOS = "clos", "Clos sans suite"

    STATUTS_OUVERTS = (Statut.OUVERT, Statut.EN_RELATION)

    territoire = models.ForeignKey("referentiel.Territoire", on_delete=models.CASCADE, related_name="besoins_innovation")
    organisation = models.ForeignKey(
        "reseau.Organisation", on_delete=models.CASCADE, related_name="besoins_innovation", verbose_name="entreprise"
    )
    titre = models.CharField(max_length=200, help_text="En une ligne : « Remplacer un vernis solvanté »…")
    texte = models.TextField("le besoin, dans les mots de l'entreprise")
    origine = models.CharField(max_length=20, choices=Origine.choices)
    demande = models.ForeignKey(
        "guichet.Demande", on_delete=models.SET_NULL, null=True, blank=True, related_name="besoins_innovation",
        help_text="La demande au guichet d'où vient le besoin.",
    )
    interaction = models.ForeignKey(
        "reseau.Interaction", on_delete=models.SET_NULL, null=True, blank=True, related_name="besoins_innovation",
        help_text="La visite ou l'entretien où le besoin a été exprimé.",
    )
    urgence = models.CharField(max_length=10, choices=Urgence.choices, default=Urgence.MOYENNE)
    budget = models.CharField("budget envisagé", max_length=10, choices=Budget.choices, default=Budget.INCONNU)
    confidentiel = models.BooleanField(
        default=True, help_text="Réservé à l'équipe et à l'entreprise (par défaut). Sinon, les partenaires le voient aussi.",
    )
    statut = models.CharField(max_length=20, choices=Statut.choices, default=Statut.OUVERT, db_index=True)
    competences = models.ManyToManyField(
        "innovation.Competence", through="EtiquetteBesoin", related_name="besoins", blank=True, verbose_name="compétences"
    )
    suggestions = models.JSONField(
        default=list, blank=True, editable=False,
        help_text="Ce que la suggestion proposait au dépôt : [{code, confiance}] (pour mesurer son usage).",
    )
    cree_par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    cree_le = models.DateTimeField("créé le")
    modifie_le = models.DateTimeField(auto_now=True)
    fictif = models.BooleanField(default=False, help_text="Besoin inventé pour la démonstration.")

    class Meta:
        verbose_name = "besoin d'innovation"
        verbose_name_plural = "besoins d'innovation"
        ordering = ["-cree_le", "-pk"]
        indexes = [models.Index(fields=["territoire", "statut"], name="besoin_territoire_statut")]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.titre}"

    @property
    def ouvert(self) -> bool:
        return self.statut in self.STATUTS_OUVERTS

    def clean(self) -> None:
        if len(self.texte or "") > LONGUEUR_MAX_BESOIN:
            raise ValidationError({"texte": (
                f"Le besoin compte {len(self.texte):,} caractères ; {LONGUEUR_MAX_BESOIN:,} au plus. "
                "Résumez le problème en quelques paragraphes et joignez le cahier des charges à un échange."
            ).replace(",", "\u202f")})


class EtiquetteBesoin(models.Model):
    """A competence on a need: suggested (with the classifier's confidence) and/or chosen by the team.

    A suggestion the team removed stays, with `retenue` False: the correction is kept.
    """

    besoin = models.ForeignKey(BesoinInnovation, on_delete=models.CASCADE, related_name="etiquettes")
    competence = models.ForeignKey("innovation.Competence", on_delete=models.PROTECT, related_name="etiquettes_besoins")
    suggeree = models.BooleanField("suggérée", default=False)
    confiance = models.FloatField(null=True, blank=True, help_text="Score de la suggestion (similarité cosinus, 0 à 1).")
    retenue = models.BooleanField(default=True)
    par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    le = models.DateTimeField()

    class Meta:
        verbose_name = "compétence d'un besoin"
        verbose_name_plural = "compétences des besoins"
        ordering = ["-retenue", "-confiance", "competence__libelle"]
        constraints = [models.UniqueConstraint(fields=["besoin", "competence"], name="etiquette_besoin_unique")]

    def __str__(self) -> str:
        return f"{self.besoin} : {self.competence}"


class MiseEnRelation(models.Model):
    """An introduction of a firm (its need) to a competence holder, and what came of it.

    Recorded on both sides as `reseau.Interaction` rows (one on the firm, one on the holder)
    with a follow-up (`reseau.Suivi`) that has an owner and a due date.
    """

    class Issue(models.TextChoices):
        EN_ATTENTE = "en_attente", "En attente"
        ECHANGE = "echange", "Échange engagé"
        PROJET = "projet", "Projet engagé"
        SANS_SUITE = "sans_suite", "Sans suite"
        DECLINEE = "declinee", "Déclinée par le détenteur"

    besoin = models.ForeignKey(BesoinInnovation, on_delete=models.CASCADE, related_name="mises_en_relation")
    detenteur = models.ForeignKey("innovation.DetenteurCompetences", on_delete=models.CASCADE, related_name="mises_en_relation")
    rang = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Rang du détenteur dans la liste proposée.")
    score = models.FloatField(null=True, blank=True)
    methode = models.CharField("méthode d'appariement", max_length=30, blank=True)
    raisons = models.JSONField(default=list, blank=True, help_text="Les raisons affichées au moment de l'envoi.")
    message = models.TextField(blank=True)
    interaction_entreprise = models.ForeignKey(
        "reseau.Interaction", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    interaction_detenteur = models.ForeignKey(
        "reseau.Interaction", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    suivi = models.ForeignKey("reseau.Suivi", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    envoyee_par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    envoyee_le = models.DateTimeField("envoyée le")
    issue = models.CharField(max_length=20, choices=Issue.choices, default=Issue.EN_ATTENTE)
    issue_notee_le = models.DateTimeField("issue notée le", null=True, blank=True)
    issue_note = models.TextField("note sur l'issue", blank=True)
    projet = models.ForeignKey(
        "innovation.ProjetInnovation", on_delete=models.SET_NULL, null=True, blank=True, related_name="mises_en_relation"
    )

    class Meta:
        verbose_name = "mise en relation"
        verbose_name_plural = "mises en relation"
        ordering = ["-envoyee_le", "-pk"]
        constraints = [models.UniqueConstraint(fields=["besoin", "detenteur"], name="mise_en_relation_unique")]

    def __str__(self) -> str:
        return f"{self.besoin.organisation} → {self.detenteur}"
