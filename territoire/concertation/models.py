"""The consultation: meetings, what organisations said there, the findings drawn from it,
and the fiches-actions that answer each finding ("ce que nous avons entendu → ce que nous faisons").

Rules (DESIGN §3 "The consultation", issue 4):
- participants are real Organisation and Contact records, never free text;
- individual interviews and their contributions are confidential by default (team only);
- the support of a finding (firms, meetings, sectors, sizes) is counted, never typed in.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse


class Theme(models.Model):
    """A theme contributions are tagged with. Data: the seed's recurring themes and the
    programme's axes ship with the app (migration 0002); the team adds local ones."""

    class Origine(models.TextChoices):
        CONSTAT = "constat", "Constat récurrent de la concertation"
        AXE = "axe", "Axe du programme"
        LOCAL = "local", "Thème local"

    code = models.SlugField(max_length=60, unique=True)
    libelle = models.CharField("libellé", max_length=200)
    description = models.TextField(blank=True)
    origine = models.CharField(max_length=10, choices=Origine.choices, default=Origine.LOCAL)
    ordre = models.PositiveSmallIntegerField(default=0)
    actif = models.BooleanField(default=True, help_text="Un thème inactif n'est plus proposé à la saisie.")

    class Meta:
        verbose_name = "thème"
        ordering = ["ordre", "libelle"]

    def __str__(self) -> str:
        return self.libelle


class Consultation(models.Model):
    territoire = models.ForeignKey(
        "referentiel.Territoire", on_delete=models.CASCADE, related_name="consultations"
    )
    titre = models.CharField(max_length=250)
    debut = models.DateField("début")
    fin = models.DateField("fin", null=True, blank=True, help_text="Vide tant que la concertation continue.")
    description = models.TextField(blank=True)
    programme = models.ForeignKey(
        "programme.Programme", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="consultations", help_text="La phase du programme que cette concertation prépare.",
    )
    cree_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-debut"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fin__isnull=True) | Q(fin__gte=F("debut")), name="consultation_fin_apres_debut"
            )
        ]

    def __str__(self) -> str:
        return self.titre

    def get_absolute_url(self) -> str:
        return reverse("concertation:synthese", kwargs={"territoire": self.territoire.slug, "pk": self.pk})

    def clean(self) -> None:
        if self.debut and self.fin and self.fin < self.debut:
            raise ValidationError({"fin": "La fin de la concertation précède son début : corrigez l'une des deux dates."})


class Reunion(models.Model):
    class Type(models.TextChoices):
        COLLECTIVE = "collective", "Réunion collective"
        INDIVIDUELLE = "individuelle", "Entretien individuel"

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="reunions")
    type = models.CharField(max_length=15, choices=Type.choices, default=Type.COLLECTIVE)
    titre = models.CharField(max_length=250)
    date = models.DateField()
    lieu = models.CharField(max_length=250, blank=True)
    commune = models.ForeignKey(
        "referentiel.Commune", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    theme = models.ForeignKey(
        Theme, on_delete=models.SET_NULL, null=True, blank=True, related_name="reunions",
        verbose_name="thème", help_text="Le thème annoncé de la réunion.",
    )
    ordre_du_jour = models.TextField("ordre du jour", blank=True)
    organisateur = models.ForeignKey(
        "reseau.Organisation", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="reunions_concertation_organisees",
    )
    compte_rendu = models.TextField("compte rendu", blank=True)
    confidentielle = models.BooleanField(
        default=False,
        help_text="Réservée à l'équipe. Les entretiens individuels le sont par défaut.",
    )
    cree_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "réunion"
        ordering = ["date", "pk"]
        indexes = [models.Index(fields=["consultation", "date"], name="reunion_consultation_date")]

    def __str__(self) -> str:
        return f"{self.titre} ({self.date:%d/%m/%Y})"

    @property
    def est_individuelle(self) -> bool:
        return self.type == self.Type.INDIVIDUELLE


class Participation(models.Model):
    class Presence(models.TextChoices):
        INSCRIT = "inscrit", "Inscrit"
        PRESENT = "present", "Présent"
        ABSENT = "absent", "Absent"
        EXCUSE = "excuse", "Excusé"

    reunion = models.ForeignKey(Reunion, on_delete=models.CASCADE, related_name="participations")
    organisation = models.ForeignKey(
        "reseau.Organisation", on_delete=models.CASCADE, null=True, blank=True,
        related_name="participations_concertation",
    )
    contact = models.ForeignKey(
        "reseau.Contact", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="participations_concertation",
    )
    presence = models.CharField("présence", max_length=10, choices=Presence.choices, default=Presence.PRESENT)
    importee = models.BooleanField("importée d'une liste", default=False)

    class Meta:
        ordering = ["reunion", "organisation__nom"]
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False) | Q(contact__isnull=False),
                name="participation_organisation_ou_contact",
            ),
            models.UniqueConstraint(
                fields=["reunion", "organisation"], condition=Q(contact__isnull=True),
                name="participation_organisation_unique",
            ),
            models.UniqueConstraint(
                fields=["reunion", "contact"], condition=Q(contact__isnull=False),
                name="participation_contact_unique",
            ),
        ]

    def __str__(self) -> str:
        qui = self.organisation or self.contact
        return f"{qui} — {self.reunion}"


