"""Who knows what: the competence vocabulary and the competence holders.

A competence holder (`DetenteurCompetences`) is a profile held by this app on a
`reseau.Organisation` (laboratory, transfer centre, technical centre, platform, the
Technopôle, a university department, an engineering school, a firm that offers its
know-how): its type, parent institution, place and register fields. What it offers is
rows, each with its source: competences from the controlled vocabulary, equipment,
services (tests, prototyping, trainings…).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models


class Competence(models.Model):
    """An entry of the controlled vocabulary: a technology, material, process, sector or method.

    Stored as data (shipped in territoire/innovation/data/competences.csv, edited by the team);
    its synonyms are the words firms and labs use for it.
    """

    class Categorie(models.TextChoices):
        TECHNOLOGIE = "technologie", "Technologie"
        MATERIAU = "materiau", "Matériau"
        PROCEDE = "procede", "Procédé"
        SECTEUR = "secteur", "Secteur d'application"
        METHODE = "methode", "Méthode, démarche"

    code = models.SlugField(max_length=80, unique=True)
    libelle = models.CharField("libellé", max_length=200)
    categorie = models.CharField("catégorie", max_length=20, choices=Categorie.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="enfants",
        help_text="Entrée plus générale (« revêtements » pour « peintures en phase aqueuse »).",
    )
    description = models.TextField(blank=True)
    source = models.CharField(max_length=300, help_text="D'où vient l'entrée (vocabulaire livré, ajout de l'équipe…).")
    actif = models.BooleanField(default=True)
    modifie_le = models.DateTimeField("modifiée le", auto_now=True)

    class Meta:
        verbose_name = "compétence"
        ordering = ["categorie", "libelle"]

    def __str__(self) -> str:
        return self.libelle

    def clean(self) -> None:
        vus, courant = {self.pk}, self.parent
        while courant is not None:
            if courant.pk in vus:
                raise ValidationError({"parent": "Ce parent créerait un cycle dans le vocabulaire."})
            vus.add(courant.pk)
            courant = courant.parent


class Synonyme(models.Model):
    competence = models.ForeignKey(Competence, on_delete=models.CASCADE, related_name="synonymes")
    terme = models.CharField(max_length=200)

    class Meta:
        ordering = ["terme"]
        constraints = [models.UniqueConstraint(fields=["competence", "terme"], name="synonyme_unique")]

    def __str__(self) -> str:
        return self.terme


class ImportRecherche(models.Model):
    """One run of `territoire recherche import`: the file, what it changed."""

    territoire = models.ForeignKey("referentiel.Territoire", on_delete=models.CASCADE, related_name="imports_recherche")
    fichier = models.CharField(max_length=300)
    empreinte = models.CharField("empreinte SHA-256", max_length=64)
    debut = models.DateTimeField("début")
    fin = models.DateTimeField(null=True, blank=True)
    lignes = models.PositiveIntegerField(default=0)
    retenues = models.PositiveIntegerField(default=0, help_text="Structures gardées par les filtres.")
    creees = models.PositiveIntegerField("créées", default=0)
    mises_a_jour = models.PositiveIntegerField("mises à jour", default=0)
    inchangees = models.PositiveIntegerField("inchangées", default=0)
    absentes = models.PositiveIntegerField(default=0, help_text="Structures d'un import précédent absentes du fichier.")
    filtres = models.JSONField(default=dict, blank=True)
    par = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = "import du répertoire de la recherche"
        verbose_name_plural = "imports du répertoire de la recherche"
        ordering = ["-debut"]

    def __str__(self) -> str:
        return f"{self.fichier} ({self.debut:%d/%m/%Y})"


class DetenteurCompetences(models.Model):
    """The competence-holder profile of an Organisation."""

    class Type(models.TextChoices):
        LABORATOIRE = "laboratoire", "Laboratoire de recherche"
        EQUIPE_RECHERCHE = "equipe_recherche", "Équipe de recherche"
        STRUCTURE_FEDERATIVE = "structure_federative", "Structure fédérative, groupement de recherche"
        CENTRE_TRANSFERT = "centre_transfert", "Centre de transfert de technologie"
        CENTRE_TECHNIQUE = "centre_technique", "Centre technique industriel"
        PLATEFORME = "plateforme", "Plateforme technologique"
        TECHNOPOLE = "technopole", "Technopôle"
        DEPARTEMENT_UNIVERSITAIRE = "departement_universitaire", "Département universitaire, IUT"
        ECOLE_INGENIEURS = "ecole_ingenieurs", "École d'ingénieurs"
        ENTREPRISE = "entreprise", "Entreprise (savoir-faire offert)"

    organisation = models.OneToOneField("reseau.Organisation", on_delete=models.CASCADE, related_name="detenteur")
    type = models.CharField(max_length=30, choices=Type.choices)
    etablissement_parent = models.ForeignKey(
        "reseau.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="detenteurs_rattaches",
        verbose_name="établissement de rattachement", help_text="Université, école, organisme de recherche…",
    )
    structure_parente = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="structures_filles",
        help_text="Le laboratoire d'une équipe, la fédération d'un laboratoire (répertoire RNSR).",
    )
    # The place. `commune` is set when the commune is in the database (the territory's).
    adresse = models.CharField(max_length=300, blank=True)
    code_postal = models.CharField(max_length=5, blank=True)
    libelle_commune = models.CharField("commune (libellé)", max_length=100, blank=True)
    code_commune = models.CharField("code INSEE de la commune", max_length=5, blank=True)
    commune = models.ForeignKey("referentiel.Commune", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    # Fields of the national register of research structures (RNSR), when it lists the holder.
    numero_rnsr = models.CharField("numéro RNSR", max_length=10, null=True, blank=True, unique=True)
    label_numero = models.CharField("label et numéro", max_length=100, blank=True, help_text="ULR 4515, UMR 8188…")
    annee_creation = models.PositiveSmallIntegerField("année de création", null=True, blank=True)
    type_structure_rnsr = models.CharField("type de structure (RNSR)", max_length=100, blank=True)
    domaines = models.JSONField("domaines scientifiques", default=list, blank=True)
    panels_erc = models.JSONField("panels ERC", default=list, blank=True)
    fiche_rnsr = models.URLField("fiche RNSR", max_length=300, blank=True)
    import_recherche = models.ForeignKey(ImportRecherche, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    dans_dernier_import = models.BooleanField(default=True)
    source = models.CharField(max_length=300, help_text="D'où vient la fiche : répertoire RNSR, saisie de l'équipe…")
    public = models.BooleanField(default=True, help_text="Montré sur la page publique « Innover avec le territoire ».")
    cree_le = models.DateTimeField(auto_now_add=True)
    modifie_le = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "détenteur de compétences"
        verbose_name_plural = "détenteurs de compétences"
        ordering = ["organisation__nom"]

    def __str__(self) -> str:
        return str(self.organisation)

    @property
    def nom(self) -> str:
        return self.organisation.nom

    def clean(self) -> None:
        if self.etablissement_parent_id and self.etablissement_parent_id == self.organisation_id:
            raise ValidationError({"etablissement_parent": "Un détenteur ne peut pas être son propre établissement de rattachement."})


class Tutelle(models.Model):
    """A supervising body of a research structure (RNSR `tutelles`), in register order."""

    class Type(models.TextChoices):
        TUTELLE = "tutelle", "Établissement tutelle"
        PARTICIPANT = "participant", "Établissement participant"

    detenteur = models.ForeignKey(DetenteurCompetences, on_delete=models.CASCADE, related_name="tutelles")
    organisation = models.ForeignKey("reseau.Organisation", on_delete=models.CASCADE, related_name="tutelles_recherche")
    type = models.CharField(max_length=20, choices=Type.choices, default=Type.TUTELLE)
    ordre = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["ordre"]
        constraints = [models.UniqueConstraint(fields=["detenteur", "organisation"], name="tutelle_unique")]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_type_display()})"


class CompetenceDetenue(models.Model):
    """A competence a holder offers, with where we learnt it."""

    detenteur = models.ForeignKey(DetenteurCompetences, on_delete=models.CASCADE, related_name="competences_detenues")
    competence = models.ForeignKey(Competence, on_delete=models.PROTECT, related_name="detentions")
    principale = models.BooleanField(default=False, help_text="Un des points forts du détenteur.")
    precision = models.CharField("précision", max_length=300, blank=True, help_text="Ce qu'il fait exactement, en ses mots.")
    source = models.CharField(max_length=300)
    public = models.BooleanField(default=True)
    modifie_le = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "compétence détenue"
        verbose_name_plural = "compétences détenues"
        ordering = ["-principale", "competence__libelle"]
        constraints = [models.UniqueConstraint(fields=["detenteur", "competence"], name="competence_detenue_unique")]

    def __str__(self) -> str:
        return f"{self.detenteur} — {self.competence}"


class OffreBase(models.Model):
    """What equipment and services have in common: a name, the competences they serve, a source."""

    nom = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    source = models.CharField(max_length=300)
    public = models.BooleanField(default=True)
    modifie_le = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
        ordering = ["nom"]

    def __str__(self) -> str:
        return self.nom


class Equipement(OffreBase):
    detenteur = models.ForeignKey(DetenteurCompetences, on_delete=models.CASCADE, related_name="equipements")
    competences = models.ManyToManyField(Competence, blank=True, related_name="equipements")

    class Meta(OffreBase.Meta):
        verbose_name = "équipement"


class Service(OffreBase):
    class Type(models.TextChoices):
        ESSAI = "essai", "Essais, mesures, analyses"
        PROTOTYPAGE = "prototypage", "Prototypage, pilote"
        FORMATION = "formation", "Formation"
        CONSEIL = "conseil", "Conseil, expertise"
        RECHERCHE = "recherche", "Recherche partenariale, thèse CIFRE"
        HEBERGEMENT = "hebergement", "Hébergement, incubation"

    detenteur = models.ForeignKey(DetenteurCompetences, on_delete=models.CASCADE, related_name="services")
    type = models.CharField(max_length=20, choices=Type.choices)
    competences = models.ManyToManyField(Competence, blank=True, related_name="services")

    class Meta(OffreBase.Meta):
        verbose_name = "service proposé"
        verbose_name_plural = "services proposés"


class VersionIndex(models.Model):
    """One row whose counter goes up with every write to what the matching index and the
    competence suggestion read (vocabulary, holders, what they offer, tagged needs).

    The index and the suggestion model are built once per value (see index.py); the counter
    lives in the database, so a change made by any process is seen by all of them.
    """

    jeton = models.PositiveBigIntegerField(default=0)
    modifiee_le = models.DateTimeField("modifiée le", null=True, blank=True)

    class Meta:
        verbose_name = "version de l'index d'appariement"
        verbose_name_plural = "versions de l'index d'appariement"

    def __str__(self) -> str:
        return str(self.jeton)
