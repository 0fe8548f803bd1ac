"""The programme: phases, axes, fiches-actions and what they carry, governance.

Rules (DESIGN §3 "The programme"):
- a status changes only through a dated, signed MiseAJour (see actions.py);
- lateness, parent progress and completeness are derived, never typed in;
- money is rows (LigneBudget, Cofinancement), never totals;
- a Decision keeps the fiche as it was at the sitting (a snapshot).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from . import derive
from .argent import CofinancementBase, LigneBudgetBase


class Programme(models.Model):
    """A phase of the programme on one territory (2019–2022, 2023–2027)."""

    territoire = models.ForeignKey(
        "referentiel.Territoire", on_delete=models.CASCADE, related_name="programmes"
    )
    nom = models.CharField(max_length=200)
    code = models.SlugField(
        max_length=40, help_text="Identifiant court de la phase, par ex. 2019-2022."
    )
    debut = models.DateField("début")
    fin = models.DateField("fin")
    description = models.TextField(blank=True)
    actif = models.BooleanField(
        "phase en cours",
        default=True,
        help_text="La phase que montrent les tableaux de bord par défaut.",
    )

    class Meta:
        ordering = ["-debut"]
        constraints = [
            models.UniqueConstraint(fields=["territoire", "code"], name="programme_code_unique"),
            models.CheckConstraint(
                condition=Q(fin__gte=F("debut")), name="programme_fin_apres_debut"
            ),
        ]

    def __str__(self) -> str:
        return self.nom

    def clean(self) -> None:
        if self.debut and self.fin and self.fin < self.debut:
            raise ValidationError(
                {"fin": "La fin de la phase précède son début : corrigez l'une des deux dates."}
            )


class Axe(models.Model):
    """An axis of one phase. National axes ship as data; local axes can be added."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="axes")
    code = models.SlugField(max_length=40)
    libelle = models.CharField("libellé", max_length=200)
    ordre = models.PositiveSmallIntegerField(default=0)
    national = models.BooleanField(
        default=True, help_text="Axe national du programme ; sinon axe local."
    )
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["programme", "ordre", "libelle"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="axe_code_unique")
        ]

    def __str__(self) -> str:
        return self.libelle


