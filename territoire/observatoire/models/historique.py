"""The SIRENE history of the territory's establishments and the monthly series built from it.

- ``ImportHistorique``: one run of ``territoire sirene historique`` (a StockEtablissementHistorique
  file), with its counts and the lines it rejected;
- ``PeriodeEtablissement``: one period of an establishment (state, activity, employer) as INSEE's
  history file describes it;
- ``PointSerie``: the materialised monthly series — one row per month × filière × zone ×
  commune, rebuilt by SQL at each import (never computed establishment by establishment in
  Python), read by the series page, the key figures and the yearly report.
"""

from __future__ import annotations

from django.db import models


class ImportHistorique(models.Model):
    class Statut(models.TextChoices):
        REUSSI = "reussi", "Réussi"
        ESSAI = "essai", "Essai à blanc (rien n'a été enregistré)"

    territoire = models.ForeignKey(
        "referentiel.Territoire", on_delete=models.CASCADE, related_name="imports_historique"
    )
    source = models.CharField(max_length=500, help_text="Fichier importé.")
    format = models.CharField(max_length=10, blank=True, help_text="csv, gzip, zip ou parquet.")
    statut = models.CharField(max_length=10, choices=Statut.choices)
    message = models.TextField(blank=True)
    debut = models.DateTimeField()
    fin = models.DateTimeField(null=True, blank=True)
    lignes_lues = models.PositiveBigIntegerField(default=0)
    lignes_retenues = models.PositiveIntegerField(
        default=0, help_text="Lignes des établissements du territoire (SIRET présents dans son stock)."
    )
    lignes_autres = models.PositiveIntegerField(
        default=0, help_text="Lignes d'autres établissements des mêmes entreprises, absents du stock du territoire."
    )
    periodes = models.PositiveIntegerField("périodes enregistrées", default=0)
    etablissements = models.PositiveIntegerField("établissements décrits", default=0)
    lignes_rejetees = models.PositiveIntegerField("lignes rejetées", default=0)
    etablissements_rejetes = models.PositiveIntegerField(
        "établissements rejetés", default=0,
        help_text="Établissements dont les périodes se chevauchent ou sont illisibles : leurs périodes déjà "
                  "enregistrées sont gardées telles quelles.",
    )
    exemples_rejets = models.JSONField(default=list, blank=True)
    fictif = models.BooleanField(default=False)
    lance_par = models.CharField(max_length=150, blank=True)

    class Meta:
        verbose_name = "import de l'historique SIRENE"
        verbose_name_plural = "imports de l'historique SIRENE"
        ordering = ["-debut"]

    def __str__(self) -> str:
        return f"Historique importé le {self.debut:%d/%m/%Y %H:%M} ({self.get_statut_display()})"


class PeriodeEtablissement(models.Model):
    """One period of an establishment's life (StockEtablissementHistorique row).

    ``date_fin`` is the period's last day (INSEE's ``dateFin``), None for the current period;
    ``date_debut`` None means "since the beginning". Headcount bands are not in the history
    file: the series apply the stock's current band (and say so).
    """

    etablissement = models.ForeignKey(
        "etablissements.Etablissement", on_delete=models.CASCADE, related_name="periodes"
    )
    date_debut = models.DateField("début", null=True, blank=True)
    date_fin = models.DateField("fin (dernier jour)", null=True, blank=True)
    etat = models.CharField("état administratif", max_length=1)
    naf = models.CharField("activité principale", max_length=6, blank=True)
    nomenclature_naf = models.CharField(max_length=8, blank=True)
    employeur = models.CharField("caractère employeur", max_length=1, blank=True)
    est_industriel = models.BooleanField(default=False)
    filiere = models.ForeignKey(
        "etablissements.Filiere", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    import_historique = models.ForeignKey(
        ImportHistorique, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    fictif = models.BooleanField(default=False)

    class Meta:
        verbose_name = "période d'un établissement"
        verbose_name_plural = "périodes des établissements"
        ordering = ["etablissement", "date_debut"]
        indexes = [
            models.Index(fields=["etablissement", "date_debut"], name="periode_etab_debut"),
            models.Index(fields=["est_industriel", "etat"], name="periode_industrie_etat"),
        ]

    def __str__(self) -> str:
        return f"{self.etablissement_id} : {self.etat} du {self.date_debut} au {self.date_fin or '…'}"


class PointSerie(models.Model):
    """One month × filière × zone × commune of a territory's industrial series.

    ``source`` tells how the point was made: ``reconstitution`` from the history file and the
    stock (every month since January 2019, rebuilt at each import), or ``releve``, the stock as
    one import found it (one month per monthly import, kept as it was).
    """

    class Source(models.TextChoices):
        RECONSTITUTION = "reconstitution", "Reconstitution (historique SIRENE et stock)"
        RELEVE = "releve", "Relevé à l'import du stock"

    territoire = models.ForeignKey("referentiel.Territoire", on_delete=models.CASCADE, related_name="+")
    mois = models.DateField(help_text="Premier jour du mois.")
    source = models.CharField(max_length=20, choices=Source.choices)
    filiere = models.ForeignKey(
        "etablissements.Filiere", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    zone = models.ForeignKey(
        "referentiel.ZoneActivite", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    commune = models.ForeignKey(
        "referentiel.Commune", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    etablissements = models.PositiveIntegerField(default=0)
    emplois_bas = models.PositiveIntegerField(default=0)
    emplois_central = models.FloatField(default=0)
    emplois_haut = models.PositiveIntegerField(default=0)
    millesime = models.CharField(
        "millésime des tranches", max_length=4, blank=True,
        help_text="Année de la tranche d'effectifs la plus récente des établissements comptés.",
    )
    import_sirene = models.ForeignKey(
        "etablissements.ImportSirene", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "point de série mensuelle"
        verbose_name_plural = "points des séries mensuelles"
        indexes = [models.Index(fields=["territoire", "source", "mois"], name="point_territoire_source_mois")]

    def __str__(self) -> str:
        return f"{self.mois:%m/%Y} ({self.source}) : {self.etablissements} établissements"
