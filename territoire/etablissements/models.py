"""The territory's establishments and legal units, as SIRENE describes them.

An Etablissement is keyed by SIRET, a UniteLegale by SIREN. Headcount is a band with a
vintage year; jobs are always a range (low, central, high). Filières and "services à
l'industrie" are editable mappings from NAF codes (Filiere + RegleNaf).
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from . import categories_juridiques, tranches


class Filiere(models.Model):
    class Famille(models.TextChoices):
        INDUSTRIE = "industrie", "Filière industrielle"
        SERVICE = "service", "Service à l'industrie"

    code = models.SlugField(max_length=60, unique=True)
    libelle = models.CharField("libellé", max_length=200)
    famille = models.CharField(max_length=20, choices=Famille.choices)
    actif = models.BooleanField(
        default=True, help_text="Une famille inactive n'est pas comptée (services étendus, par exemple)."
    )
    ordre = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "filière"
        ordering = ["famille", "ordre", "libelle"]

    def __str__(self) -> str:
        return self.libelle


class RegleNaf(models.Model):
    """A NAF rév. 2 prefix ("25", "27.20", "62.01Z") mapped to a filière. Longest prefix wins."""

    filiere = models.ForeignKey(Filiere, on_delete=models.CASCADE, related_name="regles")
    prefixe = models.CharField("préfixe NAF rév. 2", max_length=6, unique=True)

    class Meta:
        verbose_name = "règle NAF"
        ordering = ["prefixe"]

    def __str__(self) -> str:
        return f"{self.prefixe} → {self.filiere}"


class UniteLegale(models.Model):
    siren = models.CharField("SIREN", max_length=9, unique=True)
    statut_diffusion = models.CharField("statut de diffusion", max_length=1, default="O")
    denomination = models.CharField("dénomination", max_length=250, blank=True)
    sigle = models.CharField(max_length=50, blank=True)
    nom = models.CharField("nom (personne physique)", max_length=120, blank=True)
    prenom = models.CharField("prénom (personne physique)", max_length=120, blank=True)
    categorie_juridique = models.CharField("catégorie juridique", max_length=4, blank=True)
    categorie_entreprise = models.CharField(
        "catégorie d'entreprise", max_length=3, blank=True, help_text="PME, ETI ou GE."
    )
    annee_categorie = models.CharField("année de la catégorie", max_length=4, blank=True)
    tranche_effectifs = models.CharField("tranche d'effectifs", max_length=2, blank=True)
    annee_effectifs = models.CharField("millésime des effectifs", max_length=4, blank=True)
    naf = models.CharField("activité principale (NAF rév. 2)", max_length=6, blank=True)
    naf25 = models.CharField("activité principale (NAF 2025)", max_length=6, blank=True)
    etat = models.CharField("état administratif", max_length=1, default="A")
    date_creation = models.DateField(null=True, blank=True)
    nic_siege = models.CharField(max_length=5, blank=True)
    economie_sociale_solidaire = models.CharField(max_length=1, blank=True)
    fictif = models.BooleanField(default=False, help_text="Unité légale inventée pour la démonstration.")
    mise_a_jour = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "unité légale"
        verbose_name_plural = "unités légales"

    def __str__(self) -> str:
        return self.nom_affiche(public=False)

    @property
    def est_personne_physique(self) -> bool:
        return self.categorie_juridique == "1000"

    def libelle_categorie_juridique(self) -> str:
        """INSEE label of the legal category ("SAS, société par actions simplifiée"), or ""."""
        return categories_juridiques.libelle(self.categorie_juridique)

    def categorie_juridique_affichee(self) -> str:
        """"5710 — SAS, société par actions simplifiée"; the code alone when unknown."""
        return categories_juridiques.code_et_libelle(self.categorie_juridique)

    def nom_affiche(self, public: bool) -> str:
        """The name to show. A sole trader's own name is personal data: never shown to the public."""
        if self.est_personne_physique:
            if public or self.statut_diffusion == "P":
                return "Entrepreneur individuel"
            return " ".join(p for p in (self.prenom, self.nom) if p) or "Entrepreneur individuel"
        if self.statut_diffusion == "P" and public:
            return "Non diffusible"
        return self.denomination or self.sigle or f"SIREN {self.siren}"


class Localisation(models.TextChoices):
    POINT = "point", "Localisé par ses coordonnées"
    COMMUNE_A_ZONE_UNIQUE = "zone_unique", "Placé dans l'unique zone de sa commune"
    COMMUNE = "commune", "Non localisé dans sa commune"


