"""Training offers as LHEO describes them: formation → action → session.

A Formation is keyed by its LHEO identifier (`formation/@numero`) within a territory: a new
import of the same file updates it, and an offer missing from the next file of the same
source is archived, never deleted. The training body is a `reseau.Organisation` of type
`formation`. The contact of the offer is personal data, kept for the team only.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from ..queries import FormationQuerySet


class ImportRecrutement(models.Model):
    """One run of `territoire formations import` or `territoire offres import`."""

    class Type(models.TextChoices):
        LHEO = "lheo", "Offres de formation (LHEO)"
        OFFRES = "offres", "Offres d'emploi (France Travail)"

    class Statut(models.TextChoices):
        REUSSI = "reussi", "Réussi"
        REFUSE = "refuse", "Refusé (rien n'a changé)"

    territoire = models.ForeignKey("referentiel.Territoire", on_delete=models.CASCADE, related_name="imports_recrutement")
    type = models.CharField(max_length=10, choices=Type.choices)
    source = models.CharField(max_length=500, help_text="Nom du fichier importé.")
    version = models.CharField(max_length=10, blank=True, help_text="Version LHEO lue (2.2 ou 2.3).")
    statut = models.CharField(max_length=10, choices=Statut.choices)
    message = models.TextField(blank=True)
    debut = models.DateTimeField()
    fin = models.DateTimeField(null=True, blank=True)
    lus = models.PositiveIntegerField("enregistrements lus", default=0)
    crees = models.PositiveIntegerField("créés", default=0)
    mis_a_jour = models.PositiveIntegerField("mis à jour", default=0)
    inchanges = models.PositiveIntegerField("inchangés", default=0)
    archives = models.PositiveIntegerField("archivés ou clos", default=0)
    hors_territoire = models.PositiveIntegerField("hors du territoire", default=0)
    en_erreur = models.PositiveIntegerField("en erreur", default=0)
    erreurs = models.JSONField(
        default=list, blank=True, help_text="Erreurs par enregistrement : ligne, identifiant, message (les 500 premières).",
    )
    lance_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "import du volet Recruter"
        verbose_name_plural = "imports du volet Recruter"
        ordering = ["-debut", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_type_display()} — {self.source} ({self.get_statut_display()})"


class RegleClassement(models.Model):
    """A rule of the industrial classification: a code prefix of one criterion → a filière.

    Data, editable by the team (with a preview of what changes). Criteria are tried in the
    order of `Critere` (ROME first); within a criterion the longest prefix wins. A rule
    without filière says "industrial, several filières" (e.g. industrial maintenance).
    """

    class Critere(models.TextChoices):
        ROME = "rome", "Code ROME"
        RNCP = "rncp", "Code RNCP"
        NSF = "nsf", "Code NSF"
        FORMACODE = "formacode", "Formacode"
        ONISEP = "onisep", "Domaine du catalogue ONISEP"

    critere = models.CharField("critère", max_length=10, choices=Critere.choices)
    prefixe = models.CharField(
        "préfixe", max_length=200,
        help_text="Début du code (« H29 », « 251 », « 31 ») ou, pour ONISEP, début du domaine/sous-domaine.",
    )
    filiere = models.ForeignKey(
        "etablissements.Filiere", on_delete=models.SET_NULL, null=True, blank=True, related_name="regles_formation",
        verbose_name="filière",
    )
    industriel = models.BooleanField(
        default=True, help_text="Décoché : la règle exclut explicitement ces codes de l'industrie.",
    )
    note = models.CharField(max_length=300, blank=True, help_text="Pourquoi cette règle (source, libellé du code).")
    actif = models.BooleanField(default=True)

    class Meta:
        verbose_name = "règle de classement des formations"
        verbose_name_plural = "règles de classement des formations"
        ordering = ["critere", "prefixe"]
        constraints = [models.UniqueConstraint(fields=["critere", "prefixe"], name="regle_classement_unique")]

    def __str__(self) -> str:
        cible = self.filiere.libelle if self.filiere_id else ("industrie (plusieurs filières)" if self.industriel else "hors industrie")
        return f"{self.get_critere_display()} {self.prefixe}… → {cible}"


class Formation(models.Model):
    """A training offer (LHEO `formation`), imported or entered by hand."""

    class Source(models.TextChoices):
        LHEO = "lheo", "Import LHEO"
        SAISIE = "saisie", "Saisie de l'équipe"
        DEMO = "demo", "Démonstration"

    territoire = models.ForeignKey("referentiel.Territoire", on_delete=models.CASCADE, related_name="formations")
    numero = models.CharField("identifiant LHEO", max_length=120, help_text="formation/@numero du fichier LHEO.")
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.LHEO)
    fichier = models.CharField(max_length=300, blank=True, help_text="Fichier d'où vient l'offre (pour l'archivage).")
    version_lheo = models.CharField(max_length=5, blank=True)
    intitule = models.CharField("intitulé", max_length=255)
    objectif = models.TextField(blank=True)
    contenu = models.TextField(blank=True)
    certifiante = models.BooleanField(default=False)
    formacodes = models.CharField(max_length=200, blank=True, help_text="Formacodes séparés par des virgules.")
    nsf = models.CharField("codes NSF", max_length=100, blank=True)
    romes = models.CharField("codes ROME", max_length=200, blank=True)
    rncp = models.CharField("codes RNCP", max_length=200, blank=True)
    rs = models.CharField("codes RS", max_length=200, blank=True)
    certifinfo = models.CharField(max_length=200, blank=True)
    niveau_entree = models.CharField("niveau à l'entrée (code LHEO)", max_length=5, blank=True)
    niveau_sortie = models.CharField("niveau à la sortie (code LHEO)", max_length=5, blank=True)
    url = models.URLField("page officielle", max_length=500, blank=True)
    organisme = models.ForeignKey(
        "reseau.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="formations",
        verbose_name="organisme responsable",
    )
    organisme_nom = models.CharField("organisme (nom lu)", max_length=255, blank=True)
    organisme_siret = models.CharField("SIRET de l'organisme", max_length=14, blank=True)
    # Contact of the offer (LHEO contact-formation): personal data, team only.
    contact_nom = models.CharField(max_length=200, blank=True)
    contact_telephone = models.CharField(max_length=40, blank=True)
    contact_courriel = models.CharField(max_length=200, blank=True)
    industrielle = models.BooleanField(default=False, db_index=True)
    filiere = models.ForeignKey(
        "etablissements.Filiere", on_delete=models.SET_NULL, null=True, blank=True, related_name="formations",
        verbose_name="filière",
    )
    raison_classement = models.CharField("raison du classement", max_length=300, blank=True)
    fictive = models.BooleanField(default=False, help_text="Formation illustrative de la démonstration.")
    source_publique = models.CharField(max_length=300, blank=True, help_text="Source publique citée (offre réelle).")
    empreinte = models.CharField(max_length=64, blank=True, help_text="Empreinte du contenu lu (mise à jour inutile si égale).")
    archivee_le = models.DateTimeField("archivée le", null=True, blank=True)
    dernier_import = models.ForeignKey(ImportRecrutement, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    creee_le = models.DateTimeField(auto_now_add=True)
    modifiee_le = models.DateTimeField(auto_now=True)

    objects = FormationQuerySet.as_manager()

    class Meta:
        ordering = ["intitule", "pk"]
        constraints = [models.UniqueConstraint(fields=["territoire", "numero"], name="formation_numero_unique")]
        indexes = [models.Index(fields=["territoire", "archivee_le", "industrielle"], name="formation_territoire_actives")]

    def __str__(self) -> str:
        return self.intitule

    def url_page(self) -> str:
        return reverse("recrutement:formation", kwargs={"territoire": self.territoire.slug, "pk": self.pk})

    def liste(self, champ: str) -> list[str]:
        return [c for c in getattr(self, champ).split(",") if c]

    @property
    def archivee(self) -> bool:
        return self.archivee_le is not None


class FormationRome(models.Model):
    """One ROME code a training leads to (the match reads this table, indexed)."""

    formation = models.ForeignKey(Formation, on_delete=models.CASCADE, related_name="codes_rome")
    rome = models.CharField("code ROME", max_length=5, db_index=True)
    deduit = models.BooleanField(
        "déduit de l'intitulé", default=False,
        help_text="Code que le fichier ne déclarait pas, déduit de l'intitulé (recrutement/rapprochement.py).",
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["formation", "rome"], name="formation_rome_unique")]

    def __str__(self) -> str:
        return self.rome


class ActionFormation(models.Model):
    """An LHEO `action`: where and how the training is given."""

    class Modalite(models.TextChoices):
        PRESENTIEL = "0", "En présentiel"
        MIXTE = "1", "Mixte (présentiel et à distance)"
        DISTANCE = "2", "Entièrement à distance"

    formation = models.ForeignKey(Formation, on_delete=models.CASCADE, related_name="actions")
    numero = models.CharField(max_length=120, blank=True)
    code_commune = models.CharField("code commune du lieu", max_length=5, blank=True, db_index=True)
    commune = models.ForeignKey("referentiel.Commune", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    ville = models.CharField(max_length=200, blank=True)
    lieu = models.CharField("lieu de formation", max_length=255, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    distance_km = models.FloatField(
        "distance au territoire (km)", null=True, blank=True,
        help_text="0 sur le territoire ; sinon distance du centre de la commune au centre de la commune du territoire la plus proche.",
    )
    rythme = models.CharField(max_length=300, blank=True)
    modalite = models.CharField("modalité", max_length=1, choices=Modalite.choices, blank=True)
    alternance = models.BooleanField(default=False, help_text="Des modalités d'alternance sont décrites.")
    financeurs = models.CharField("codes financeurs", max_length=100, blank=True)
    url = models.URLField("page de l'action", max_length=500, blank=True)

    class Meta:
        verbose_name = "action de formation"
        verbose_name_plural = "actions de formation"
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.formation} — {self.ville or self.code_commune}"


class SessionFormation(models.Model):
    class Etat(models.TextChoices):
        OUVERT = "1", "Inscriptions ouvertes"
        FERME = "2", "Inscriptions fermées"
        SUSPENDU = "3", "Inscriptions suspendues"

    action = models.ForeignKey(ActionFormation, on_delete=models.CASCADE, related_name="sessions")
    numero = models.CharField(max_length=120, blank=True)
    debut = models.DateField("début", null=True, blank=True, db_index=True)
    fin = models.DateField(null=True, blank=True)
    etat = models.CharField("état du recrutement", max_length=1, choices=Etat.choices, blank=True)

    class Meta:
        verbose_name = "session de formation"
        verbose_name_plural = "sessions de formation"
        ordering = ["debut", "pk"]

    def __str__(self) -> str:
        return f"{self.debut or '?'} → {self.fin or '?'}"
