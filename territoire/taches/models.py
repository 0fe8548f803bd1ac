"""Background jobs run by the task queue: their state, progress and messages.

A `Tache` is the platform's own record of a job, whatever the queue (database or Redis): who
asked for it, for which territory, how far it has gone, how it ended. The queue only carries
its id (`taches.execution.executer_tache`). At most one job is waiting or running per
territory (a partial unique constraint), so that two imports never race.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse


class Tache(models.Model):
    class Genre(models.TextChoices):
        IMPORT_SIRENE = "import_sirene", "Import d'un stock SIRENE"
        SIRENE_MENSUEL = "sirene_mensuel", "Téléchargement et import du stock SIRENE mensuel"
        RAPPORT_COMITE = "rapport_comite", "Rapport au comité"
        RELANCES = "relances", "Relances des demandes du guichet"
        PURGE = "purge", "Purge des tâches et fichiers anciens"
        IMPORT_FORMATIONS = "import_formations", "Import d'offres de formation (LHEO)"
        IMPORT_OFFRES = "import_offres", "Import d'offres d'emploi (France Travail)"

    class Statut(models.TextChoices):
        EN_ATTENTE = "en_attente", "En attente"
        EN_COURS = "en_cours", "En cours"
        REUSSIE = "reussie", "Réussie"
        ECHOUEE = "echouee", "Échouée"

    ACTIFS = (Statut.EN_ATTENTE, Statut.EN_COURS)

    genre = models.CharField("genre", max_length=30, choices=Genre.choices)
    territoire = models.ForeignKey(
        "referentiel.Territoire", verbose_name="territoire", null=True, blank=True,
        on_delete=models.CASCADE, related_name="taches",
    )
    statut = models.CharField("statut", max_length=20, choices=Statut.choices, default=Statut.EN_ATTENTE)
    parametres = models.JSONField("paramètres", default=dict, blank=True)
    progression = models.PositiveSmallIntegerField(
        "progression (%)", null=True, blank=True, help_text="Vide tant qu'elle n'est pas mesurable."
    )
    etape = models.CharField("étape", max_length=200, blank=True)
    message = models.TextField("message", blank=True, help_text="Résumé de la fin, ou raison de l'échec.")
    resultat = models.JSONField("résultat", default=dict, blank=True)
    fichier = models.CharField(
        "fichier produit", max_length=300, blank=True,
        help_text="Chemin relatif au dossier des médias (rapport généré).",
    )
    demandee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="demandée par", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    origine = models.CharField("origine", max_length=100, blank=True, help_text="web, ligne de commande, planificateur…")
    creee_le = models.DateTimeField("créée le", auto_now_add=True)
    debut = models.DateTimeField("début", null=True, blank=True)
    fin = models.DateTimeField("fin", null=True, blank=True)
    battement = models.DateTimeField(
        "dernier signe de vie", null=True, blank=True,
        help_text="Écrit par le processus de travail toutes les secondes pendant la tâche.",
    )
    travailleur = models.CharField("processus de travail", max_length=200, blank=True, help_text="machine:pid")
    id_file = models.CharField("identifiant dans la file", max_length=64, blank=True)

    class Meta:
        verbose_name = "tâche de fond"
        verbose_name_plural = "tâches de fond"
        ordering = ["-creee_le", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["territoire"], condition=Q(statut__in=["en_attente", "en_cours"]),
                name="taches_une_active_par_territoire",
            ),
            models.UniqueConstraint(
                fields=["genre"], condition=Q(territoire__isnull=True, statut__in=["en_attente", "en_cours"]),
                name="taches_une_active_par_genre_hors_territoire",
            ),
        ]
        indexes = [models.Index(fields=["statut", "creee_le"], name="taches_statut_creee")]

    def __str__(self) -> str:
        return f"{self.get_genre_display()} n° {self.pk} ({self.get_statut_display().lower()})"

    def get_absolute_url(self) -> str:
        if self.territoire_id is None:
            return ""
        return reverse("taches:tache", kwargs={"territoire": self.territoire.slug, "pk": self.pk})

    @property
    def active(self) -> bool:
        return self.statut in self.ACTIFS

    @property
    def terminee(self) -> bool:
        return not self.active

    def duree(self):
        if self.debut and self.fin:
            return self.fin - self.debut
        return None