class CorrespondanceAxe(models.Model):
    """Links an axis of one phase to an axis of another (e.g. Recruter → recrutement et compétences)."""

    source = models.ForeignKey(
        Axe, on_delete=models.CASCADE, related_name="correspondances_sortantes"
    )
    cible = models.ForeignKey(
        Axe, on_delete=models.CASCADE, related_name="correspondances_entrantes"
    )
    commentaire = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = "correspondance d'axes"
        verbose_name_plural = "correspondances d'axes"
        constraints = [
            models.UniqueConstraint(fields=["source", "cible"], name="correspondance_axe_unique"),
            models.CheckConstraint(
                condition=~Q(source=F("cible")), name="correspondance_axe_distincts"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} → {self.cible}"

    def clean(self) -> None:
        if self.source_id and self.cible_id and self.source.programme_id == self.cible.programme_id:
            raise ValidationError("Une correspondance relie deux axes de phases différentes.")


class StatutFiche(models.Model):
    """The configurable list of statuses of a territory's fiches.

    `categorie` is what the derived rules read: a fiche whose status is in a closed category
    (terminée, abandonnée) is never late; one not started after its start date is late.
    """

    class Categorie(models.TextChoices):
        A_LANCER = "a_lancer", "À lancer"
        EN_COURS = "en_cours", "En cours"
        SUSPENDU = "suspendu", "Suspendue"
        TERMINE = "termine", "Terminée"
        ABANDONNE = "abandonne", "Abandonnée"

    territoire = models.ForeignKey(
        "referentiel.Territoire", on_delete=models.CASCADE, related_name="statuts_fiche"
    )
    code = models.SlugField(max_length=40)
    libelle = models.CharField("libellé", max_length=100)
    categorie = models.CharField("catégorie", max_length=20, choices=Categorie.choices)
    ordre = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "statut de fiche"
        verbose_name_plural = "statuts de fiche"
        ordering = ["ordre", "libelle"]
        constraints = [
            models.UniqueConstraint(fields=["territoire", "code"], name="statut_code_unique")
        ]

    def __str__(self) -> str:
        return self.libelle

    @property
    def est_clos(self) -> bool:
        return self.categorie in (self.Categorie.TERMINE, self.Categorie.ABANDONNE)


class FicheAction(models.Model):
    class Priorite(models.TextChoices):
        HAUTE = "haute", "Haute"
        MOYENNE = "moyenne", "Moyenne"
        BASSE = "basse", "Basse"

    class MethodeAvancement(models.TextChoices):
        MOYENNE = "moyenne", "Moyenne simple des sous-fiches"
        PONDEREE = "ponderee", "Moyenne pondérée par le poids des sous-fiches"

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="fiches")
    numero = models.CharField(
        "numéro",
        max_length=20,
        help_text="Numéro stable de la fiche dans la phase, par ex. 1.2 ou 3.1.a.",
    )
    titre = models.CharField(max_length=250)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sous_fiches",
        verbose_name="fiche parente",
        help_text="Une sous-fiche a exactement une fiche parente.",
    )
    axes = models.ManyToManyField(Axe, related_name="fiches", blank=True)
    description = models.TextField(blank=True)
    contexte = models.TextField(blank=True)
    objectifs = models.TextField(blank=True)
    resultats_attendus = models.TextField("résultats attendus", blank=True)
    pilote_organisation = models.ForeignKey(
        "reseau.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="fiches_pilotees",
        verbose_name="organisation pilote",
    )
    pilote_contact = models.ForeignKey(
        "reseau.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="fiches_pilotees",
        verbose_name="personne pilote",
    )
    referent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="fiches_referent",
        verbose_name="référent sur la plateforme",
        help_text="Le compte qui tient la fiche à jour (chef de projet ou pilote).",
    )
    partenaires = models.ManyToManyField(
        "reseau.Organisation", related_name="fiches_partenaires", blank=True
    )
    beneficiaires = models.TextField("bénéficiaires", blank=True)
    zones = models.ManyToManyField(
        "referentiel.ZoneActivite",
        related_name="fiches",
        blank=True,
        verbose_name="zones visées",
        help_text="Zones d'activité que vise la fiche (indicateurs calculés depuis le recensement).",
    )
    date_debut = models.DateField("date de début", null=True, blank=True)
    date_fin = models.DateField("date de fin prévue", null=True, blank=True)
    statut = models.ForeignKey(
        StatutFiche,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fiches",
        help_text="Ne change que par une mise à jour datée et signée.",
    )
    avancement = models.PositiveSmallIntegerField(
        "avancement (%)",
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="Vide tant qu'il n'est pas connu. Pour une fiche à sous-fiches, il est calculé.",
    )
    methode_avancement = models.CharField(
        "méthode de calcul de l'avancement",
        max_length=20,
        choices=MethodeAvancement.choices,
        default=MethodeAvancement.MOYENNE,
        help_text="Pour une fiche à sous-fiches : comment leur avancement se combine.",
    )
    poids = models.PositiveSmallIntegerField(
        default=1,
        validators=[MinValueValidator(1)],
        help_text="Poids de cette sous-fiche dans l'avancement pondéré de sa parente.",
    )
    priorite = models.CharField(
        "priorité", max_length=10, choices=Priorite.choices, default=Priorite.MOYENNE
    )
    confidentiel = models.BooleanField(
        "confidentielle",
        default=False,
        help_text="Ne quitte jamais l'équipe et le comité de pilotage.",
    )
    publie = models.BooleanField("publiée", default=False)
    publie_le = models.DateTimeField("publiée le", null=True, blank=True)
    version_publiee = models.JSONField(
        "version publiée",
        null=True,
        blank=True,
        editable=False,
        help_text="Ce que voit le public : l'état de la fiche au moment de sa dernière publication.",
    )
    cree_le = models.DateTimeField(auto_now_add=True)
    modifie_le = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "fiche-action"
        verbose_name_plural = "fiches-actions"
        ordering = ["programme", "numero"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "numero"], name="fiche_numero_unique"),
            models.CheckConstraint(
                condition=Q(avancement__isnull=True) | Q(avancement__lte=100),
                name="fiche_avancement_0_100",
            ),
            models.CheckConstraint(
                condition=Q(date_debut__isnull=True)
                | Q(date_fin__isnull=True)
                | Q(date_fin__gte=F("date_debut")),
                name="fiche_fin_apres_debut",
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("id")), name="fiche_pas_sa_propre_parente"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.numero} — {self.titre}"

    # --- The status changes only through a MiseAJour (actions.enregistrer_mise_a_jour) ---

    def save(self, *args, **kwargs):
        if (
            not self._state.adding
            and "statut_id" in self.__dict__
            and hasattr(self, "_statut_charge")
            and self.statut_id != self._statut_charge
            and not getattr(self, "_par_mise_a_jour", False)
        ):
            raise ValidationError(
                {
                    "statut": "Le statut d'une fiche ne change que par une mise à jour datée et signée."
                }
            )
        super().save(*args, **kwargs)
        self._statut_charge = self.statut_id
        self._par_mise_a_jour = False

    def get_absolute_url(self) -> str:
        return reverse(
            "programme:fiche", kwargs={"territoire": self.programme.territoire.slug, "pk": self.pk}
        )

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._statut_charge = instance.__dict__.get("statut_id")
        return instance

    # --- Derived values; they read prefetched relations (see queries.fiches_detaillees) ---

    def jalons_depasses(self, aujourdhui: dt.date) -> list[Jalon]:
        return [j for j in self.jalons.all() if not j.fait and j.date_prevue < aujourdhui]

    def raisons_retard(self, aujourdhui: dt.date | None = None) -> list[str]:
        aujourdhui = aujourdhui or timezone.localdate()
        return derive.raisons_retard(
            self.statut.categorie if self.statut_id else None,
            self.date_debut,
            self.date_fin,
            aujourdhui,
            len(self.jalons_depasses(aujourdhui)),
        )

    @property
    def en_retard(self) -> bool:
        return bool(self.raisons_retard())

    def argent(self) -> dict:
        return derive.totaux_argent(
            [(lb.nature, lb.type, lb.montant) for lb in self.lignes_budget.all()],
            [(c.etape, c.montant) for c in self.cofinancements.all()],
        )

    def completude(self) -> dict:
        return derive.completude(
            self.titre,
            self.description,
            self.statut_id is not None,
            self.pilote_organisation_id is not None or self.pilote_contact_id is not None,
        )

    def derniere_mise_a_jour(self, publiee_seulement: bool = False):
        for maj in self.mises_a_jour.all():  # ordered by -date, -id
            if maj.publiee or not publiee_seulement:
                return maj
        return None

    def clean(self) -> None:
        erreurs = {}
        if self.date_debut and self.date_fin and self.date_fin < self.date_debut:
            erreurs["date_fin"] = (
                "La date de fin précède la date de début : corrigez l'une des deux."
            )
        if self.avancement is not None and not 0 <= self.avancement <= 100:
            erreurs["avancement"] = "L'avancement est un pourcentage entre 0 et 100."
        if self.parent_id:
            if self.pk and self.parent_id == self.pk:
                erreurs["parent"] = "Une fiche ne peut pas être sa propre parente."
            elif self.parent.programme_id != self.programme_id:
                erreurs["parent"] = "La fiche parente doit appartenir à la même phase du programme."
            else:
                ancetre, vus = self.parent, set()
                while ancetre is not None and ancetre.pk not in vus:
                    if self.pk and ancetre.pk == self.pk:
                        erreurs["parent"] = (
                            "Cette fiche parente est une de ses sous-fiches : boucle refusée."
                        )
                        break
                    vus.add(ancetre.pk)
                    ancetre = ancetre.parent
        if erreurs:
            raise ValidationError(erreurs)


