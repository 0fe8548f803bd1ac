"""The single desk (Simplifier): partner directory, firms' requests, aid catalogue.

need → partner → aid → outcome, on one record: a Demande is routed (Orientation) to advisors
(Conseiller) of branches (Antenne) of institutions; it moves through dated, signed status
changes, kept in the shared history (territoire.historique, nature "statut"); it may point
at the aids proposed (AideProposee) with their outcome.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from territoire.etablissements import tranches

from .queries import DemandeQuerySet, DispositifQuerySet

CHOIX_TRANCHES = [(code, libelle) for code, (libelle, _, _) in tranches.TRANCHES.items()]


def _prefixes(texte: str) -> list[str]:
    return [p.strip().upper() for p in (texte or "").replace(";", ",").split(",") if p.strip()]


class FiltreProfil(models.Model):
    """NAF and headcount filters shared by an advisor's coverage and an aid's eligibility."""

    naf_prefixes = models.CharField(
        "codes NAF acceptés", max_length=300, blank=True,
        help_text="Préfixes NAF rév. 2 séparés par des virgules (ex. « 10, 25.62 ») ; vide : toutes activités.",
    )
    tranche_min = models.CharField("tranche minimale", max_length=2, blank=True, choices=CHOIX_TRANCHES)
    tranche_max = models.CharField("tranche maximale", max_length=2, blank=True, choices=CHOIX_TRANCHES)

    class Meta:
        abstract = True

    def clean(self) -> None:
        if self.tranche_min and self.tranche_max and tranches.ORDRE.index(self.tranche_min) > tranches.ORDRE.index(
            self.tranche_max
        ):
            raise ValidationError({"tranche_max": "La tranche maximale doit être au moins égale à la tranche minimale."})

    def accepte_profil(self, naf: str, tranche: str) -> bool:
        """True when a firm with activity `naf` and band `tranche` fits the filters.

        An unknown activity or band passes (the team decides); a known one must fit.
        """
        prefixes = _prefixes(self.naf_prefixes)
        if prefixes and naf and not any(naf.upper().startswith(p) for p in prefixes):
            return False
        if tranche in tranches.TRANCHES and tranche != "NN":
            rang = tranches.ORDRE.index(tranche)
            if self.tranche_min and rang < tranches.ORDRE.index(self.tranche_min):
                return False
            if self.tranche_max and rang > tranches.ORDRE.index(self.tranche_max):
                return False
        return True


class Sujet(models.Model):
    """A subject a firm may ask about (recruitment, financing, export…): data, editable."""

    code = models.SlugField(max_length=60, unique=True)
    libelle = models.CharField("libellé", max_length=200)
    description = models.CharField(max_length=300, blank=True)
    ordre = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["ordre", "libelle"]

    def __str__(self) -> str:
        return self.libelle


class Institution(models.Model):
    """A partner institution (CCI, Bpifrance, France Travail…) on a territory."""

    territoire = models.ForeignKey("referentiel.Territoire", on_delete=models.CASCADE, related_name="institutions")
    organisation = models.ForeignKey(
        "reseau.Organisation", on_delete=models.PROTECT, related_name="institutions",
        help_text="L'organisation partenaire dans le réseau.",
    )
    nom = models.CharField(max_length=200)

    class Meta:
        ordering = ["nom"]
        constraints = [models.UniqueConstraint(fields=["territoire", "organisation"], name="institution_unique")]

    def __str__(self) -> str:
        return self.nom


class Antenne(models.Model):
    """A branch of an institution. Partner users whose membership names this branch's
    organisation, or who are one of its advisors, handle the requests routed to it."""

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="antennes")
    nom = models.CharField(max_length=200)
    organisation = models.ForeignKey(
        "reseau.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="antennes",
        help_text="Organisation que les comptes de cette antenne représentent (par défaut, celle de l'institution).",
    )
    courriel = models.EmailField("courriel de l'antenne", blank=True)

    class Meta:
        ordering = ["institution__nom", "nom"]

    def __str__(self) -> str:
        return f"{self.institution} — {self.nom}"


class Conseiller(FiltreProfil):
    antenne = models.ForeignKey(Antenne, on_delete=models.CASCADE, related_name="conseillers")
    utilisateur = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="conseillers"
    )
    prenom = models.CharField("prénom", max_length=120)
    nom = models.CharField(max_length=120)
    courriel = models.EmailField()
    telephone = models.CharField("téléphone", max_length=30, blank=True)
    sujets = models.ManyToManyField(Sujet, related_name="conseillers")
    communes = models.ManyToManyField("referentiel.Commune", related_name="conseillers", verbose_name="communes couvertes")
    actif = models.BooleanField(default=True)

    class Meta:
        ordering = ["nom", "prenom"]

    def __str__(self) -> str:
        return f"{self.prenom} {self.nom} ({self.antenne})"


class Demande(models.Model):
    class Statut(models.TextChoices):
        NOUVELLE = "nouvelle", "Nouvelle"
        PRISE_EN_CHARGE = "prise_en_charge", "Prise en charge"
        FAITE = "faite", "Faite"
        FAITE_SANS_AIDE = "faite_sans_aide", "Faite sans aide"
        INJOIGNABLE = "injoignable", "Entreprise injoignable"
        PAS_POUR_NOUS = "pas_pour_nous", "Pas pour nous"

    class Origine(models.TextChoices):
        FORMULAIRE = "formulaire", "Formulaire public"
        COMPTE = "compte", "Compte de l'entreprise"
        EQUIPE = "equipe", "Équipe (après une visite ou un appel)"

    # Statuses that mean an advisor took the request in charge (the 5-working-day measure).
    STATUTS_PRIS_EN_CHARGE = (Statut.PRISE_EN_CHARGE, Statut.FAITE, Statut.FAITE_SANS_AIDE)
    STATUTS_CLOS = (Statut.FAITE, Statut.FAITE_SANS_AIDE, Statut.INJOIGNABLE, Statut.PAS_POUR_NOUS)
    TRANSITIONS = {
        Statut.NOUVELLE: {Statut.PRISE_EN_CHARGE, Statut.FAITE, Statut.FAITE_SANS_AIDE, Statut.INJOIGNABLE, Statut.PAS_POUR_NOUS},
        Statut.PRISE_EN_CHARGE: {Statut.FAITE, Statut.FAITE_SANS_AIDE, Statut.INJOIGNABLE, Statut.PAS_POUR_NOUS},
        Statut.FAITE: set(),
        Statut.FAITE_SANS_AIDE: set(),
        Statut.INJOIGNABLE: {Statut.PRISE_EN_CHARGE},
        Statut.PAS_POUR_NOUS: set(),
    }

    territoire = models.ForeignKey("referentiel.Territoire", on_delete=models.CASCADE, related_name="demandes")
    organisation = models.ForeignKey("reseau.Organisation", on_delete=models.PROTECT, related_name="demandes")
    contact = models.ForeignKey(
        "reseau.Contact", on_delete=models.SET_NULL, null=True, blank=True, related_name="demandes",
        help_text="La personne à rappeler.",
    )
    sujet = models.ForeignKey(Sujet, on_delete=models.PROTECT, related_name="demandes")
    description = models.TextField()
    commune = models.ForeignKey(
        "referentiel.Commune", on_delete=models.SET_NULL, null=True, blank=True, related_name="demandes",
        help_text="Commune de l'implantation concernée (pour l'orientation).",
    )
    origine = models.CharField(max_length=20, choices=Origine.choices)
    statut = models.CharField(max_length=20, choices=Statut.choices, default=Statut.NOUVELLE, db_index=True)
    deposee_le = models.DateTimeField("déposée le", db_index=True)
    orientee_le = models.DateTimeField("orientée le", null=True, blank=True)
    prise_en_charge_le = models.DateTimeField("prise en charge le", null=True, blank=True)
    cloturee_le = models.DateTimeField("clôturée le", null=True, blank=True)
    satisfaction = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Réponse de l'entreprise, de 1 (pas du tout satisfaite) à 5 (très satisfaite).",
    )
    satisfaction_commentaire = models.TextField("commentaire de l'entreprise", blank=True)
    satisfaction_le = models.DateTimeField(null=True, blank=True)
    ip_empreinte = models.CharField(
        max_length=64, blank=True, editable=False,
        help_text="Empreinte (hachée) de l'adresse IP d'un dépôt public, pour limiter le spam.",
    )
    deposee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    fictif = models.BooleanField(default=False)

    objects = DemandeQuerySet.as_manager()

    class Meta:
        ordering = ["-deposee_le", "-pk"]
        indexes = [models.Index(fields=["territoire", "statut"], name="demande_territoire_statut")]

    def __str__(self) -> str:
        return f"Demande n° {self.pk} — {self.organisation} — {self.sujet}"

    def url(self) -> str:
        return reverse("guichet:demande", kwargs={"territoire": self.territoire.slug, "pk": self.pk})

    @property
    def close(self) -> bool:
        return self.statut in self.STATUTS_CLOS

    def statuts_suivants(self) -> list[tuple[str, str]]:
        return [(s.value, s.label) for s in self.Statut if s in self.TRANSITIONS[self.Statut(self.statut)]]


class Orientation(models.Model):
    """A request routed to an advisor: proposed by the rules, confirmed by the team."""

    demande = models.ForeignKey(Demande, on_delete=models.CASCADE, related_name="orientations")
    conseiller = models.ForeignKey(Conseiller, on_delete=models.PROTECT, related_name="orientations")
    confirmee_le = models.DateTimeField("confirmée le")
    confirmee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["demande", "conseiller"], name="orientation_unique")]

    def __str__(self) -> str:
        return f"{self.demande} → {self.conseiller}"


class Relance(models.Model):
    """A reminder sent to the advisors of an open request, at 9, 21 or 45 days."""

    demande = models.ForeignKey(Demande, on_delete=models.CASCADE, related_name="relances")
    palier = models.PositiveSmallIntegerField(help_text="Jours écoulés depuis l'orientation : 9, 21 ou 45.")
    envoyee_le = models.DateTimeField("envoyée le")
    destinataires = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["palier"]
        constraints = [models.UniqueConstraint(fields=["demande", "palier"], name="relance_unique_par_palier")]

    def __str__(self) -> str:
        return f"Relance J+{self.palier} — {self.demande}"


class Dispositif(FiltreProfil):
    """An aid of the catalogue: who funds it, for whom, where, when."""

    class TypeAide(models.TextChoices):
        SUBVENTION = "subvention", "Subvention"
        PRET = "pret", "Prêt"
        AVANCE = "avance", "Avance remboursable"
        GARANTIE = "garantie", "Garantie"
        ACCOMPAGNEMENT = "accompagnement", "Accompagnement, conseil"
        FISCAL = "fiscal", "Avantage fiscal ou social"

    nom = models.CharField(max_length=250)
    financeur = models.ForeignKey(
        "reseau.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="dispositifs"
    )
    publics = models.CharField("publics visés", max_length=300, blank=True)
    type_aide = models.CharField("type d'aide", max_length=20, choices=TypeAide.choices)
    territoires = models.ManyToManyField(
        "referentiel.Territoire", blank=True, related_name="dispositifs",
        help_text="Territoires éligibles ; vide : tous.",
    )
    sujets = models.ManyToManyField(Sujet, blank=True, related_name="dispositifs")
    debut = models.DateField("ouvert du", null=True, blank=True)
    fin = models.DateField("au", null=True, blank=True)
    lien = models.URLField(blank=True)
    description = models.TextField(blank=True)
    archive_le = models.DateTimeField(
        "archivé le", null=True, blank=True,
        help_text="Un dispositif archivé ne se propose plus ; les aides déjà proposées le gardent.",
    )

    objects = DispositifQuerySet.as_manager()

    class Meta:
        ordering = ["nom"]

    def __str__(self) -> str:
        return self.nom

    @property
    def archive(self) -> bool:
        return self.archive_le is not None

    def ouvert(self, jour) -> bool:
        return (self.debut is None or self.debut <= jour) and (self.fin is None or jour <= self.fin)


class AideProposee(models.Model):
    class Issue(models.TextChoices):
        PROPOSEE = "proposee", "Proposée"
        DEMANDEE = "demandee", "Demandée"
        OBTENUE = "obtenue", "Obtenue"
        REFUSEE = "refusee", "Refusée"
        VERSEE = "versee", "Versée"

    demande = models.ForeignKey(Demande, on_delete=models.CASCADE, related_name="aides")
    dispositif = models.ForeignKey(Dispositif, on_delete=models.PROTECT, related_name="aides")
    issue = models.CharField(max_length=10, choices=Issue.choices, default=Issue.PROPOSEE)
    montant = models.DecimalField("montant (€)", max_digits=12, decimal_places=2, null=True, blank=True)
    maj_le = models.DateTimeField("mise à jour le", auto_now=True)

    class Meta:
        verbose_name = "aide proposée"
        verbose_name_plural = "aides proposées"
        constraints = [
            models.UniqueConstraint(fields=["demande", "dispositif"], name="aide_unique_par_demande"),
            models.CheckConstraint(condition=models.Q(montant__gte=0) | models.Q(montant__isnull=True), name="aide_montant_positif"),
        ]

    def __str__(self) -> str:
        return f"{self.dispositif} ({self.get_issue_display()})"
