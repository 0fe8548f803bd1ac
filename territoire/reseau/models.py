"""Organisations: every actor of the programme (firm, partner, lab, school, public body).

Shared by every app. A firm's Organisation points to its SIRENE legal unit and main
establishment when it has one, so the census, the plan, the consultation and the desk
all speak of the same firm.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from .queries import ContactQuerySet, InteractionQuerySet, OrganisationQuerySet


class Organisation(models.Model):
    class Type(models.TextChoices):
        ENTREPRISE = "entreprise", "Entreprise"
        PARTENAIRE = "partenaire", "Partenaire, opérateur public"
        LABORATOIRE = "laboratoire", "Laboratoire, établissement de recherche"
        FORMATION = "formation", "Organisme de formation, établissement d'enseignement"
        COLLECTIVITE = "collectivite", "Collectivité, service de l'État"
        AUTRE = "autre", "Autre"

    nom = models.CharField(max_length=250)
    type = models.CharField(max_length=20, choices=Type.choices)
    territoires = models.ManyToManyField("referentiel.Territoire", related_name="organisations")
    siret = models.CharField("SIRET", max_length=14, blank=True, db_index=True)
    unite_legale = models.ForeignKey(
        "etablissements.UniteLegale", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="organisations",
    )
    etablissement = models.ForeignKey(
        "etablissements.Etablissement", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="organisations", verbose_name="établissement principal",
    )
    sigle = models.CharField(max_length=50, blank=True)
    site_web = models.URLField(blank=True)
    description = models.TextField(blank=True)
    # Profile used by the directory's filters and the desk's routing. For a firm linked to
    # SIRENE these copy its main establishment (see `copier_profil_sirene`); otherwise typed in.
    commune = models.ForeignKey(
        "referentiel.Commune", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="organisations", help_text="Commune de l'implantation suivie.",
    )
    naf = models.CharField(
        "activité (NAF rév. 2)", max_length=6, blank=True, db_index=True,
        help_text="Code NAF rév. 2, par exemple 25.62A.",
    )
    tranche_effectifs = models.CharField(
        "tranche d'effectifs", max_length=2, blank=True, help_text="Tranche SIRENE (11 = 10 à 19 salariés…).",
    )
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    etiquettes = models.ManyToManyField("Etiquette", blank=True, related_name="organisations", verbose_name="étiquettes")
    fictif = models.BooleanField(default=False, help_text="Organisation inventée pour la démonstration.")
    # A request filed on the public form by a stranger never lands on an existing firm: it
    # creates its own Organisation, linked here to the firm it resembles (same SIRET or name)
    # until the team confirms (merge) or dismisses the link.
    doublon_probable = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="rapprochements",
        verbose_name="rattachement à confirmer",
        help_text="Organisation existante à laquelle ressemble un dépôt anonyme : l'équipe confirme ou écarte.",
    )
    cree_le = models.DateTimeField(auto_now_add=True)
    modifie_le = models.DateTimeField(auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["nom"]
        indexes = [models.Index(fields=["type", "nom"], name="organisation_type_nom")]

    def __str__(self) -> str:
        return self.nom

    def get_absolute_url(self) -> str:
        slug = self.territoires.values_list("slug", flat=True).first()
        return reverse("reseau:organisation", kwargs={"territoire": slug, "pk": self.pk})

    def url(self, territoire) -> str:
        return reverse("reseau:organisation", kwargs={"territoire": territoire.slug, "pk": self.pk})

    @property
    def est_entreprise(self) -> bool:
        return self.type == self.Type.ENTREPRISE

    def copier_profil_sirene(self) -> None:
        """Fill commune, activity, band and position from the linked main establishment."""
        e = self.etablissement
        if e is None:
            return
        self.siret = e.siret
        self.unite_legale_id = self.unite_legale_id or e.unite_legale_id
        self.commune_id = e.commune_id or self.commune_id
        self.naf = e.naf or self.naf
        self.tranche_effectifs = e.tranche_effectifs or self.tranche_effectifs
        if e.latitude is not None and e.diffusible:
            self.latitude, self.longitude = e.latitude, e.longitude

    def libelle_tranche(self) -> str:
        from territoire.etablissements import tranches

        return tranches.libelle(self.tranche_effectifs)


class OrganisationFusionnee(models.Model):
    """The trace of a duplicate merged into another: its old address leads to the one kept."""

    ancien_id = models.PositiveBigIntegerField("ancien identifiant", unique=True)
    nom = models.CharField(max_length=250)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="fusions")
    fusionnee_le = models.DateTimeField("fusionnée le")

    class Meta:
        verbose_name = "organisation fusionnée"
        verbose_name_plural = "organisations fusionnées"

    def __str__(self) -> str:
        return f"{self.nom} (n° {self.ancien_id}) → {self.organisation}"


class Contact(models.Model):
    """A person at an organisation. Personal data (GDPR): never shown to the public."""

    class BaseLegale(models.TextChoices):
        INTERET_LEGITIME = "interet_legitime", "Intérêt légitime (relation professionnelle)"
        CONSENTEMENT = "consentement", "Consentement"
        MISSION_PUBLIQUE = "mission_publique", "Mission d'intérêt public"
        CONTRAT = "contrat", "Exécution d'un contrat"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="contacts"
    )
    prenom = models.CharField("prénom", max_length=120, blank=True)
    nom = models.CharField(max_length=120)
    fonction = models.CharField(max_length=200, blank=True)
    email = models.EmailField("courriel", blank=True)
    telephone = models.CharField("téléphone", max_length=30, blank=True)
    base_legale = models.CharField(
        "base légale", max_length=20, choices=BaseLegale.choices, default=BaseLegale.INTERET_LEGITIME
    )
    date_consentement = models.DateField("date du consentement", null=True, blank=True)
    efface_le = models.DateTimeField(
        "effacé le", null=True, blank=True,
        help_text="Données de la personne effacées à sa demande (RGPD) ; la fiche reste pour l'historique.",
    )
    cree_le = models.DateTimeField(auto_now_add=True)
    modifie_le = models.DateTimeField(auto_now=True)

    objects = ContactQuerySet.as_manager()

    class Meta:
        ordering = ["nom", "prenom"]

    def __str__(self) -> str:
        if self.efface_le:
            return "Personne effacée"
        return " ".join(p for p in (self.prenom, self.nom) if p)


class Etiquette(models.Model):
    """A free tag the team puts on organisations and interactions (data, not code)."""

    nom = models.CharField(max_length=80, unique=True)

    class Meta:
        verbose_name = "étiquette"
        ordering = ["nom"]

    def __str__(self) -> str:
        return self.nom


class Interaction(models.Model):
    """A visit, call, meeting or email with an organisation, logged by the team or a partner."""

    class Type(models.TextChoices):
        VISITE = "visite", "Visite"
        APPEL = "appel", "Appel"
        REUNION = "reunion", "Réunion"
        COURRIEL = "courriel", "Courriel"

    territoire = models.ForeignKey("referentiel.Territoire", on_delete=models.CASCADE, related_name="interactions")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="interactions")
    contacts = models.ManyToManyField(Contact, blank=True, related_name="interactions")
    type = models.CharField(max_length=20, choices=Type.choices)
    date = models.DateField()
    objet = models.CharField(max_length=250)
    notes = models.TextField(blank=True)
    etiquettes = models.ManyToManyField(Etiquette, blank=True, related_name="interactions", verbose_name="étiquettes")
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cree_le = models.DateTimeField(auto_now_add=True)

    objects = InteractionQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["organisation", "date"], name="interaction_orga_date")]

    def __str__(self) -> str:
        return f"{self.get_type_display()} du {self.date:%d/%m/%Y} : {self.objet}"


def _chemin_piece_jointe(instance, filename: str) -> str:
    return f"reseau/interactions/{instance.interaction_id}/{filename}"


class PieceJointe(models.Model):
    interaction = models.ForeignKey(Interaction, on_delete=models.CASCADE, related_name="pieces_jointes")
    fichier = models.FileField(upload_to=_chemin_piece_jointe)
    nom = models.CharField(max_length=250)
    ajoutee_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "pièce jointe"
        verbose_name_plural = "pièces jointes"

    def __str__(self) -> str:
        return self.nom


class Suivi(models.Model):
    """A follow-up: something someone must do for an organisation by a date."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="suivis")
    interaction = models.ForeignKey(
        Interaction, on_delete=models.SET_NULL, null=True, blank=True, related_name="suivis"
    )
    action = models.CharField("à faire", max_length=300)
    responsable = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="suivis_reseau"
    )
    echeance = models.DateField("échéance")
    fait_le = models.DateTimeField("fait le", null=True, blank=True)

    class Meta:
        verbose_name = "suite à donner"
        verbose_name_plural = "suites à donner"
        ordering = ["fait_le", "echeance"]

    def __str__(self) -> str:
        return f"{self.action} (avant le {self.echeance:%d/%m/%Y})"

    @property
    def fait(self) -> bool:
        return self.fait_le is not None

    def en_retard(self, aujourdhui) -> bool:
        return not self.fait and self.echeance < aujourdhui