class Jalon(models.Model):
    fiche = models.ForeignKey(FicheAction, on_delete=models.CASCADE, related_name="jalons")
    libelle = models.CharField("libellé", max_length=250)
    date_prevue = models.DateField("date prévue")
    fait = models.BooleanField("atteint", default=False)
    date_realisation = models.DateField("date de réalisation", null=True, blank=True)

    class Meta:
        ordering = ["date_prevue", "id"]

    def __str__(self) -> str:
        return self.libelle

    def clean(self) -> None:
        if self.date_realisation and not self.fait:
            raise ValidationError(
                {"fait": "Un jalon daté de réalisation doit être coché « atteint »."}
            )


class MiseAJour(models.Model):
    """A dated, signed update: the only way a fiche's status changes."""

    fiche = models.ForeignKey(FicheAction, on_delete=models.CASCADE, related_name="mises_a_jour")
    date = models.DateField()
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="mises_a_jour_fiche"
    )
    signature = models.CharField(
        max_length=250,
        help_text="Nom et organisation de l'auteur, tels qu'ils apparaissent dans les rapports.",
    )
    note = models.TextField()
    statut_avant = models.ForeignKey(
        StatutFiche, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    statut = models.ForeignKey(
        StatutFiche,
        on_delete=models.PROTECT,
        related_name="mises_a_jour",
        verbose_name="nouveau statut",
    )
    avancement = models.PositiveSmallIntegerField(
        "avancement (%)",
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    publiee = models.BooleanField("publiée", default=False)
    cree_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "mise à jour"
        verbose_name_plural = "mises à jour"
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(avancement__isnull=True) | Q(avancement__lte=100),
                name="maj_avancement_0_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fiche.numero} — {self.date:%d/%m/%Y} — {self.signature}"


def _chemin_piece(instance, nom: str) -> str:
    return f"programme/fiches/{instance.fiche_id}/{nom}"


class PieceJointe(models.Model):
    fiche = models.ForeignKey(FicheAction, on_delete=models.CASCADE, related_name="pieces_jointes")
    titre = models.CharField(max_length=250)
    fichier = models.FileField(upload_to=_chemin_piece)
    ajoutee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    ajoutee_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "pièce jointe"
        verbose_name_plural = "pièces jointes"
        ordering = ["-ajoutee_le"]

    def __str__(self) -> str:
        return self.titre


class LienFiche(models.Model):
    class Type(models.TextChoices):
        DEPEND_DE = "depend_de", "dépend de"
        COMPLETE = "complete", "complète"
        PROLONGE = "prolonge", "prolonge (phase précédente)"
        VOIR_AUSSI = "voir_aussi", "voir aussi"

    source = models.ForeignKey(FicheAction, on_delete=models.CASCADE, related_name="liens_sortants")
    cible = models.ForeignKey(FicheAction, on_delete=models.CASCADE, related_name="liens_entrants")
    type = models.CharField(max_length=20, choices=Type.choices)

    class Meta:
        verbose_name = "lien entre fiches"
        verbose_name_plural = "liens entre fiches"
        constraints = [
            models.UniqueConstraint(fields=["source", "cible", "type"], name="lien_fiche_unique"),
            models.CheckConstraint(condition=~Q(source=F("cible")), name="lien_fiche_distinctes"),
        ]

    def __str__(self) -> str:
        return f"{self.source.numero} {self.get_type_display()} {self.cible.numero}"


class LigneBudget(LigneBudgetBase):
    """One budget row of a fiche: year × investment/operating × planned/actual."""

    fiche = models.ForeignKey(FicheAction, on_delete=models.CASCADE, related_name="lignes_budget")

    class Meta(LigneBudgetBase.Meta):
        constraints = [
            models.CheckConstraint(condition=Q(montant__gte=0), name="budget_montant_positif"),
        ]


class Cofinancement(CofinancementBase):
    """One co-financing row of a fiche: funder × amount × stage (its current stage)."""

    fiche = models.ForeignKey(FicheAction, on_delete=models.CASCADE, related_name="cofinancements")
    financeur = models.ForeignKey(
        "reseau.Organisation", on_delete=models.PROTECT, related_name="cofinancements"
    )

    class Meta(CofinancementBase.Meta):
        constraints = [
            models.CheckConstraint(
                condition=Q(montant__gte=0), name="cofinancement_montant_positif"
            ),
        ]


class Indicateur(models.Model):
    class Direction(models.TextChoices):
        HAUSSE = "hausse", "À la hausse"
        BAISSE = "baisse", "À la baisse"

    class Mode(models.TextChoices):
        SAISI = "saisi", "Saisi à la main"
        CALCULE = "calcule", "Calculé depuis le recensement"

    class Calcul(models.TextChoices):
        EMPLOIS_ZONES = (
            "emplois_zones",
            "Emplois industriels (estimation centrale) dans les zones visées",
        )
        ETABLISSEMENTS_ZONES = (
            "etablissements_zones",
            "Établissements industriels suivis dans les zones visées",
        )

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="indicateurs")
    fiche = models.ForeignKey(
        FicheAction,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicateurs",
        help_text="Vide : indicateur de l'ensemble du programme.",
    )
    libelle = models.CharField("libellé", max_length=250)
    definition = models.TextField("définition", blank=True)
    unite = models.CharField("unité", max_length=50)
    direction = models.CharField(max_length=10, choices=Direction.choices, default=Direction.HAUSSE)
    source = models.CharField(max_length=250, blank=True)
    mode = models.CharField(max_length=10, choices=Mode.choices, default=Mode.SAISI)
    calcul = models.CharField(
        max_length=30,
        choices=Calcul.choices,
        blank=True,
        help_text="Pour un indicateur calculé : la formule.",
    )
    ordre = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["ordre", "libelle"]

    def __str__(self) -> str:
        return f"{self.libelle} ({self.unite})"

    def clean(self) -> None:
        if self.mode == self.Mode.CALCULE and not self.calcul:
            raise ValidationError(
                {"calcul": "Un indicateur calculé doit dire comment il se calcule."}
            )
        if self.mode == self.Mode.SAISI and self.calcul:
            raise ValidationError({"calcul": "Un indicateur saisi n'a pas de formule de calcul."})
        if self.fiche_id and self.programme_id and self.fiche.programme_id != self.programme_id:
            raise ValidationError(
                {"fiche": "La fiche doit appartenir à la même phase que l'indicateur."}
            )


class ValeurIndicateur(models.Model):
    class Type(models.TextChoices):
        CIBLE = "cible", "Cible"
        REALISE = "realise", "Réalisé"

    indicateur = models.ForeignKey(Indicateur, on_delete=models.CASCADE, related_name="valeurs")
    date = models.DateField()
    type = models.CharField(max_length=10, choices=Type.choices)
    valeur = models.DecimalField(max_digits=16, decimal_places=2)
    source = models.CharField(max_length=250, blank=True)
    publiee = models.BooleanField("publiée", default=False)
    saisie_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cree_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "valeur d'indicateur"
        verbose_name_plural = "valeurs d'indicateur"
        ordering = ["indicateur", "date", "type"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicateur", "date", "type"], name="valeur_indicateur_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicateur.libelle} {self.date} {self.get_type_display()} : {self.valeur}"


class Instance(models.Model):
    """A governance body: comité de projet, comité de suivi, comité technique…"""

    class Type(models.TextChoices):
        COMITE_PROJET = "comite_projet", "Comité de projet"
        COMITE_SUIVI = "comite_suivi", "Comité de suivi"
        COMITE_TECHNIQUE = "comite_technique", "Comité technique"
        AUTRE = "autre", "Autre instance"

    territoire = models.ForeignKey(
        "referentiel.Territoire", on_delete=models.CASCADE, related_name="instances"
    )
    programme = models.ForeignKey(
        Programme, on_delete=models.SET_NULL, null=True, blank=True, related_name="instances"
    )
    nom = models.CharField(max_length=200)
    type = models.CharField(max_length=20, choices=Type.choices)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["type", "nom"]

    def __str__(self) -> str:
        return self.nom


class MembreInstance(models.Model):
    class Role(models.TextChoices):
        ANIMATEUR_ELU = "animateur_elu", "Binôme d'animation : élu"
        ANIMATEUR_INDUSTRIEL = "animateur_industriel", "Binôme d'animation : industriel"
        PILOTE_REGIONAL = "pilote_regional", "Pilote régional (Région)"
        ETAT = "etat", "État"
        INTERCOMMUNALITE = "intercommunalite", "Intercommunalité"
        ENTREPRISE = "entreprise", "Entreprise"
        OPERATEUR = "operateur", "Opérateur public, partenaire"
        AUTRE = "autre", "Autre"

    instance = models.ForeignKey(Instance, on_delete=models.CASCADE, related_name="membres")
    organisation = models.ForeignKey(
        "reseau.Organisation",
        on_delete=models.PROTECT,
        related_name="sieges_instances",
        verbose_name="institution",
    )
    contact = models.ForeignKey(
        "reseau.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sieges_instances",
        verbose_name="personne",
    )
    role = models.CharField("rôle", max_length=30, choices=Role.choices)
    fonction = models.CharField(max_length=250, blank=True)

    class Meta:
        verbose_name = "membre d'instance"
        verbose_name_plural = "membres d'instance"
        ordering = ["instance", "role", "id"]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.get_role_display()}"


