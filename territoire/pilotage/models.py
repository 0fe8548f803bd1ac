"""Memberships of the Region and the State: a steering role over every territory of a region, or
of the country, rather than over one territory.

The per-territory pages keep one door (``comptes.acces``, read from ``Adhesion``): a perimeter
membership gives its holder a ``pilotage`` adhesion on each territory of the perimeter, created
by ``actions.accorder_perimetre`` and, for territories created later, by the hook after
``territoire init``. ``AdhesionDerivee`` remembers which adhesions came from a perimeter, so
that withdrawing the perimeter removes those and only those.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AdhesionPerimetre(models.Model):
    utilisateur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="perimetres")
    region = models.ForeignKey(
        "referentiel.Region", on_delete=models.CASCADE, null=True, blank=True, related_name="adhesions",
        help_text="Vide : la France entière (l'État, l'ANCT).",
    )
    organisation = models.CharField(
        max_length=200, blank=True, help_text="Ce que la personne représente : Région, préfecture, DREETS, ANCT…",
    )
    cree_le = models.DateTimeField("créée le", auto_now_add=True)

    class Meta:
        verbose_name = "adhésion régionale ou nationale"
        verbose_name_plural = "adhésions régionales ou nationales"
        constraints = [
            models.UniqueConstraint(fields=["utilisateur", "region"], name="perimetre_unique_par_region"),
            models.UniqueConstraint(
                fields=["utilisateur"], condition=models.Q(region__isnull=True), name="perimetre_national_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.utilisateur} — pilotage — {self.region or 'France entière'}"


class AdhesionDerivee(models.Model):
    """An ``Adhesion`` (pilotage, one territory) created because of a perimeter membership."""

    perimetre = models.ForeignKey(AdhesionPerimetre, on_delete=models.CASCADE, related_name="derivees")
    adhesion = models.OneToOneField("comptes.Adhesion", on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = "adhésion déduite d'un périmètre"

    def __str__(self) -> str:
        return f"{self.adhesion_id} ← {self.perimetre}"


class AgregatRecensement(models.Model):
    """One territory's sums of the census (establishments and jobs followed, jobs of every employer,
    jobs by filière, decision centres known and inside), written at the end of each SIRENE import
    (``recensement.agreger``) so that the page of territories side by side reads 183 rows instead
    of scanning every establishment.

    A row holds for the data it was computed from: the census's token (``jeton``, the
    ``etablissements`` domain's, renewed by every import and every write of the registry), the
    territory's definition of the establishments followed and its communes (``communes``, a
    fingerprint of their ids and INSEE codes). When one of them differs, the table scans the
    establishments of that territory as before (``indicateurs._registre``)."""

    territoire = models.OneToOneField(
        "referentiel.Territoire", on_delete=models.CASCADE, primary_key=True, related_name="+",
    )
    jeton = models.CharField("jeton du recensement", max_length=32)
    definition = models.JSONField("définition des établissements suivis")
    communes = models.CharField("empreinte des communes", max_length=40)
    sommes = models.JSONField("sommes du recensement")
    calcule_le = models.DateTimeField("calculé le")

    class Meta:
        verbose_name = "agrégat du recensement"
        verbose_name_plural = "agrégats du recensement"

    def __str__(self) -> str:
        return f"Agrégat du recensement de {self.territoire_id} ({self.calcule_le:%Y-%m-%d %H:%M})"
