"""The one audit model shared by every app: who, when, what changed, on which record.

An entry is written only through `territoire.historique.actions.enregistrer_historique`
(see docs/historique.md). It hangs on the record whose history it tells (`objet`: a fiche,
an organisation, a request, a contact…); when the change touched a part of that record
rather than the record itself (a milestone of a fiche, a registration of a firm), the part
is named in `element` with its id.

`changements` maps a field to [before, after]. When a person's data are erased, the entries
that quoted them are blanked but kept: the history keeps its shape.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone

from .queries import EntreeQuerySet


class Entree(models.Model):
    class Nature(models.TextChoices):
        CREATION = "creation", "Création"
        MODIFICATION = "modification", "Modification"
        SUPPRESSION = "suppression", "Suppression"
        STATUT = "statut", "Changement de statut"
        COMMENTAIRE = "commentaire", "Commentaire"
        FUSION = "fusion", "Fusion de doublons"
        DONNEES_PERSONNELLES = "donnees_personnelles", "Données personnelles (RGPD)"
        AUTRE = "autre", "Autre"

    territoire = models.ForeignKey(
        "referentiel.Territoire", on_delete=models.CASCADE, null=True, blank=True, related_name="historique",
        help_text="Territoire du dossier, quand il n'en a qu'un (une organisation peut en avoir plusieurs).",
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    objet = GenericForeignKey("content_type", "object_id")
    element = models.CharField(
        "élément", max_length=60, blank=True,
        help_text="La partie du dossier qui a changé (jalon, inscription…) ; vide : le dossier lui-même.",
    )
    element_id = models.PositiveBigIntegerField(null=True, blank=True)
    le = models.DateTimeField(default=timezone.now, db_index=True)
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    nature = models.CharField(max_length=24, choices=Nature.choices, default=Nature.MODIFICATION)
    action = models.CharField(max_length=300, help_text="Ce qui s'est passé, en une phrase.")
    changements = models.JSONField(default=dict, blank=True, help_text="Champ → [avant, après].")
    note = models.TextField(blank=True, help_text="Note d'un changement de statut, texte d'un commentaire.")

    objects = EntreeQuerySet.as_manager()

    class Meta:
        verbose_name = "entrée d'historique"
        verbose_name_plural = "historique"
        ordering = ["-le", "-pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "le"], name="historique_dossier"),
            models.Index(fields=["territoire", "le"], name="historique_territoire"),
        ]

    def __str__(self) -> str:
        return f"{timezone.localtime(self.le):%d/%m/%Y %H:%M} — {self.action}"

    def changements_lisibles(self) -> list[tuple[str, object, object]]:
        """(label, before, after) for each changed field; labels from the record's model when
        the change is on the record itself, the stored key otherwise."""
        modele = None if self.element else self.content_type.model_class()
        lignes = []
        for champ, valeurs in self.changements.items():
            libelle = champ
            if modele is not None:
                try:
                    libelle = str(modele._meta.get_field(champ).verbose_name)
                except FieldDoesNotExist:
                    pass  # a key that is no field (a computed value, a list of links) keeps its name
            avant, apres = (valeurs + [None, None])[:2] if isinstance(valeurs, list) else (None, valeurs)
            lignes.append((libelle.replace("_", " "), avant, apres))
        return lignes

    @property
    def auteur_affiche(self) -> str:
        if self.auteur_id is None:
            return "système"
        return (self.auteur.get_full_name() or self.auteur.get_username()).strip()
