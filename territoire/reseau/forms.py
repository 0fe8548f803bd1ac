from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from territoire.etablissements import tranches

from .models import Contact, Etiquette, Inscription, Interaction, Organisation


class SelectRapide(forms.Select):
    """A <select> built in Python: Django renders each option through a template, which costs
    tens of milliseconds for the hundred communes of a territory. Same markup, same attributes."""

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, attrs)
        final_attrs["name"] = name
        valeurs = value if isinstance(value, (list, tuple)) else [value]
        choisies = {str(v) for v in valeurs if v not in (None, "")}
        options = format_html_join(
            "", "<option value=\"{}\"{}>{}</option>",
            ((str(v), mark_safe(" selected") if str(v) in choisies else "", libelle) for v, libelle in self.choices),
        )
        return format_html("<select{}>{}</select>", flatatt(final_attrs), options)


CHOIX_TRANCHES = [("", "Toutes tailles")] + [(c, lib) for c, (lib, _, _) in tranches.TRANCHES.items() if c != "NN"]


class FiltresOrganisationsForm(forms.Form):
    """The directory's filters (GET): they narrow the list, the map and the exports alike."""

    q = forms.CharField(label="Nom, sigle ou SIRET", required=False, max_length=100)
    type = forms.ChoiceField(label="Type", required=False, choices=[("", "Tous types"), *Organisation.Type.choices])
    commune = forms.ModelChoiceField(label="Commune", required=False, queryset=None, empty_label="Toutes communes",
                                     widget=SelectRapide)
    naf = forms.RegexField(
        label="Code NAF (début)", required=False, regex=r"^\d{2}(\.\d{0,2}[A-Z]?)?$", max_length=6,
        help_text="Par exemple 25 ou 25.62.", error_messages={"invalid": "Code NAF attendu : deux chiffres, puis éventuellement « .62A »."},
    )
    tranche_min = forms.ChoiceField(label="Taille minimale", required=False, choices=CHOIX_TRANCHES)
    etiquette = forms.ModelChoiceField(label="Étiquette", required=False, queryset=Etiquette.objects.all(), empty_label="Toutes")

    def __init__(self, *args, territoire, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = territoire.communes.order_by("nom")

    def filtrer(self, qs):
        if not self.is_valid():
            return qs
        d = self.cleaned_data
        return qs.filtrer(
            q=d["q"], type=d["type"], commune=d["commune"], naf=d["naf"].upper() if d["naf"] else "",
            tranches=tranches.codes_au_moins(d["tranche_min"]) if d["tranche_min"] else None, etiquette=d["etiquette"],
        )


# Attachments of an interaction (reports, photos): 20 Mo at most, like a fiche's attachments.
TAILLE_MAX_PIECE = 20_000_000


class InteractionForm(forms.ModelForm):
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


class PresenceForm(forms.ModelForm):
    class Meta:
        model = Inscription
        fields = ["presence", "suite"]


class InscriptionForm(forms.Form):
    organisation = forms.ModelChoiceField(label="Organisation", queryset=None)

    def __init__(self, *args, territoire, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.du_territoire(territoire)
