"""Sites, plots, poles and establishments in the CNIG "sites économiques" standard.

The CNIG fields come from the shipped schemas (cnig.modele_abstrait); the concrete models add
what the platform needs around them: the territory, the relations the standard expresses as
identifiers (a plot's `site_id`, a site's `pole_id`), the link to the registry's activity
zone, and what is shown to investors.
"""

from __future__ import annotations

import json
from functools import cached_property

from django.db import models
from django.urls import reverse

from .. import cnig
from ..queries import SiteQuerySet, TerrainQuerySet

PoleEcoCNIG = cnig.modele_abstrait("PoleEcoCNIG", cnig.schema_site("pole-eco"), __name__)
SiteEcoCNIG = cnig.modele_abstrait(
    "SiteEcoCNIG", cnig.schema_site("site-eco"), __name__, exclus=frozenset({"pole_id"})
)
TerrainEcoCNIG = cnig.modele_abstrait(
    "TerrainEcoCNIG", cnig.schema_site("terrain-eco"), __name__, exclus=frozenset({"site_id"})
)
EtablissementCNIG = cnig.modele_abstrait(
    "EtablissementCNIG", cnig.schema_site("etablissement"), __name__, identifiants=frozenset({"SIREN"})
)


def centroide_wgs84(geojson_l93: str) -> tuple[float | None, float | None]:
    """(longitude, latitude) of a stored Lambert-93 GeoJSON's representative point."""
    if not geojson_l93:
        return None, None
    from ..geometrie import wgs84

    point = wgs84(json.loads(geojson_l93)).representative_point()
    return round(point.x, 6), round(point.y, 6)


class PoleEconomique(PoleEcoCNIG):
    """pole-eco: a group of sites (a large park, a logistics platform)."""

    territoire = models.ForeignKey("referentiel.Territoire", on_delete=models.CASCADE, related_name="poles_economiques")
    cree_le = models.DateTimeField(auto_now_add=True)
    modifie_le = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "pôle économique"
        verbose_name_plural = "pôles économiques"
        ordering = ["pole_nom"]
        constraints = [models.UniqueConstraint(fields=["territoire", "pole_id"], name="pole_id_unique_par_territoire")]

    def __str__(self) -> str:
        return self.pole_nom or self.pole_id


class SiteEconomique(SiteEcoCNIG):
    """site-eco: an activity zone (ZAE) or another economic site of the legal inventory."""

    territoire = models.ForeignKey("referentiel.Territoire", on_delete=models.CASCADE, related_name="sites_economiques")
    pole = models.ForeignKey(
        PoleEconomique, on_delete=models.PROTECT, null=True, blank=True, related_name="sites",
        verbose_name="pôle (pole_id)",
    )
    zone = models.OneToOneField(
        "referentiel.ZoneActivite", on_delete=models.SET_NULL, null=True, blank=True, related_name="site_economique",
        help_text="La zone d'activité du référentiel : le recensement y place les établissements.",
    )
    public = models.BooleanField(
        "montré aux investisseurs", default=False,
        help_text="Le site et ses terrains publics paraissent sur les pages « S'implanter ».",
    )
    illustratif = models.BooleanField(default=False, help_text="Site de démonstration : valeurs inventées.")
    longitude = models.FloatField(null=True, blank=True, editable=False, help_text="Point représentatif (WGS84), pour la carte.")
    latitude = models.FloatField(null=True, blank=True, editable=False)
    cree_le = models.DateTimeField(auto_now_add=True)
    modifie_le = models.DateTimeField(auto_now=True)

    objects = SiteQuerySet.as_manager()

    class Meta:
        verbose_name = "site économique"
        verbose_name_plural = "sites économiques"
        ordering = ["site_nom"]
        constraints = [models.UniqueConstraint(fields=["territoire", "site_id"], name="site_id_unique_par_territoire")]

    def __str__(self) -> str:
        return self.site_nom or self.site_id

    def get_absolute_url(self) -> str:
        return reverse("attractivite:site", kwargs={"territoire": self.territoire.slug, "pk": self.pk})

    def save(self, *args, **kwargs):
        self.longitude, self.latitude = centroide_wgs84(self.site_geomsurf)
        if kwargs.get("update_fields") is not None and "site_geomsurf" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "longitude", "latitude"}
        super().save(*args, **kwargs)

    @cached_property
    def geometrie_wgs84(self):
        from ..geometrie import wgs84

        return wgs84(json.loads(self.site_geomsurf)) if self.site_geomsurf else None

    def champs_a_completer(self) -> list[str]:
        """The standard's required fields this site still lacks (export would not validate)."""
        manquants = []
        for champ in cnig.schema_site("site-eco").champs:
            if not champ.requis:
                continue
            if champ.nom == "pole_id":
                if self.pole_id is None:
                    manquants.append("pole_id")
                continue
            if getattr(self, cnig.attribut(champ.nom)) in ("", None):
                manquants.append(champ.nom)
        return manquants


