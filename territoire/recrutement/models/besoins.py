"""What firms need (BesoinRecrutement) and the job offers open on the territory."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models

from ..queries import BesoinQuerySet, OffreQuerySet

CODE_ROME = RegexValidator(r"^[A-N][0-9]{4}$", "Code ROME attendu : une lettre de A à N puis quatre chiffres (ex. H2903).")


class TypeContrat(models.TextChoices):
    CDI = "CDI", "CDI"
    CDD = "CDD", "CDD"
    MIS = "MIS", "Intérim"
    ALTERNANCE = "ALT", "Alternance (apprentissage, professionnalisation)"
    SAI = "SAI", "Saisonnier"
    AUTRE = "AUT", "Autre"


class Niveau(models.TextChoices):
    """Levels of the national framework of certifications (décret du 8 janvier 2019)."""

    SANS = "", "Sans exigence de diplôme"
    N3 = "3", "Niveau 3 (CAP, BEP)"
    N4 = "4", "Niveau 4 (bac, bac pro, BP)"
    N5 = "5", "Niveau 5 (bac + 2 : BTS, BUT 2e année)"
    N6 = "6", "Niveau 6 (bac + 3 : licence, BUT)"
    N7 = "7", "Niveau 7 (bac + 5 : master, ingénieur)"


class BesoinRecrutement(models.Model):
    """A firm's recruitment need, stated by ROME code. Confidential unless the firm agrees."""

    class Difficulte(models.IntegerChoices):
        FAIBLE = 1, "Faible"
        MOYENNE = 2, "Moyenne"
        FORTE = 3, "Forte"

    class Origine(models.TextChoices):
        COMPTE = "compte", "Compte de l'entreprise"
        EQUIPE = "equipe", "Équipe"
        VISITE = "visite", "Visite d'entreprise"
        DEMANDE = "demande", "Demande au guichet"

    class Statut(models.TextChoices):
        OUVERT = "ouvert", "Ouvert"
        POURVU = "pourvu", "Pourvu"
        ABANDONNE = "abandonne", "Abandonné"

    territoire = models.ForeignKey("referentiel.Territoire", on_delete=models.CASCADE, related_name="besoins_recrutement")
    organisation = models.ForeignKey("reseau.Organisation", on_delete=models.PROTECT, related_name="besoins_recrutement",
                                     verbose_name="entreprise")
    rome = models.CharField("code ROME", max_length=5, validators=[CODE_ROME], db_index=True)
    intitule = models.CharField("intitulé du poste", max_length=200, blank=True)
    nombre = models.PositiveSmallIntegerField("nombre de postes", default=1)
    type_contrat = models.CharField("type de contrat", max_length=3, choices=TypeContrat.choices, default=TypeContrat.CDI)
    date_debut = models.DateField("prise de poste souhaitée", null=True, blank=True)
    niveau = models.CharField("niveau requis", max_length=1, choices=Niveau.choices, blank=True)
    difficulte = models.PositiveSmallIntegerField("difficulté de recrutement", choices=Difficulte.choices,
                                                  default=Difficulte.MOYENNE)
    commune = models.ForeignKey("referentiel.Commune", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+", help_text="Commune du site qui recrute (par défaut, celle de l'entreprise).")
    origine = models.CharField(max_length=10, choices=Origine.choices, default=Origine.EQUIPE)
    demande = models.ForeignKey("guichet.Demande", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="besoins_recrutement", verbose_name="demande du guichet")
    interaction = models.ForeignKey("reseau.Interaction", on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="besoins_recrutement", verbose_name="visite ou échange")
    publiable = models.BooleanField(
        "publication acceptée", default=False,
        help_text="L'entreprise accepte que ce besoin paraisse sur le portail public.",
    )
    statut = models.CharField(max_length=10, choices=Statut.choices, default=Statut.OUVERT, db_index=True)
    commentaire = models.TextField(blank=True)
    fictif = models.BooleanField(default=False)
    saisi_par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+")
    cree_le = models.DateTimeField(auto_now_add=True)
    modifie_le = models.DateTimeField(auto_now=True)

    objects = BesoinQuerySet.as_manager()

    class Meta:
        verbose_name = "besoin de recrutement"
        verbose_name_plural = "besoins de recrutement"
        ordering = ["-cree_le", "-pk"]
        constraints = [models.CheckConstraint(condition=models.Q(nombre__gte=1), name="besoin_au_moins_un_poste")]

    def __str__(self) -> str:
        return f"{self.nombre} × {self.rome} — {self.organisation}"

    def clean(self) -> None:
        if self.organisation_id and self.organisation.type != "entreprise":
            raise ValidationError({"organisation": "Un besoin de recrutement est celui d'une entreprise."})


class OffreEmploi(models.Model):
    """A job offer on the territory: imported from France Travail or entered by the team."""

    class Source(models.TextChoices):
        FRANCE_TRAVAIL = "france_travail", "France Travail (Offres d'emploi v2)"
        SAISIE = "saisie", "Saisie de l'équipe"
        DEMO = "demo", "Démonstration"

    territoire = models.ForeignKey("referentiel.Territoire", on_delete=models.CASCADE, related_name="offres_emploi")
    identifiant = models.CharField(max_length=40, help_text="Identifiant de l'offre chez France Travail (ex. 186LVGH).")
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.FRANCE_TRAVAIL)
    intitule = models.CharField("intitulé", max_length=255)
    description = models.TextField(blank=True)
    rome = models.CharField("code ROME", max_length=5, validators=[CODE_ROME], db_index=True)
    rome_libelle = models.CharField("métier (ROME)", max_length=255, blank=True)
    type_contrat = models.CharField("type de contrat", max_length=10, blank=True)
    type_contrat_libelle = models.CharField(max_length=100, blank=True)
    alternance = models.BooleanField(default=False)
    nombre_postes = models.PositiveSmallIntegerField(default=1)
    code_commune = models.CharField(max_length=5, blank=True, db_index=True)
    commune = models.ForeignKey("referentiel.Commune", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    lieu = models.CharField(max_length=200, blank=True)
    siret = models.CharField("SIRET", max_length=14, blank=True)
    organisation = models.ForeignKey("reseau.Organisation", on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="offres_emploi", verbose_name="entreprise")
    entreprise_nom = models.CharField(max_length=255, blank=True)
    naf = models.CharField("code NAF de l'employeur", max_length=6, blank=True)
    qualification = models.CharField(max_length=100, blank=True)
    experience = models.CharField(max_length=100, blank=True)
    url = models.URLField("page de l'offre", max_length=500, blank=True)
    date_creation = models.DateTimeField("publiée le", null=True, blank=True, db_index=True)
    date_actualisation = models.DateTimeField(null=True, blank=True)
    ouverte = models.BooleanField(default=True, db_index=True)
    close_le = models.DateTimeField(null=True, blank=True)
    fictive = models.BooleanField(default=False)
    empreinte = models.CharField(max_length=64, blank=True)
    dernier_import = models.ForeignKey("ImportRecrutement", on_delete=models.SET_NULL, null=True, blank=True,
                                       related_name="+")
    creee_le = models.DateTimeField(auto_now_add=True)

    objects = OffreQuerySet.as_manager()

    class Meta:
        verbose_name = "offre d'emploi"
        verbose_name_plural = "offres d'emploi"
        ordering = ["-date_creation", "-pk"]
        constraints = [models.UniqueConstraint(fields=["territoire", "identifiant"], name="offre_identifiant_unique")]

    def __str__(self) -> str:
        return f"{self.intitule} ({self.identifiant})"


class PreferencePotentiel(models.Model):
    """A firm's choice about appearing in the hiring-potential lists.

    Without a choice, the firm appears to the team only; `refuse` hides it from every list;
    `accepte` lets the public see it too.
    """

    class Choix(models.TextChoices):
        ACCEPTE = "accepte", "Accepte d'apparaître, y compris au public"
        REFUSE = "refuse", "Refuse d'apparaître"

    organisation = models.OneToOneField("reseau.Organisation", on_delete=models.CASCADE, related_name="preference_potentiel")
    choix = models.CharField(max_length=10, choices=Choix.choices)
    le = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "choix d'apparaître au potentiel d'embauche"
        verbose_name_plural = "choix d'apparaître au potentiel d'embauche"

    def __str__(self) -> str:
        return f"{self.organisation} : {self.get_choix_display()}"
