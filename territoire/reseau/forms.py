"""Forms of the network. They validate; the writes go through reseau.actions."""

from __future__ import annotations

import re

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.core.validators import RegexValidator
from django.db.models import Q
from django.forms.utils import flatatt
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from territoire.etablissements import tranches
from territoire.etablissements.identifiants import siret_valide
from territoire.etablissements.models import Etablissement
from territoire.ui.collation import CleFrancaise
from territoire.ui.formulaires import ChoixVidesLisibles
from territoire.ui.listes import FiltresListe

from .models import Contact, Etiquette, EvenementReseau, Inscription, Interaction, Organisation


class SelectRapide(forms.Select):
    """A <select> built in Python: Django renders each option through a template, which costs
    tens of milliseconds for the hundred communes of a territory. Same markup, same attributes."""

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, attrs)
        final_attrs["name"] = name
        valeurs = value if isinstance(value, (list, tuple)) else [value]
        choisies = {str(v) for v in valeurs if v not in (None, "")}
        # Escaped as format_html would, without its cost per option.
        options = "".join(
            f'<option value="{conditional_escape(str(v))}"{" selected" if str(v) in choisies else ""}>'
            f"{conditional_escape(libelle)}</option>"
            for v, libelle in self.choices
        )
        return mark_safe(f"<select{flatatt(final_attrs)}>{options}</select>")


CHOIX_TRANCHES = [("", "Toutes tailles")] + [(c, lib) for c, (lib, _, _) in tranches.TRANCHES.items() if c != "NN"]
CHOIX_TRANCHES_SAISIE = [("", "Non renseignée")] + [(c, lib) for c, (lib, _, _) in tranches.TRANCHES.items()]
DEBUT_NAF = RegexValidator(r"^\d{2}(\.\d{0,2}[A-Za-z]?)?$", "Code NAF attendu : deux chiffres, puis éventuellement « .62A ».")
CODE_NAF = RegexValidator(r"^\d{2}\.\d{2}[A-Za-z]$", "Code NAF rév. 2 attendu, par exemple 25.62A.")


def _communes(territoire):
    return territoire.communes.order_by(CleFrancaise("nom"), "code_insee")


class FiltresOrganisations(FiltresListe):
    """The CRM list's filters (GET): they narrow the list, the map and the exports alike."""

    q = django_filters.CharFilter(label="Nom, sigle ou SIRET", method="filtrer_texte", max_length=100)
    type = django_filters.ChoiceFilter(label="Type", choices=Organisation.Type.choices, empty_label="Tous types")
    commune = django_filters.ModelChoiceFilter(label="Commune", queryset=None, empty_label="Toutes communes",
                                               widget=SelectRapide)
    naf = django_filters.CharFilter(label="Code NAF (début)", method="filtrer_naf", max_length=6,
                                    help_text="Par exemple 25 ou 25.62.", validators=[DEBUT_NAF])
    tranche_min = django_filters.ChoiceFilter(label="Taille minimale", choices=CHOIX_TRANCHES[1:],
                                              empty_label="Toutes tailles", method="filtrer_tranche")
    etiquette = django_filters.ModelChoiceFilter(label="Étiquette", queryset=Etiquette.objects.all(),
                                                 field_name="etiquettes", empty_label="Toutes")
    a_confirmer = django_filters.BooleanFilter(
        label="Rattachements à confirmer seulement", method="filtrer_a_confirmer",
        widget=forms.CheckboxInput, help_text="Organisations créées par un dépôt anonyme qui ressemblent à une autre.",
    )

    def __init__(self, *args, territoire=None, **kwargs):
        super().__init__(*args, **kwargs)
        territoire = territoire or self.request.territoire
        self.filters["commune"].queryset = _communes(territoire)
        self.form.fields["commune"].queryset = _communes(territoire)

    def filtrer_texte(self, qs, nom, valeur):
        valeur = valeur.strip()
        if not valeur:
            return qs
        return qs.filter(Q(nom__icontains=valeur) | Q(sigle__icontains=valeur) | Q(siret__startswith=valeur))

    def filtrer_naf(self, qs, nom, valeur):
        return qs.filter(naf__startswith=valeur.upper()) if valeur else qs

    def filtrer_tranche(self, qs, nom, valeur):
        return qs.filter(tranche_effectifs__in=tranches.codes_au_moins(valeur)) if valeur else qs

    def filtrer_a_confirmer(self, qs, nom, valeur):
        return qs.filter(doublon_probable__isnull=False) if valeur else qs


