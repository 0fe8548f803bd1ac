"""Models of the design system: each territory's visual identity and editor fields.

One `Identite` per territory (created on first use with the defaults): the accent colour
(checked for AA contrast), the logo, and the facts the footer's legal pages state (editor,
publication director, host, accessibility conformity, personal-data contact). These are data
the team edits on the identity page: no territory fact is written in a template.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from . import couleurs

TYPES_LOGO = {"image/png": "PNG", "image/jpeg": "JPEG", "image/webp": "WebP", "image/svg+xml": "SVG"}
TAILLE_MAX_LOGO = 300 * 1024


def valider_accent(valeur: str) -> None:
    problemes = couleurs.problemes_accent(valeur)
    if problemes:
        raise ValidationError(" ".join(problemes))


class Identite(models.Model):
    class Conformite(models.TextChoices):
        NON = "non", "Non conforme"
        PARTIELLE = "partielle", "Partiellement conforme"
        TOTALE = "totale", "Totalement conforme"

    territoire = models.OneToOneField(
        "referentiel.Territoire", on_delete=models.CASCADE, related_name="identite"
    )
    couleur_accent = models.CharField(
        "couleur d'accent", max_length=7, default=couleurs.ACCENT_DEFAUT, validators=[valider_accent],
        help_text="Au format #rrvvbb ; elle doit offrir un contraste de 4,5:1 avec le blanc (RGAA).",
    )
    logo = models.BinaryField("logo", null=True, blank=True, editable=False)
    logo_type = models.CharField("type du logo", max_length=20, blank=True, editable=False)
    logo_texte = models.CharField(
        "texte de remplacement du logo", max_length=200, blank=True,
        help_text="Ce que le logo dit, pour qui ne le voit pas (vide : le nom du territoire).",
    )
    # Mentions légales
    editeur = models.CharField(
        "éditeur du site", max_length=250, blank=True,
        help_text="La collectivité qui publie le site, par exemple la communauté d'agglomération.",
    )
    editeur_adresse = models.TextField("adresse de l'éditeur", blank=True)
    editeur_siren = models.CharField("SIREN de l'éditeur", max_length=9, blank=True)
    directeur_publication = models.CharField(
        "directeur ou directrice de la publication", max_length=200, blank=True,
        help_text="En général le président ou la présidente de la collectivité.",
    )
    courriel_contact = models.EmailField("courriel de contact", blank=True)
    hebergeur = models.TextField(
        "hébergeur", blank=True, help_text="Nom, adresse et téléphone de l'hébergeur du site."
    )
    # Déclaration d'accessibilité
    conformite = models.CharField(
        "état de conformité au RGAA", max_length=10, choices=Conformite.choices, default=Conformite.NON,
        help_text="« Non conforme » tant qu'aucun audit n'a été mené (obligation légale).",
    )
    taux_conformite = models.DecimalField(
        "taux de conformité (%)", max_digits=5, decimal_places=2, null=True, blank=True,
        help_text="Part des critères RGAA respectés lors du dernier audit.",
    )
    date_audit = models.DateField("date du dernier audit", null=True, blank=True)
    auditeur = models.CharField("réalisé par", max_length=200, blank=True)
    non_conformites = models.TextField(
        "contenus non accessibles", blank=True,
        help_text="Les non-conformités connues, une par ligne.",
    )
    derogations = models.TextField(
        "dérogations pour charge disproportionnée", blank=True, help_text="Une par ligne, avec sa raison."
    )
    contact_accessibilite = models.EmailField(
        "contact pour l'accessibilité", blank=True,
        help_text="Où signaler un défaut d'accessibilité ou demander un contenu sous une autre forme.",
    )
    date_declaration = models.DateField("date de la déclaration", null=True, blank=True)
    # Données personnelles
    responsable_traitement = models.CharField(
        "responsable des traitements", max_length=250, blank=True,
        help_text="Vide : l'éditeur du site.",
    )
    contact_dpo = models.EmailField(
        "contact du délégué à la protection des données", blank=True,
    )
    modifie_le = models.DateTimeField("modifiée le", auto_now=True)

    class Meta:
        verbose_name = "identité du territoire"
        verbose_name_plural = "identités des territoires"

    def __str__(self) -> str:
        return f"Identité de {self.territoire}"

    @classmethod
    def de(cls, territoire) -> Identite:
        """The territory's identity (created with the defaults on first use)."""
        identite, _ = cls.objects.get_or_create(territoire=territoire)
        return identite

    @property
    def declinaisons(self) -> dict[str, str]:
        return couleurs.declinaisons(self.couleur_accent)

    @property
    def a_un_logo(self) -> bool:
        return bool(self.logo_type)

    @property
    def texte_logo(self) -> str:
        return self.logo_texte or f"Logo : {self.territoire.nom}"

    @property
    def version(self) -> str:
        """Changes whenever the identity does: the theme and logo URLs carry it (long caching)."""
        return f"{self.modifie_le:%Y%m%d%H%M%S%f}" if self.modifie_le else "0"

    def lignes(self, champ: str) -> list[str]:
        return [ligne.strip() for ligne in getattr(self, champ).splitlines() if ligne.strip()]
