"""The territory's industrial events: what happened to which firm, when, with its source.

An event is proposed (by an import's differences, a BODACC notice, a visit) or entered by the
team; nothing is published before the team confirms it. Jobs are a range or a figure, always
with where the figure comes from.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone


def _chemin_source(instance, filename: str) -> str:
    return f"observatoire/evenements/{instance.territoire_id}/{filename}"


class Evenement(models.Model):
    class Type(models.TextChoices):
        FERMETURE = "fermeture", "Fermeture"
        OUVERTURE = "ouverture", "Ouverture, implantation"
        EXTENSION = "extension", "Extension"
        INVESTISSEMENT = "investissement", "Investissement"
        REPRISE = "reprise", "Reprise, rachat"
        LABEL = "label", "Label, distinction"
        PROCEDURE = "procedure", "Procédure collective"
        REDUCTION = "reduction", "Réduction d'effectifs"
        DEPART = "depart", "Départ du territoire"
        REQUALIFICATION = "requalification", "Requalification de site"

    # Types that say what has happened: never dated in the future.
    TYPES_PASSES = frozenset({
        Type.FERMETURE, Type.REPRISE, Type.LABEL, Type.PROCEDURE, Type.REDUCTION, Type.DEPART,
    })

    class Statut(models.TextChoices):
        PROPOSE = "propose", "Proposé (à confirmer)"
        CONFIRME = "confirme", "Confirmé"
        ECARTE = "ecarte", "Écarté"

    class Visibilite(models.TextChoices):
        PUBLIC = "public", "Public (actualité industrielle)"
        EQUIPE = "equipe", "Équipe seulement"

    class Origine(models.TextChoices):
        EQUIPE = "equipe", "Saisi par l'équipe"
        IMPORT = "import", "Différence d'un import SIRENE"
        BODACC = "bodacc", "Annonce du BODACC"
        VISITE = "visite", "Visite d'entreprise"

    class Precision(models.TextChoices):
        JOUR = "jour", "Jour"
        MOIS = "mois", "Mois"
        ANNEE = "annee", "Année"

    territoire = models.ForeignKey("referentiel.Territoire", on_delete=models.CASCADE, related_name="evenements")
    type = models.CharField(max_length=20, choices=Type.choices)
    titre = models.CharField(max_length=250)
    description = models.TextField(blank=True)
    date = models.DateField(help_text="Date du fait (effective).")
    precision_date = models.CharField(
        "précision de la date", max_length=5, choices=Precision.choices, default=Precision.JOUR,
        help_text="Une date connue au mois ou à l'année seulement s'affiche ainsi.",
    )
    date_annonce = models.DateField("date de l'annonce", null=True, blank=True)
    organisation = models.ForeignKey(
        "reseau.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="evenements"
    )
    etablissement = models.ForeignKey(
        "etablissements.Etablissement", on_delete=models.SET_NULL, null=True, blank=True, related_name="evenements"
    )
    siret = models.CharField("SIRET", max_length=14, blank=True)
    filiere = models.ForeignKey(
        "etablissements.Filiere", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    zone = models.ForeignKey(
        "referentiel.ZoneActivite", on_delete=models.SET_NULL, null=True, blank=True, related_name="evenements"
    )
    emplois_min = models.PositiveIntegerField("emplois concernés (bas)", null=True, blank=True)
    emplois_max = models.PositiveIntegerField("emplois concernés (haut)", null=True, blank=True)
    emplois_source = models.CharField(
        "source du nombre d'emplois", max_length=300, blank=True,
        help_text="D'où vient le chiffre : tranche SIRENE et son millésime, annonce de l'entreprise, article…",
    )
    source_url = models.URLField("source (lien)", max_length=500, blank=True)
    source_libelle = models.CharField(
        "source (titre)", max_length=300, blank=True, help_text="Par exemple : « France Info, 16 septembre 2020 »."
    )
    source_document = models.FileField("source (document)", upload_to=_chemin_source, blank=True)
    visibilite = models.CharField("visibilité", max_length=10, choices=Visibilite.choices, default=Visibilite.EQUIPE)
    statut = models.CharField(max_length=10, choices=Statut.choices, default=Statut.PROPOSE, db_index=True)
    origine = models.CharField(max_length=10, choices=Origine.choices, default=Origine.EQUIPE)
    motif_proposition = models.CharField(
        "pourquoi cette proposition", max_length=300, blank=True,
        help_text="La différence ou l'annonce qui a fait proposer cet événement.",
    )
    import_sirene = models.ForeignKey(
        "etablissements.ImportSirene", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changement = models.OneToOneField(
        "etablissements.Changement", on_delete=models.SET_NULL, null=True, blank=True, related_name="evenement"
    )
    fiches = models.ManyToManyField("programme.FicheAction", blank=True, related_name="evenements",
                                    verbose_name="fiches-actions liées")
    demandes = models.ManyToManyField("guichet.Demande", blank=True, related_name="evenements",
                                      verbose_name="demandes liées")
    fictif = models.BooleanField(default=False, help_text="Événement d'une entreprise fictive de la démonstration.")
    cree_le = models.DateTimeField(auto_now_add=True)
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decide_le = models.DateTimeField("confirmé ou écarté le", null=True, blank=True)
    decide_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "événement industriel"
        verbose_name_plural = "événements industriels"
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["territoire", "statut", "visibilite", "date"], name="evenement_publication")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(emplois_min__isnull=True) | models.Q(emplois_max__isnull=True)
                | models.Q(emplois_min__lte=models.F("emplois_max")),
                name="evenement_emplois_ordonnes",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} — {self.titre} ({self.date_affichee()})"

    @property
    def publie(self) -> bool:
        return self.statut == self.Statut.CONFIRME and self.visibilite == self.Visibilite.PUBLIC

    def date_affichee(self) -> str:
        mois = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
                "octobre", "novembre", "décembre")
        if self.precision_date == self.Precision.ANNEE:
            return str(self.date.year)
        if self.precision_date == self.Precision.MOIS:
            return f"{mois[self.date.month - 1]} {self.date.year}"
        jour = "1er" if self.date.day == 1 else str(self.date.day)
        return f"{jour} {mois[self.date.month - 1]} {self.date.year}"

    def emplois_affiches(self) -> str:
        if self.emplois_min is None and self.emplois_max is None:
            return ""
        bas, haut = self.emplois_min, self.emplois_max
        if bas is None or haut is None or bas == haut:
            valeur = bas if bas is not None else haut
            return f"{valeur:,}".replace(",", "\u202f") + " emplois"
        return f"{bas:,} à {haut:,} emplois".replace(",", "\u202f")

    def clean(self) -> None:
        erreurs: dict[str, str] = {}
        aujourdhui = timezone.localdate()
        if self.date and self.type in self.TYPES_PASSES and self.date > aujourdhui:
            erreurs["date"] = (
                f"Un événement « {self.get_type_display().lower()} » dit ce qui a eu lieu : sa date ne peut pas "
                f"être dans le futur ({self.date:%d/%m/%Y}). Enregistrez-le quand il a lieu, ou choisissez un "
                "type prévu (investissement, extension, ouverture)."
            )
        if self.date_annonce and self.date_annonce > aujourdhui:
            erreurs["date_annonce"] = "La date de l'annonce ne peut pas être dans le futur."
        if self.date_annonce and self.date and self.date_annonce > self.date + dt.timedelta(days=366 * 5):
            erreurs["date_annonce"] = "L'annonce est datée plus de cinq ans après le fait : vérifiez les deux dates."
        if self.emplois_min is not None and self.emplois_max is not None and self.emplois_min > self.emplois_max:
            erreurs["emplois_max"] = "Le nombre haut d'emplois doit être au moins égal au nombre bas."
        if (self.emplois_min is not None or self.emplois_max is not None) and not self.emplois_source.strip():
            erreurs["emplois_source"] = "Dites d'où vient le nombre d'emplois (tranche SIRENE, annonce, article…)."
        if self.statut == self.Statut.CONFIRME and self.visibilite == self.Visibilite.PUBLIC and not (
            self.source_url or self.source_document
        ):
            erreurs["source_url"] = "Un événement publié doit citer sa source : un lien ou un document."
        if self.visibilite == self.Visibilite.PUBLIC and self.etablissement_id:
            etab = self.etablissement
            if not etab.diffusible or (etab.unite_legale_id and etab.unite_legale.est_personne_physique):
                erreurs["visibilite"] = (
                    "Cet établissement est non diffusible, ou c'est un entrepreneur individuel : l'événement reste "
                    "visible de l'équipe seulement."
                )
        if erreurs:
            raise ValidationError(erreurs)