class TerrainEconomique(TerrainEcoCNIG):
    """terrain-eco: a land unit (unité foncière) of a site, built or not, vacant or occupied."""

    site = models.ForeignKey(SiteEconomique, on_delete=models.CASCADE, related_name="terrains", verbose_name="site (site_id)")
    public = models.BooleanField(
        "montré aux investisseurs", default=False,
        help_text="Paraît sur les pages « S'implanter » (seulement si le site l'est aussi).",
    )
    disponible_le = models.DateField(
        "disponible le", null=True, blank=True,
        help_text="Date à partir de laquelle le terrain peut être cédé (vide : dès maintenant s'il est à commercialiser).",
    )
    illustratif = models.BooleanField(default=False, help_text="Terrain de démonstration : valeurs inventées.")
    longitude = models.FloatField(null=True, blank=True, editable=False, help_text="Point représentatif (WGS84), pour la carte.")
    latitude = models.FloatField(null=True, blank=True, editable=False)
    cree_le = models.DateTimeField(auto_now_add=True)
    modifie_le = models.DateTimeField(auto_now=True)

    objects = TerrainQuerySet.as_manager()

    class Meta:
        verbose_name = "terrain économique"
        verbose_name_plural = "terrains économiques"
        ordering = ["site", "terr_id"]
        constraints = [models.UniqueConstraint(fields=["site", "terr_id"], name="terr_id_unique_par_site")]
        indexes = [models.Index(fields=["public", "terr_stade_comm"], name="terrain_public_stade")]

    def __str__(self) -> str:
        return self.terr_id

    def get_absolute_url(self) -> str:
        return reverse("attractivite:terrain", kwargs={"territoire": self.site.territoire.slug, "pk": self.pk})

    def save(self, *args, **kwargs):
        self.longitude, self.latitude = centroide_wgs84(self.terr_geomsurf)
        if kwargs.get("update_fields") is not None and "terr_geomsurf" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "longitude", "latitude"}
        super().save(*args, **kwargs)

    @cached_property
    def geometrie_wgs84(self):
        from ..geometrie import wgs84

        return wgs84(json.loads(self.terr_geomsurf)) if self.terr_geomsurf else None


class EtablissementEconomique(EtablissementCNIG):
    """etablissement: an establishment of a site in the standard's sense, filled from the census
    (or imported from a file). `terr_id` keeps the standard's list of plot identifiers as given;
    `terrains` links the ones the inventory holds."""

    territoire = models.ForeignKey("referentiel.Territoire", on_delete=models.CASCADE, related_name="etablissements_economiques")
    site = models.ForeignKey(
        SiteEconomique, on_delete=models.SET_NULL, null=True, blank=True, related_name="etablissements_cnig",
    )
    terrains = models.ManyToManyField(TerrainEconomique, blank=True, related_name="etablissements_cnig")
    etablissement = models.ForeignKey(
        "etablissements.Etablissement", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        help_text="L'établissement du recensement de même SIRET.",
    )
    cree_le = models.DateTimeField(auto_now_add=True)
    modifie_le = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "établissement (standard sites économiques)"
        verbose_name_plural = "établissements (standard sites économiques)"
        ordering = ["etab_nom"]
        constraints = [models.UniqueConstraint(fields=["territoire", "siret"], name="etab_cnig_siret_unique")]

    def __str__(self) -> str:
        return f"{self.etab_nom} ({self.siret})"

    def identifiants_terrains(self) -> list[str]:
        return [t for t in (self.terr_id or "").split("|") if t]