class Seance(models.Model):
    instance = models.ForeignKey(Instance, on_delete=models.CASCADE, related_name="seances")
    date = models.DateField()
    lieu = models.CharField(max_length=250, blank=True)
    compte_rendu = models.TextField("compte rendu", blank=True)

    class Meta:
        verbose_name = "séance"
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.instance} du {self.date:%d/%m/%Y}"


class PointOrdreDuJour(models.Model):
    seance = models.ForeignKey(Seance, on_delete=models.CASCADE, related_name="points")
    ordre = models.PositiveSmallIntegerField(default=0)
    titre = models.CharField(max_length=250)
    fiche = models.ForeignKey(
        FicheAction,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="points_ordre_du_jour",
        help_text="La fiche revue à ce point, s'il y en a une.",
    )

    class Meta:
        verbose_name = "point de l'ordre du jour"
        verbose_name_plural = "points de l'ordre du jour"
        ordering = ["seance", "ordre", "id"]

    def __str__(self) -> str:
        return self.titre


class Decision(models.Model):
    """A decision of a sitting, recorded against the fiche as it was then."""

    seance = models.ForeignKey(Seance, on_delete=models.CASCADE, related_name="decisions")
    fiche = models.ForeignKey(
        FicheAction, on_delete=models.SET_NULL, null=True, blank=True, related_name="decisions"
    )
    texte = models.TextField("décision")
    etat_fiche = models.JSONField(
        "fiche au moment de la séance",
        null=True,
        blank=True,
        editable=False,
        help_text="Instantané de la fiche (statut, avancement, dernière mise à jour, argent) à la décision.",
    )
    enregistree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    cree_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "décision"
        ordering = ["seance", "id"]

    def __str__(self) -> str:
        return self.texte[:80]


class ActionSuivi(models.Model):
    """A follow-up action decided at a sitting, with an owner and a due date."""

    seance = models.ForeignKey(Seance, on_delete=models.CASCADE, related_name="actions_suivi")
    decision = models.ForeignKey(
        Decision, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions_suivi"
    )
    libelle = models.CharField("libellé", max_length=250)
    responsable = models.ForeignKey(
        "reseau.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    echeance = models.DateField("échéance", null=True, blank=True)
    faite = models.BooleanField(default=False)
    faite_le = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = "action de suivi"
        verbose_name_plural = "actions de suivi"
        ordering = ["echeance", "id"]

    def __str__(self) -> str:
        return self.libelle

