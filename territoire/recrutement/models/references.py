"""Reference tables the match reads: ROME jobs, ROME × NAF hirings, the ONISEP catalogue.

All are data loaded by commands from official files (`territoire offres referentiel`,
`territoire formations onisep`), never typed in code.
"""

from __future__ import annotations

from django.db import models


class MetierRome(models.Model):
    """A ROME code, its label and, when known, the tension of its job family."""

    code = models.CharField("code ROME", max_length=5, unique=True)
    libelle = models.CharField("libellé", max_length=255)
    tension_pct = models.FloatField(
        "tension (%)", null=True, blank=True,
        help_text="Part des projets de recrutement jugés difficiles de la famille professionnelle (FAP) du métier.",
    )
    famille_tension = models.CharField("famille professionnelle (FAP)", max_length=255, blank=True)
    source = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = "métier (ROME)"
        verbose_name_plural = "métiers (ROME)"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} — {self.libelle}"


class EmbaucheRomeNaf(models.Model):
    """Hirings observed for one ROME code in one NAF sub-class (La Bonne Boîte table)."""

    rome = models.CharField("code ROME", max_length=5, db_index=True)
    naf = models.CharField("code NAF (sans point)", max_length=5, db_index=True)
    embauches = models.PositiveIntegerField()

    class Meta:
        verbose_name = "embauches ROME × NAF"
        verbose_name_plural = "embauches ROME × NAF"
        constraints = [models.UniqueConstraint(fields=["rome", "naf"], name="embauche_rome_naf_unique")]

    def __str__(self) -> str:
        return f"{self.rome} × {self.naf} : {self.embauches}"


class CertificationOnisep(models.Model):
    """A diploma of the ONISEP catalogue of initial trainings (industrial extract)."""

    code_rncp = models.CharField("code RNCP", max_length=10, db_index=True)
    libelle = models.CharField("libellé", max_length=400)
    type_formation = models.CharField("type de formation", max_length=200, blank=True)
    sigle_type = models.CharField(max_length=40, blank=True)
    niveau = models.CharField("niveau RNCP", max_length=2, blank=True)
    duree = models.CharField("durée", max_length=40, blank=True)
    domaines = models.TextField("domaines/sous-domaines", blank=True)
    lien = models.URLField("fiche ONISEP", max_length=300, blank=True)

    class Meta:
        verbose_name = "certification du catalogue ONISEP"
        verbose_name_plural = "certifications du catalogue ONISEP"
        ordering = ["libelle"]
        constraints = [models.UniqueConstraint(fields=["code_rncp", "libelle"], name="onisep_rncp_libelle_unique")]

    def __str__(self) -> str:
        return f"{self.libelle} (RNCP {self.code_rncp})"