class Etablissement(models.Model):
    class Etat(models.TextChoices):
        ACTIF = "A", "Actif"
        FERME = "F", "Fermé"

    siret = models.CharField("SIRET", max_length=14, unique=True)
    siren = models.CharField("SIREN", max_length=9, db_index=True)
    nic = models.CharField("NIC", max_length=5)
    unite_legale = models.ForeignKey(
        UniteLegale, on_delete=models.SET_NULL, null=True, blank=True, related_name="etablissements"
    )
    statut_diffusion = models.CharField(
        "statut de diffusion", max_length=1, default="O",
        help_text="O : diffusible ; P : diffusion partielle (adresse, coordonnées et enseignes masquées).",
    )
    siege = models.BooleanField("siège", default=False)
    date_creation = models.DateField("date de création", null=True, blank=True)
    date_debut = models.DateField("début de la période en cours", null=True, blank=True)
    etat = models.CharField("état administratif", max_length=1, choices=Etat.choices, default=Etat.ACTIF)
    employeur = models.CharField("caractère employeur", max_length=1, blank=True, help_text="O, N ou vide.")
    tranche_effectifs = models.CharField("tranche d'effectifs", max_length=2, blank=True)
    annee_effectifs = models.CharField("millésime des effectifs", max_length=4, blank=True)
    emplois_bas = models.PositiveIntegerField("emplois (bas)", default=0)
    emplois_central = models.FloatField("emplois (central)", default=0)
    emplois_haut = models.PositiveIntegerField("emplois (haut)", default=0)
    effectif_connu = models.PositiveIntegerField(
        "effectif connu", null=True, blank=True,
        help_text="Effectif connu de l'équipe (déclaré par l'entreprise) ; remplace la tranche.",
    )
    effectif_connu_source = models.CharField("source de l'effectif connu", max_length=200, blank=True)
    effectif_connu_date = models.DateField("date de l'effectif connu", null=True, blank=True)
    naf = models.CharField("activité principale (NAF rév. 2)", max_length=6, blank=True, db_index=True)
    nomenclature_naf = models.CharField(max_length=8, blank=True)
    naf25 = models.CharField("activité principale (NAF 2025)", max_length=6, blank=True)
    est_industriel = models.BooleanField("industrie (sections B à E)", default=False)
    filiere = models.ForeignKey(
        Filiere, on_delete=models.SET_NULL, null=True, blank=True, related_name="etablissements"
    )
    enseigne = models.CharField(max_length=200, blank=True)
    denomination_usuelle = models.CharField("dénomination usuelle", max_length=200, blank=True)
    complement_adresse = models.CharField(max_length=200, blank=True)
    numero_voie = models.CharField(max_length=10, blank=True)
    indice_repetition = models.CharField(max_length=5, blank=True)
    type_voie = models.CharField(max_length=10, blank=True)
    libelle_voie = models.CharField(max_length=200, blank=True)
    code_postal = models.CharField(max_length=5, blank=True)
    libelle_commune = models.CharField(max_length=100, blank=True)
    code_commune = models.CharField("code commune", max_length=5, db_index=True)
    commune = models.ForeignKey(
        "referentiel.Commune", on_delete=models.PROTECT, null=True, blank=True, related_name="etablissements"
    )
    lambert_x = models.FloatField(null=True, blank=True)
    lambert_y = models.FloatField(null=True, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    zone = models.ForeignKey(
        "referentiel.ZoneActivite", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="etablissements",
    )
    localisation = models.CharField(max_length=20, choices=Localisation.choices, default=Localisation.COMMUNE)
    present = models.BooleanField(
        "présent dans le dernier import", default=True,
        help_text="Faux quand l'établissement a disparu du dernier fichier importé.",
    )
    fictif = models.BooleanField(default=False, help_text="Établissement inventé pour la démonstration.")
    date_dernier_traitement = models.DateTimeField(null=True, blank=True)
    dernier_import = models.ForeignKey(
        "ImportSirene", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    mise_a_jour = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "établissement"
        indexes = [
            models.Index(fields=["code_commune", "etat"], name="etab_commune_etat"),
            models.Index(fields=["est_industriel", "etat"], name="etab_industrie_etat"),
        ]

    def __str__(self) -> str:
        return f"{self.nom_affiche(public=False)} ({self.siret})"

    def url(self, territoire) -> str:
        return reverse("etablissements:detail", kwargs={"territoire": territoire.slug, "siret": self.siret})

    @property
    def diffusible(self) -> bool:
        return self.statut_diffusion != "P"

    def nom_affiche(self, public: bool) -> str:
        if public and not self.diffusible:
            return "Établissement non diffusible"
        nom_ul = self.unite_legale.nom_affiche(public) if self.unite_legale_id else f"SIREN {self.siren}"
        enseigne = self.enseigne or self.denomination_usuelle
        if enseigne and (not public or not (self.unite_legale_id and self.unite_legale.est_personne_physique)):
            return f"{enseigne} ({nom_ul})" if enseigne.lower() != nom_ul.lower() else enseigne
        return nom_ul

    def adresse(self) -> str:
        voie = " ".join(
            p for p in (self.numero_voie, self.indice_repetition, self.type_voie, self.libelle_voie) if p
        )
        return ", ".join(p for p in (self.complement_adresse, voie, f"{self.code_postal} {self.libelle_commune}".strip()) if p)

    def libelle_tranche(self) -> str:
        return tranches.libelle(self.tranche_effectifs)


class ImportSirene(models.Model):
    class Statut(models.TextChoices):
        REUSSI = "reussi", "Réussi"
        ESSAI = "essai", "Essai à blanc (rien n'a été enregistré)"
        REFUSE = "refuse", "Refusé"

    territoire = models.ForeignKey("referentiel.Territoire", on_delete=models.CASCADE, related_name="imports_sirene")
    source = models.CharField(max_length=500, help_text="Fichier importé.")
    format = models.CharField(max_length=10, blank=True, help_text="csv, zip ou parquet.")
    source_unites_legales = models.CharField(max_length=500, blank=True)
    statut = models.CharField(max_length=10, choices=Statut.choices)
    message = models.TextField(blank=True)
    debut = models.DateTimeField()
    fin = models.DateTimeField(null=True, blank=True)
    lignes_lues = models.PositiveBigIntegerField(default=0)
    lignes_retenues = models.PositiveIntegerField(default=0)
    siret_invalides = models.PositiveIntegerField(default=0)
    exemples_invalides = models.JSONField(default=list, blank=True)
    crees = models.PositiveIntegerField("créés", default=0)
    fermes = models.PositiveIntegerField("fermés", default=0)
    rouverts = models.PositiveIntegerField(default=0)
    demenages = models.PositiveIntegerField("déménagés", default=0)
    tranches_changees = models.PositiveIntegerField("tranches changées", default=0)
    activites_changees = models.PositiveIntegerField("activités changées", default=0)
    disparus = models.PositiveIntegerField(default=0)
    inchanges = models.PositiveIntegerField("inchangés", default=0)
    unites_legales = models.PositiveIntegerField("unités légales", default=0)
    fictif = models.BooleanField(default=False)
    lance_par = models.CharField(max_length=150, blank=True)

    class Meta:
        verbose_name = "import SIRENE"
        verbose_name_plural = "imports SIRENE"
        ordering = ["-debut"]

    def __str__(self) -> str:
        return f"Import du {self.debut:%d/%m/%Y %H:%M} ({self.get_statut_display()})"


class Changement(models.Model):
    """One difference between an import and the previous one, for one establishment."""

    class Type(models.TextChoices):
        CREATION = "creation", "Nouvel établissement"
        FERMETURE = "fermeture", "Fermeture"
        REOUVERTURE = "reouverture", "Réouverture"
        DEMENAGEMENT = "demenagement", "Changement d'adresse ou de commune"
        TRANCHE = "tranche", "Changement de tranche d'effectifs"
        ACTIVITE = "activite", "Changement d'activité"
        DISPARITION = "disparition", "Absent du fichier importé"

    import_sirene = models.ForeignKey(ImportSirene, on_delete=models.CASCADE, related_name="changements")
    etablissement = models.ForeignKey(Etablissement, on_delete=models.CASCADE, related_name="changements")
    type = models.CharField(max_length=20, choices=Type.choices)
    avant = models.CharField(max_length=300, blank=True)
    apres = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-import_sirene__debut", "type"]
        indexes = [models.Index(fields=["type"], name="changement_type")]

    def __str__(self) -> str:
        return f"{self.get_type_display()} : {self.avant} → {self.apres}"