class Contribution(models.Model):
    """What an organisation said at a meeting, tagged with themes."""

    reunion = models.ForeignKey(Reunion, on_delete=models.CASCADE, related_name="contributions")
    # What an organisation said belongs to it: deleting the organisation (a deliberate act in
    # the back-office, which lists the contributions that go with it) deletes them too.
    organisation = models.ForeignKey(
        "reseau.Organisation", on_delete=models.CASCADE, related_name="contributions_concertation"
    )
    contact = models.ForeignKey(
        "reseau.Contact", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="contributions_concertation", verbose_name="personne",
    )
    texte = models.TextField(help_text="Ce qui a été dit, en quelques phrases.")
    themes = models.ManyToManyField(Theme, related_name="contributions", blank=True, verbose_name="thèmes")
    themes_suggeres = models.JSONField(
        "thèmes suggérés", default=list, blank=True, editable=False,
        help_text="Codes des thèmes que la suggestion proposait à la saisie (pour mesurer son usage).",
    )
    confidentielle = models.BooleanField(
        default=False, help_text="Réservée à l'équipe. Celles des entretiens individuels le sont par défaut."
    )
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cree_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["reunion__date", "pk"]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.texte[:60]}"


class Constat(models.Model):
    """A finding: a statement supported by contributions."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="constats")
    titre = models.CharField("énoncé", max_length=300)
    description = models.TextField(blank=True)
    themes = models.ManyToManyField(Theme, related_name="constats", blank=True, verbose_name="thèmes")
    contributions = models.ManyToManyField(Contribution, related_name="constats", blank=True)
    cree_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["consultation", "titre"]

    def __str__(self) -> str:
        return self.titre

    def get_absolute_url(self) -> str:
        return reverse(
            "concertation:constat", kwargs={"territoire": self.consultation.territoire.slug, "pk": self.pk}
        )


class ReponseConstat(models.Model):
    """A typed link: this fiche-action answers this finding (with a comment)."""

    class Type(models.TextChoices):
        DIRECTE = "directe", "Y répond directement"
        PARTIELLE = "partielle", "Y répond en partie"
        INDIRECTE = "indirecte", "Y contribue indirectement"

    constat = models.ForeignKey(Constat, on_delete=models.CASCADE, related_name="reponses")
    fiche = models.ForeignKey(
        "programme.FicheAction", on_delete=models.CASCADE, related_name="reponses_constats",
        verbose_name="fiche-action",
    )
    type = models.CharField(max_length=10, choices=Type.choices, default=Type.DIRECTE)
    commentaire = models.TextField(blank=True)
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cree_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "réponse à un constat"
        verbose_name_plural = "réponses aux constats"
        ordering = ["constat", "fiche__numero"]
        constraints = [
            models.UniqueConstraint(fields=["constat", "fiche"], name="reponse_constat_unique")
        ]

    def __str__(self) -> str:
        return f"{self.constat} → {self.fiche}"

    def clean(self) -> None:
        if self.constat_id and self.fiche_id:
            if self.fiche.programme.territoire_id != self.constat.consultation.territoire_id:
                raise ValidationError({"fiche": "Cette fiche-action appartient à un autre territoire."})
