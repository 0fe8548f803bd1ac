"""Forms of Attirer. The CNIG fields of a site or a plot are checked by the same schema rules as
an imported file (tableschema.convertir), so that the web and the files accept the same values."""

from __future__ import annotations

from django import forms

from territoire.ui.formulaires import ChoixVidesLisibles

from . import cnig, correspondance, tableschema
from .models import Local, PhaseRequalification, Prospect, SiteEconomique, TerrainEconomique
from .models.friches import CofinancementFriche, LigneBudgetFriche
from .models.prospects import Etape


class ValidationCNIG(ChoixVidesLisibles, forms.ModelForm):
    """A ModelForm of a CNIG class: every standard field is checked by its schema; a field the
    standard requires is marked, not forced (a site is completed step by step)."""

    schema_classe = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.schema = cnig.schema_site(self.schema_classe)
        self.par_attribut = {cnig.attribut(c.nom): c for c in self.schema.champs}
        for nom, champ in self.fields.items():
            c = self.par_attribut.get(nom)
            if c is None:
                continue
            champ.required = False
            if c.requis:
                champ.label = f"{champ.label} (obligatoire au standard)"
            if isinstance(champ.widget, forms.Textarea) and c.type != "geojson":
                champ.widget = forms.TextInput()
        from territoire.ui.formulaires import libeller_choix_vides

        libeller_choix_vides(self)

    def clean(self):
        donnees = super().clean()
        for nom, valeur in list(donnees.items()):
            c = self.par_attribut.get(nom)
            if c is None or valeur in (None, ""):
                continue
            texte = valeur if isinstance(valeur, str) else tableschema.formater(c, valeur)
            try:
                tableschema.convertir(c, texte.strip())
            except tableschema.ValeurInvalide as exc:
                self.add_error(nom, str(exc))
            except (TypeError, ValueError) as exc:
                self.add_error(nom, f"valeur illisible ({exc}).")
        return donnees


def _attributs(classe: str, exclus=()) -> list[str]:
    return [cnig.attribut(c.nom) for c in cnig.schema_site(classe).champs if c.nom not in exclus]


