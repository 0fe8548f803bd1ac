"""The legal inventory of activity zones (code de l'urbanisme, art. L. 318-8-2): dated snapshots."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models

# The inventory is updated at least every six years (L. 318-8-2, loi Climat et résilience, art. 220).
PERIODICITE_ANS = 6


def ajouter_ans(jour: dt.date, ans: int) -> dt.date:
    try:
        return jour.replace(year=jour.year + ans)
    except ValueError:  # 29 February
        return jour.replace(year=jour.year + ans, day=28)


class Inventaire(models.Model):
    """One inventory as established on a date: each site's figures, computed then, frozen."""

    territoire = models.ForeignKey("referentiel.Territoire", on_delete=models.CASCADE, related_name="inventaires_zae")
    date = models.DateField("date de l'inventaire")
    etabli_le = models.DateTimeField("établi le", auto_now_add=True)
    etabli_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sites = models.JSONField(default=list, help_text="Les chiffres de chaque site, calculés à cette date.")
    totaux = models.JSONField(default=dict)
    note = models.TextField(blank=True)

    class Meta:
        verbose_name = "inventaire des zones d'activité"
        verbose_name_plural = "inventaires des zones d'activité"
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"Inventaire du {self.date:%d/%m/%Y}"

    @property
    def echeance(self) -> dt.date:
        """The date by which the next inventory must be established."""
        return ajouter_ans(self.date, PERIODICITE_ANS)
