"""The watch list (veille): transparent rules, the signals they raise, and the BODACC notices.

A ``RegleSignal`` is data (label, weight, on/off), editable by the team. A ``Signal`` is one
piece of evidence about one firm (SIREN), dated, with what it rests on (an import's change, a
BODACC notice, a visit's answer). A firm's score is the sum of the weights of its recent
signals (see ``territoire.observatoire.veille``); it is shown to the team only.
"""

from __future__ import annotations

from django.db import models


class RegleSignal(models.Model):
    code = models.SlugField(max_length=40, unique=True)
    libelle = models.CharField("libellé", max_length=200)
    description = models.TextField(help_text="Ce que la règle regarde, en une ou deux phrases.")
    poids = models.PositiveSmallIntegerField(default=10, help_text="Points ajoutés au score de l'entreprise (0 à 100).")
    actif = models.BooleanField(default=True)
    ordre = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "règle de veille"
        verbose_name_plural = "règles de veille"
        ordering = ["ordre", "libelle"]
        constraints = [models.CheckConstraint(condition=models.Q(poids__lte=100), name="regle_poids_max_100")]

    def __str__(self) -> str:
        return f"{self.libelle} ({self.poids} points)"


class Signal(models.Model):
    territoire = models.ForeignKey("referentiel.Territoire", on_delete=models.CASCADE, related_name="signaux")
    regle = models.ForeignKey(RegleSignal, on_delete=models.CASCADE, related_name="signaux")
    siren = models.CharField("SIREN", max_length=9, db_index=True)
    organisation = models.ForeignKey(
        "reseau.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="signaux"
    )
    etablissement = models.ForeignKey(
        "etablissements.Etablissement", on_delete=models.SET_NULL, null=True, blank=True, related_name="signaux"
    )
    date = models.DateField(help_text="Date du fait qui fonde le signal.")
    preuve = models.CharField(max_length=500, help_text="Ce que l'on a vu, en clair.")
    cle = models.CharField(
        max_length=120, help_text="Identifie le fait (un changement, une annonce, une réponse) : un fait, un signal."
    )
    changement = models.ForeignKey(
        "etablissements.Changement", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    annonce = models.ForeignKey("AnnonceBodacc", on_delete=models.SET_NULL, null=True, blank=True, related_name="signaux")
    reponse_visite = models.ForeignKey(
        "ReponseVisite", on_delete=models.SET_NULL, null=True, blank=True, related_name="signaux"
    )
    fictif = models.BooleanField(default=False)
    cree_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "signal de veille"
        verbose_name_plural = "signaux de veille"
        ordering = ["-date", "-pk"]
        constraints = [models.UniqueConstraint(fields=["territoire", "cle"], name="signal_unique_par_fait")]
        indexes = [models.Index(fields=["territoire", "date"], name="signal_territoire_date")]

    def __str__(self) -> str:
        return f"{self.regle.libelle} — SIREN {self.siren} ({self.date:%d/%m/%Y})"


class ImportBodacc(models.Model):
    territoire = models.ForeignKey("referentiel.Territoire", on_delete=models.CASCADE, related_name="imports_bodacc")
    source = models.CharField(max_length=500)
    format = models.CharField(max_length=10, help_text="csv ou json.")
    disposition = models.CharField(
        max_length=20, help_text="ods (export officiel de la DILA) ou renommee (instantané aux champs renommés)."
    )
    debut = models.DateTimeField()
    fin = models.DateTimeField(null=True, blank=True)
    lignes_lues = models.PositiveIntegerField(default=0)
    annonces = models.PositiveIntegerField("annonces du territoire", default=0)
    nouvelles = models.PositiveIntegerField("annonces nouvelles", default=0)
    hors_territoire = models.PositiveIntegerField(default=0)
    sans_siren = models.PositiveIntegerField("annonces sans SIREN", default=0)
    lignes_rejetees = models.PositiveIntegerField(default=0)
    exemples_rejets = models.JSONField(default=list, blank=True)
    lance_par = models.CharField(max_length=150, blank=True)

    class Meta:
        verbose_name = "import BODACC"
        verbose_name_plural = "imports BODACC"
        ordering = ["-debut"]

    def __str__(self) -> str:
        return f"Import BODACC du {self.debut:%d/%m/%Y %H:%M}"


class AnnonceBodacc(models.Model):
    """A BODACC notice about a firm of the territory (matched by SIREN)."""

    class Categorie(models.TextChoices):
        SAUVEGARDE = "sauvegarde", "Ouverture d'une procédure de sauvegarde"
        REDRESSEMENT = "redressement", "Ouverture d'un redressement judiciaire"
        LIQUIDATION = "liquidation", "Liquidation judiciaire (ouverture ou conversion)"
        PLAN = "plan", "Plan de sauvegarde, de redressement ou de cession"
        CLOTURE = "cloture", "Clôture de la procédure"
        AUTRE = "autre", "Autre jugement"

    territoire = models.ForeignKey("referentiel.Territoire", on_delete=models.CASCADE, related_name="annonces_bodacc")
    import_bodacc = models.ForeignKey(ImportBodacc, on_delete=models.SET_NULL, null=True, related_name="+")
    siren = models.CharField("SIREN", max_length=9, db_index=True)
    numero_annonce = models.CharField(max_length=20, blank=True)
    date_parution = models.DateField("date de parution")
    date_jugement = models.DateField("date du jugement", null=True, blank=True)
    famille = models.CharField(max_length=120, blank=True)
    nature = models.CharField("nature du jugement", max_length=300, blank=True)
    categorie = models.CharField("catégorie", max_length=20, choices=Categorie.choices)
    tribunal = models.CharField(max_length=200, blank=True)
    commercant = models.CharField("entreprise", max_length=250, blank=True)
    ville = models.CharField(max_length=120, blank=True)
    code_postal = models.CharField(max_length=10, blank=True)
    complement = models.TextField("complément du jugement", blank=True)
    cle = models.CharField(max_length=200)

    class Meta:
        verbose_name = "annonce du BODACC"
        verbose_name_plural = "annonces du BODACC"
        ordering = ["-date_parution", "-pk"]
        constraints = [models.UniqueConstraint(fields=["territoire", "cle"], name="annonce_bodacc_unique")]

    def __str__(self) -> str:
        return f"{self.nature or self.famille} — {self.commercant} ({self.date_parution:%d/%m/%Y})"

    @property
    def ouverture(self) -> bool:
        return self.categorie in (self.Categorie.SAUVEGARDE, self.Categorie.REDRESSEMENT, self.Categorie.LIQUIDATION)