class SiteForm(ValidationCNIG):
    schema_classe = "site-eco"

    class Meta:
        model = SiteEconomique
        fields = ["pole", *_attributs("site-eco", exclus=("pole_id",)), "public"]

    def __init__(self, *args, territoire, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pole"].queryset = territoire.poles_economiques.all()


class TerrainForm(ValidationCNIG):
    schema_classe = "terrain-eco"

    class Meta:
        model = TerrainEconomique
        fields = [*_attributs("terrain-eco", exclus=("site_id",)), "disponible_le", "public"]
        widgets = {"disponible_le": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class FichiersMultiples(forms.ClearableFileInput):
    allow_multiple_selected = True


class ChampFichiers(forms.FileField):
    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(ChampFichiers, self).clean(d, initial) for d in data]
        return [super().clean(data, initial)]


class ImportSitesForm(forms.Form):
    fichiers = ChampFichiers(
        label="Fichiers du standard", widget=FichiersMultiples(attrs={"accept": ".csv,.gpkg"}),
        help_text="site-eco.csv, terrain-eco.csv, pole-eco.csv, etablissement.csv (un ou plusieurs), ou un GeoPackage "
                  "du standard (.gpkg). Tout est vérifié avant d'enregistrer quoi que ce soit.",
    )
    essai = forms.BooleanField(label="Vérifier seulement (ne rien enregistrer)", required=False)


class ImportFrichesForm(forms.Form):
    fichier = forms.FileField(label="Fichier du standard Friches (CSV)", widget=forms.ClearableFileInput(attrs={"accept": ".csv"}),
                              help_text="Standard CNIG Friches v1.0.6 ou v1.0.5, ou export de l'inventaire national.")
    essai = forms.BooleanField(label="Vérifier seulement (ne rien enregistrer)", required=False)


class LocalForm(ChoixVidesLisibles, forms.ModelForm):
    class Meta:
        model = Local
        fields = ["nom", "type", "transaction", "statut", "site", "terrain", "commune", "adresse", "description",
                  "surface_m2", "surface_terrain_m2", "hauteur_m", "charge_sol_t_m2", "quais", "puissance_kva",
                  "prix_vente", "loyer_annuel", "disponible_le", "proprietaire", "mandataire", "contact",
                  "latitude", "longitude", "public", "verifie_le"]
        widgets = {"disponible_le": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "verifie_le": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, territoire, organisations_partenaire=None, **kwargs):
        super().__init__(*args, **kwargs)
        from territoire.reseau.models import Contact, Organisation

        self.fields["site"].queryset = territoire.sites_economiques.all()
        self.fields["terrain"].queryset = TerrainEconomique.objects.filter(site__territoire=territoire)
        self.fields["commune"].queryset = territoire.communes.order_by("nom")
        orgs = Organisation.objects.du_territoire(territoire)
        if organisations_partenaire is not None:
            # A partner account names only its own organisations as owner or agent.
            orgs = orgs.filter(pk__in=organisations_partenaire)
            self.fields.pop("contact")
        else:
            self.fields["contact"].queryset = Contact.objects.filter(
                organisation__territoires=territoire, efface_le__isnull=True).distinct()
        self.fields["proprietaire"].queryset = orgs
        self.fields["mandataire"].queryset = orgs
        self.organisations_partenaire = organisations_partenaire
        from territoire.ui.formulaires import libeller_choix_vides

        libeller_choix_vides(self)

    def clean(self):
        donnees = super().clean()
        if self.organisations_partenaire is not None and not (donnees.get("proprietaire") or donnees.get("mandataire")):
            self.add_error("proprietaire", "Un compte partenaire enregistre les locaux dont son organisation est "
                                           "propriétaire ou commercialisatrice : choisissez-la.")
        for champ in ("nom", "adresse", "description"):
            if tableschema.ressemble_a_une_formule(donnees.get(champ) or ""):
                self.add_error(champ, "Ce texte commence comme une formule de tableur : retirez le premier caractère.")
        return donnees


class PhotoForm(forms.Form):
    image = forms.FileField(label="Photo (JPEG, PNG ou WebP, 8 Mo au plus)",
                            widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
    texte_alternatif = forms.CharField(
        label="Texte alternatif", max_length=250,
        help_text="Ce que montre la photo, pour qui ne la voit pas : « Façade nord avec deux quais de chargement ».",
    )


class PhaseForm(ChoixVidesLisibles, forms.ModelForm):
    class Meta:
        model = PhaseRequalification
        fields = ["type", "date_debut", "date_fin_prevue", "date_fin", "notes"]
        widgets = {k: forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d") for k in ("date_debut", "date_fin_prevue", "date_fin")}
        widgets["notes"] = forms.Textarea(attrs={"rows": 2})


class LigneBudgetForm(ChoixVidesLisibles, forms.ModelForm):
    class Meta:
        model = LigneBudgetFriche
        fields = ["annee", "nature", "type", "montant", "libelle", "phase"]

    def __init__(self, *args, friche, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].queryset = friche.phases.all()


class CofinancementForm(ChoixVidesLisibles, forms.ModelForm):
    class Meta:
        model = CofinancementFriche
        fields = ["financeur", "dispositif", "montant", "etape", "date", "phase"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, friche, **kwargs):
        super().__init__(*args, **kwargs)
        from territoire.reseau.models import Organisation

        self.fields["financeur"].queryset = Organisation.objects.du_territoire(friche.territoire).exclude(type="entreprise")
        self.fields["phase"].queryset = friche.phases.all()


CHOIX_RESEAUX = [(k, v.capitalize()) for k, v in correspondance.RESEAUX.items()]
VOCATIONS = cnig.schema_site("pole-eco").champ("pole_vocadomi").enum


class ProspectForm(ChoixVidesLisibles, forms.ModelForm):
    reseaux = forms.MultipleChoiceField(label="Réseaux nécessaires", choices=CHOIX_RESEAUX, required=False,
                                        widget=forms.CheckboxSelectMultiple)
    vocation = forms.ChoiceField(label="Vocation recherchée", required=False,
                                 choices=[("", "Aucun choix")] + [(v, v) for v in VOCATIONS])

    class Meta:
        model = Prospect
        fields = ["nom_de_code", "nom_reel", "confidentiel", "partenaires", "activite", "naf", "emplois_prevus",
                  "surface_terrain_ha", "surface_batie_m2", "puissance_kva", "acces_ferre", "acces_fluvial", "vocation",
                  "distance_autoroute_max_km", "distance_gare_fret_max_km", "reseaux", "implantation_souhaitee",
                  "source", "description", "contact_nom", "contact_fonction", "contact_email", "contact_telephone",
                  "suivi_par"]
        widgets = {"implantation_souhaitee": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "partenaires": forms.CheckboxSelectMultiple, "description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, territoire, **kwargs):
        super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model

        from territoire.reseau.models import Organisation

        self.fields["nom_de_code"].required = False
        self.fields["nom_de_code"].help_text = "Vide : un nom neutre est choisi (« Projet Cobalt »)."
        self.fields["partenaires"].queryset = Organisation.objects.du_territoire(territoire).filter(type="partenaire")
        self.fields["suivi_par"].queryset = get_user_model().objects.filter(
            adhesions__territoire=territoire, adhesions__role="equipe").distinct()
        from territoire.ui.formulaires import libeller_choix_vides

        libeller_choix_vides(self)


class EtapeForm(ChoixVidesLisibles, forms.Form):
    etape = forms.ChoiceField(label="Nouvelle étape", choices=Etape.choices)
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    raison_perte = forms.CharField(label="Raison de la perte (si perdu)", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    siren = forms.CharField(label="SIREN de l'entreprise (si gagné)", required=False, max_length=11,
                            help_text="Le prochain import SIRENE y rattachera l'établissement créé.")


class PropositionForm(forms.Form):
    terrains = forms.ModelMultipleChoiceField(label="Terrains", queryset=TerrainEconomique.objects.none(), required=False,
                                              widget=forms.CheckboxSelectMultiple)
    locaux = forms.ModelMultipleChoiceField(label="Locaux", queryset=Local.objects.none(), required=False,
                                            widget=forms.CheckboxSelectMultiple)
    date = forms.DateField(label="Date de l'envoi", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    notes = forms.CharField(label="Message ou notes", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, territoire, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["terrains"].queryset = TerrainEconomique.objects.filter(site__territoire=territoire).select_related("site")
        self.fields["locaux"].queryset = Local.objects.filter(territoire=territoire)

    def clean(self):
        donnees = super().clean()
        if not donnees.get("terrains") and not donnees.get("locaux"):
            raise forms.ValidationError("Cochez au moins un terrain ou un local à proposer.")
        return donnees


class VisiteForm(forms.Form):
    date = forms.DateField(label="Date de la visite", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    objet = forms.CharField(label="Objet", max_length=250)
    notes = forms.CharField(label="Compte rendu", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class RechercheForm(ChoixVidesLisibles, forms.Form):
    genre = forms.ChoiceField(label="Je cherche", required=False,
                              choices=[("", "Terrains et locaux"), ("terrain", "Un terrain"), ("local", "Un local")])
    surface_min_ha = forms.DecimalField(label="Surface de terrain minimale (ha)", required=False, min_value=0, max_digits=8,
                                        decimal_places=2)
    surface_min_m2 = forms.IntegerField(label="Surface bâtie minimale (m²)", required=False, min_value=0)
    vocation = forms.ChoiceField(label="Vocation", required=False, choices=[("", "Toutes")] + [(v, v) for v in VOCATIONS])
    reseaux = forms.MultipleChoiceField(
        label="Réseaux et dessertes", required=False, widget=forms.CheckboxSelectMultiple,
        choices=CHOIX_RESEAUX + [("reseau_fret_ferroviaire", "Embranchement ferré"), ("reseau_fluvial", "Quai fluvial")],
    )
    disponible_avant = forms.DateField(label="Disponible avant le", required=False,
                                       widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def filtres(self):
        from .offres import Filtres

        d = self.cleaned_data if self.is_valid() else {}
        return Filtres(
            genre=d.get("genre") or "",
            surface_min_ha=float(d["surface_min_ha"]) if d.get("surface_min_ha") is not None else None,
            surface_min_m2=d.get("surface_min_m2"), vocation=d.get("vocation") or "",
            reseaux=list(d.get("reseaux") or []), disponible_avant=d.get("disponible_avant"),
        )


class ContactForm(forms.Form):
    """The public "S'implanter" contact form: creates a prospect under a code name."""

    entreprise = forms.CharField(label="Votre entreprise ou votre projet (facultatif)", required=False, max_length=250,
                                 help_text="Il reste confidentiel : seule l'équipe le lit.")
    activite = forms.CharField(label="Votre activité", max_length=300)
    emplois_prevus = forms.IntegerField(label="Emplois prévus (facultatif)", required=False, min_value=0, max_value=100_000)
    surface_terrain_ha = forms.DecimalField(label="Surface de terrain cherchée, en hectares (facultatif)", required=False,
                                            min_value=0, max_value=10_000, max_digits=8, decimal_places=2)
    surface_batie_m2 = forms.IntegerField(label="Surface bâtie cherchée, en m² (facultatif)", required=False, min_value=0,
                                          max_value=10_000_000)
    acces_ferre = forms.BooleanField(label="Il me faut un embranchement ferré", required=False)
    implantation_souhaitee = forms.DateField(label="Implantation souhaitée avant le (facultatif)", required=False,
                                             widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    message = forms.CharField(label="Votre projet en quelques lignes", max_length=4000, widget=forms.Textarea(attrs={"rows": 5}))
    nom = forms.CharField(label="Votre nom", max_length=200)
    fonction = forms.CharField(label="Votre fonction (facultatif)", required=False, max_length=200)
    email = forms.EmailField(label="Votre courriel", help_text="Format : nom@domaine.fr",
                             error_messages={"invalid": "Adresse de courriel attendue, par exemple nom@domaine.fr."})
    telephone = forms.RegexField(
        label="Votre téléphone (facultatif)", required=False, max_length=30, regex=r"^\+?[0-9 .()-]{6,25}$",
        error_messages={"invalid": "Numéro de téléphone attendu : chiffres, espaces ou points, par exemple 03 21 00 00 00."},
    )
    consentement = forms.BooleanField(
        label="J'accepte que l'équipe du territoire conserve ces informations pour me recontacter au sujet de mon projet.",
        error_messages={"required": "Sans votre accord, nous ne pouvons pas garder votre demande pour vous recontacter."},
    )
    # Honeypot (the desk's rule): hidden from people, filled by robots.
    site_internet = forms.CharField(label="Laissez ce champ vide", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site_internet"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    def est_un_robot(self) -> bool:
        return bool(self.data.get("site_internet"))