class EvenementReseau(models.Model):
    """A network event: club meeting, site visit, forum, Semaine de l'industrie…"""

    class Type(models.TextChoices):
        CLUB = "club", "Club d'entreprises"
        VISITE = "visite", "Visite de site"
        FORUM = "forum", "Forum, salon"
        SEMAINE_INDUSTRIE = "semaine_industrie", "Semaine de l'industrie"
        ATELIER = "atelier", "Atelier, petit-déjeuner"

    territoire = models.ForeignKey("referentiel.Territoire", on_delete=models.CASCADE, related_name="evenements_reseau")
    titre = models.CharField(max_length=250)
    type = models.CharField(max_length=20, choices=Type.choices)
    date = models.DateTimeField()
    lieu = models.CharField(max_length=250, blank=True)
    commune = models.ForeignKey("referentiel.Commune", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    organisateur = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="evenements_organises"
    )
    description = models.TextField(blank=True)
    compte_rendu = models.TextField("compte rendu et suites", blank=True)
    annule_le = models.DateTimeField("annulé le", null=True, blank=True)
    motif_annulation = models.CharField("motif de l'annulation", max_length=300, blank=True)

    class Meta:
        verbose_name = "événement du réseau"
        verbose_name_plural = "événements du réseau"
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.titre} ({self.date:%d/%m/%Y})"

    @property
    def annule(self) -> bool:
        return self.annule_le is not None


class Inscription(models.Model):
    class Presence(models.TextChoices):
        INSCRIT = "inscrit", "Inscrit"
        PRESENT = "present", "Présent"
        ABSENT = "absent", "Absent"
        EXCUSE = "excuse", "Excusé"

    evenement = models.ForeignKey(EvenementReseau, on_delete=models.CASCADE, related_name="inscriptions")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="inscriptions")
    contact = models.ForeignKey(Contact, on_delete=models.SET_NULL, null=True, blank=True, related_name="inscriptions")
    presence = models.CharField("présence", max_length=10, choices=Presence.choices, default=Presence.INSCRIT)
    suite = models.CharField("suite à donner", max_length=300, blank=True)
    inscrite_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation__nom"]
        constraints = [
            models.UniqueConstraint(fields=["evenement", "organisation", "contact"], name="inscription_unique")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.evenement}"



# The network's history now lives in the shared journal (territoire.historique, one model
# for every app). The old name stays importable for the code written before it: the fields
# it used (content_type, object_id, le, auteur, action, changements) are the journal's.
from territoire.historique.models import Entree as Historique  # noqa: E402, F401
