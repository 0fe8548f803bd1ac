"""Brownfields in the CNIG standard (v1.0.6) and their requalification, phase by phase, with money."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from territoire.programme import derive
from territoire.programme.argent import CofinancementBase, LigneBudgetBase

from .. import cnig

FricheCNIG = cnig.modele_abstrait("FricheCNIG", cnig.schema_friches(cnig.VERSION_FRICHES_EXPORT), __name__)


class TypePhase(models.TextChoices):
    ETUDE = "etude", "Étude"
    ACQUISITION = "acquisition", "Acquisition"
    DEPOLLUTION = "depollution", "Dépollution"
    TRAVAUX = "travaux", "Travaux"
    COMMERCIALISATION = "commercialisation", "Commercialisation"
    REOCCUPE = "reoccupe", "Réoccupée"


SANS_PHASE = "sans_phase"


class Friche(FricheCNIG):
    territoire = models.ForeignKey("referentiel.Territoire", on_delete=models.CASCADE, related_name="friches")
    # Not `site`: its column would be `site_id`, the standard's identifier of the brownfield.
    site_economique = models.ForeignKey(
        "attractivite.SiteEconomique", on_delete=models.SET_NULL, null=True, blank=True, related_name="friches",
        verbose_name="site économique",
    )
    fiche = models.ForeignKey(
        "programme.FicheAction", on_delete=models.SET_NULL, null=True, blank=True, related_name="friches",
        verbose_name="fiche-action", help_text="La fiche-action du programme qui porte la requalification.",
    )
    evenements = models.ManyToManyField(
        "observatoire.Evenement", blank=True, related_name="friches", verbose_name="événements de l'observatoire",
        help_text="Fermeture qui a laissé le site, annonce d'un projet, réouverture…",
    )
    version_source = models.CharField(
        "version du standard lue", max_length=20, blank=True, help_text="v1.0.6, v1.0.5… du fichier importé.",
    )
    signalements = models.JSONField(
        default=list, blank=True,
        help_text="Valeurs douteuses de l'import, non reprises : [{champ, valeur, message}]. À revoir par l'équipe.",
    )
    ancien_siret = models.CharField(
        "SIRET de l'activité passée", max_length=14, blank=True,
        help_text="Établissement qui occupait le site (recensement SIRENE ou registre des installations classées).",
    )
    ancienne_activite = models.CharField("activité passée (NAF)", max_length=6, blank=True)
    source_activite_passee = models.CharField("source de l'activité passée", max_length=200, blank=True)
    candidats_activite = models.JSONField(
        "activités passées possibles", default=list, blank=True,
        help_text="Établissements fermés du recensement ou installations du registre trouvés sur le site, "
                  "à confirmer par l'équipe : [{siret, nom, naf, libelle, source, distance_m}].",
    )
    longitude = models.FloatField(null=True, blank=True, editable=False, help_text="Point du site (WGS84), pour la carte.")
    latitude = models.FloatField(null=True, blank=True, editable=False)
    public = models.BooleanField("publique", default=False, help_text="Paraît sur la carte publique des friches.")
    illustratif = models.BooleanField(default=False, help_text="Friche de démonstration : valeurs inventées.")
    cree_le = models.DateTimeField(auto_now_add=True)
    modifie_le = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "friche"
        ordering = ["site_nom"]
        constraints = [models.UniqueConstraint(fields=["territoire", "site_id"], name="friche_id_unique_par_territoire")]

    def __str__(self) -> str:
        return self.site_nom or self.site_id

    def get_absolute_url(self) -> str:
        return reverse("attractivite:friche", kwargs={"territoire": self.territoire.slug, "pk": self.pk})

    def phase_actuelle(self) -> PhaseRequalification | None:
        """The latest phase begun (reads prefetched `phases`): where the requalification stands."""
        commencees = [p for p in self.phases.all() if p.date_debut is not None]
        return max(commencees, key=lambda p: (p.date_debut, p.rang), default=None)

    def code_phase(self) -> str:
        p = self.phase_actuelle()
        return p.type if p else SANS_PHASE

    def argent(self) -> dict:
        return derive.totaux_argent(
            [(lb.nature, lb.type, lb.montant) for lb in self.lignes_budget.all()],
            [(c.etape, c.montant) for c in self.cofinancements.all()],
        )


class PhaseRequalification(models.Model):
    friche = models.ForeignKey(Friche, on_delete=models.CASCADE, related_name="phases")
    type = models.CharField(max_length=20, choices=TypePhase.choices)
    date_debut = models.DateField("début", null=True, blank=True)
    date_fin_prevue = models.DateField("fin prévue", null=True, blank=True)
    date_fin = models.DateField("fin réelle", null=True, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        verbose_name = "phase de requalification"
        verbose_name_plural = "phases de requalification"
        ordering = ["friche", "date_debut", "id"]
        constraints = [
            models.UniqueConstraint(fields=["friche", "type"], name="phase_unique_par_friche"),
            models.CheckConstraint(
                condition=Q(date_debut__isnull=True) | Q(date_fin__isnull=True) | Q(date_fin__gte=F("date_debut")),
                name="phase_fin_apres_debut",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} — {self.friche}"

    @property
    def rang(self) -> int:
        return list(TypePhase.values).index(self.type)

    @property
    def terminee(self) -> bool:
        return self.date_fin is not None


class LigneBudgetFriche(LigneBudgetBase):
    friche = models.ForeignKey(Friche, on_delete=models.CASCADE, related_name="lignes_budget")
    phase = models.ForeignKey(
        PhaseRequalification, on_delete=models.SET_NULL, null=True, blank=True, related_name="lignes_budget"
    )

    class Meta(LigneBudgetBase.Meta):
        constraints = [models.CheckConstraint(condition=Q(montant__gte=0), name="friche_budget_positif")]


class CofinancementFriche(CofinancementBase):
    friche = models.ForeignKey(Friche, on_delete=models.CASCADE, related_name="cofinancements")
    phase = models.ForeignKey(
        PhaseRequalification, on_delete=models.SET_NULL, null=True, blank=True, related_name="cofinancements"
    )
    financeur = models.ForeignKey("reseau.Organisation", on_delete=models.PROTECT, related_name="cofinancements_friches")

    class Meta(CofinancementBase.Meta):
        verbose_name = "cofinancement d'une friche"
        verbose_name_plural = "cofinancements des friches"
        constraints = [models.CheckConstraint(condition=Q(montant__gte=0), name="friche_cofinancement_positif")]