class OrganisationForm(ChoixVidesLisibles, forms.ModelForm):
    site_web = forms.URLField(label="Site web", required=False, assume_scheme="https", max_length=200)
    tranche_effectifs = forms.ChoiceField(label="Tranche d'effectifs", choices=CHOIX_TRANCHES_SAISIE, required=False)

    class Meta:
        model = Organisation
        # site_web is declared above (https by default), not generated: Django 6 changes the default scheme.
        fields = ["nom", "type", "sigle", "siret", "commune", "naf", "tranche_effectifs", "description", "etiquettes"]
        widgets = {"commune": SelectRapide, "etiquettes": forms.CheckboxSelectMultiple,
                   "description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"siret": "14 chiffres, sans espaces ; il relie l'organisation à son établissement SIRENE."}

    nouvelles_etiquettes = forms.CharField(
        label="Nouvelles étiquettes", required=False, max_length=300,
        help_text="Séparées par des virgules : elles sont créées et posées sur l'organisation.",
    )

    field_order = ["nom", "type", "sigle", "siret", "commune", "naf", "tranche_effectifs", "site_web", "description",
                   "etiquettes", "nouvelles_etiquettes"]

    def __init__(self, *args, territoire, **kwargs):
        super().__init__(*args, **kwargs)
        self.territoire = territoire
        self.fields["commune"].queryset = _communes(territoire)
        self.fields["naf"].validators.append(CODE_NAF)

    def clean_naf(self):
        return (self.cleaned_data.get("naf") or "").strip().upper()

    def clean_siret(self):
        siret = "".join((self.cleaned_data.get("siret") or "").split())
        if siret and not siret_valide(siret):
            raise forms.ValidationError("Le SIRET compte 14 chiffres avec une clé valide, par exemple 73282932000074.")
        return siret

    def etablissement(self):
        """The SIRENE establishment of the SIRET typed, in the territory (or None)."""
        siret = self.cleaned_data.get("siret")
        if not siret:
            return None
        return Etablissement.objects.filter(siret=siret, commune__territoires=self.territoire).first()


class ContactForm(ChoixVidesLisibles, forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["prenom", "nom", "fonction", "email", "telephone", "base_legale", "date_consentement"]
        widgets = {"date_consentement": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        help_texts = {
            "base_legale": "Pourquoi la plateforme garde ces coordonnées (RGPD, article 6).",
            "date_consentement": "Seulement pour la base « Consentement » : le jour où la personne l'a donné.",
        }

    def clean_telephone(self):
        tel = " ".join((self.cleaned_data.get("telephone") or "").split())
        if tel and not re.fullmatch(r"\+?[0-9 .()-]{6,25}", tel):
            raise forms.ValidationError("Numéro attendu : chiffres, espaces ou points, par exemple 03 21 00 00 00.")
        return tel

    def clean(self):
        d = super().clean()
        if d.get("base_legale") == Contact.BaseLegale.CONSENTEMENT and not d.get("date_consentement"):
            self.add_error("date_consentement", "Un consentement se date : indiquez quand la personne l'a donné.")
        if d.get("base_legale") != Contact.BaseLegale.CONSENTEMENT and d.get("date_consentement"):
            self.add_error("date_consentement", "Une date de consentement ne vaut que pour la base « Consentement ».")
        return d


# Attachments of an interaction (reports, photos): 20 Mo at most, like a fiche's attachments.
TAILLE_MAX_PIECE = 20_000_000


class InteractionForm(ChoixVidesLisibles, forms.ModelForm):
    suite = forms.CharField(label="Suite à donner", required=False, max_length=300)
    echeance = forms.DateField(label="Échéance de la suite", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    responsable = forms.ModelChoiceField(label="Responsable de la suite", required=False, queryset=None)
    fichier = forms.FileField(label="Pièce jointe", required=False)

    class Meta:
        model = Interaction
        fields = ["type", "date", "objet", "notes", "contacts", "etiquettes"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}), "contacts": forms.CheckboxSelectMultiple,
                   "etiquettes": forms.CheckboxSelectMultiple}

    def __init__(self, *args, organisation, territoire, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contacts"].queryset = Contact.objects.filter(organisation=organisation).actifs()
        self.fields["responsable"].queryset = get_user_model().objects.filter(
            adhesions__territoire=territoire, adhesions__role__in=["equipe", "partenaire"]
        ).distinct()

    def clean_fichier(self):
        fichier = self.cleaned_data.get("fichier")
        if fichier and fichier.size > TAILLE_MAX_PIECE:
            raise forms.ValidationError(
                f"Fichier trop lourd (plus de {TAILLE_MAX_PIECE // 1_000_000} Mo) : "
                "déposez une version compressée ou un extrait."
            )
        return fichier

    def clean(self):
        d = super().clean()
        if d.get("suite") and not d.get("echeance"):
            self.add_error("echeance", "Donnez une échéance à la suite à donner.")
        return d


class CommentaireForm(forms.Form):
    texte = forms.CharField(label="Commentaire", widget=forms.Textarea(attrs={"rows": 3}), max_length=4000,
                            help_text="Visible de l'équipe, du pilotage et des partenaires, jamais de l'entreprise.")


class EvenementForm(ChoixVidesLisibles, forms.ModelForm):
    class Meta:
        model = EvenementReseau
        fields = ["titre", "type", "date", "lieu", "commune", "organisateur", "description", "compte_rendu"]
        widgets = {"date": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
                   "commune": SelectRapide, "organisateur": SelectRapide,
                   "description": forms.Textarea(attrs={"rows": 4}), "compte_rendu": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, territoire, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = _communes(territoire)
        self.fields["organisateur"].queryset = (
            Organisation.objects.du_territoire(territoire).exclude(type=Organisation.Type.ENTREPRISE)
            .order_by(CleFrancaise("nom"), "pk")
        )
        self.fields["date"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"]


class AnnulationForm(forms.Form):
    motif = forms.CharField(label="Motif de l'annulation", max_length=300,
                            help_text="Il s'affiche sur la fiche de l'événement et sur la chronologie des inscrits.")


class PresenceForm(ChoixVidesLisibles, forms.ModelForm):
    class Meta:
        model = Inscription
        fields = ["presence", "suite"]


class InscriptionForm(ChoixVidesLisibles, forms.Form):
    organisation = forms.ModelChoiceField(label="Organisation", queryset=None, widget=SelectRapide)

    def __init__(self, *args, territoire, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.du_territoire(territoire).order_by(
            CleFrancaise("nom"), "pk"
        )


class FusionForm(ChoixVidesLisibles, forms.Form):
    """Which organisation absorbs which: both of the territory, and different."""

    gardee = forms.ModelChoiceField(label="Organisation gardée", queryset=None, widget=SelectRapide,
                                    help_text="Elle reste, avec son adresse ; elle reprend tous les liens de l'autre.")
    doublon = forms.ModelChoiceField(label="Doublon absorbé", queryset=None, widget=SelectRapide,
                                     help_text="Il disparaît : ses contacts, échanges, demandes, fiches… passent à l'autre.")

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gardee"].queryset = organisations
        self.fields["doublon"].queryset = organisations

    def clean(self):
        d = super().clean()
        if d.get("gardee") and d.get("doublon") and d["gardee"].pk == d["doublon"].pk:
            self.add_error("doublon", "Choisissez deux organisations différentes.")
        return d
