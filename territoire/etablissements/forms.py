"""Forms of the census pages. The directory's GET parameters are validated here, never read
by hand: the directory, its CSV export and the API share `RechercheForm`."""

from __future__ import annotations

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join

from . import tranches
from .models import Changement, Filiere
from .queries import TRIS

ETATS = [("actifs", "Actifs"), ("fermes", "Fermés"), ("tous", "Tous")]
LIBELLES_TRI = {
    "nom": "Nom (A → Z)",
    "-nom": "Nom (Z → A)",
    "commune": "Commune (A → Z)",
    "-commune": "Commune (Z → A)",
    "taille": "Taille (croissante)",
    "-taille": "Taille (décroissante)",
    "siret": "SIRET",
    "creation": "Date de création (ancienne d'abord)",
    "-creation": "Date de création (récente d'abord)",
}


class SelectRapide(forms.Select):
    """A single <select> rendered in Python: Django's template-rendered options cost about
    half the directory page's time with the hundred communes of a territory."""

    def render(self, name, value, attrs=None, renderer=None):
        choisi = "" if value is None else str(value)
        options = format_html_join(
            "", '<option value="{}"{}>{}</option>',
            ((str(v), " selected" if str(v) == choisi else "", libelle) for v, libelle in self.choices),
        )
        return format_html("<select name=\"{}\"{}>{}</select>", name, flatatt(self.build_attrs(self.attrs, attrs)), options)


class RechercheForm(forms.Form):
    q = forms.CharField(
        label="Rechercher", required=False, max_length=120,
        help_text="Nom, SIRET ou SIREN (espaces permis), code NAF (25.62A ou 2562A) ou libellé d'activité.",
    )
    filiere = forms.ModelChoiceField(
        label="Filière", required=False, queryset=Filiere.objects.all(), to_field_name="code",
        empty_label="Toutes les filières", widget=SelectRapide,
    )
    zone = forms.ModelChoiceField(
        label="Zone d'activité", required=False, queryset=None, to_field_name="slug", empty_label="Toutes les zones",
        widget=SelectRapide,
    )
    commune = forms.ModelChoiceField(
        label="Commune", required=False, queryset=None, to_field_name="code_insee",
        empty_label="Toutes les communes", widget=SelectRapide,
    )
    tranche_min = forms.ChoiceField(
        label="Taille minimale", required=False,
        choices=[("", "Toutes les tailles")] + [(c, f"{tranches.libelle(c)} ou plus") for c in tranches.codes_au_moins("01")],
        widget=SelectRapide,
    )
    etat = forms.ChoiceField(label="État", required=False, choices=ETATS, initial="actifs", widget=SelectRapide)
    industriels = forms.BooleanField(label="Industrie seulement (sections B à E)", required=False)
    tri = forms.ChoiceField(
        label="Trier par", required=False, choices=[(k, LIBELLES_TRI[k]) for k in TRIS], widget=SelectRapide
    )

    def __init__(self, *args, territoire, **kwargs):
        super().__init__(*args, **kwargs)
        # Without their outlines: a hundred communes' GeoJSON would weigh on every page.
        self.fields["zone"].queryset = territoire.zones.only("pk", "territoire_id", "slug", "nom").order_by("nom")
        self.fields["commune"].queryset = territoire.communes.only("pk", "code_insee", "nom").order_by("nom")
        messages = {
            "invalid_choice": "« %(value)s » n'est pas une valeur possible de ce filtre : choisissez dans la liste.",
        }
        for nom in ("tranche_min", "etat", "tri"):
            self.fields[nom].error_messages.update(messages)
        for nom, quoi in (("filiere", "filière"), ("zone", "zone"), ("commune", "commune")):
            self.fields[nom].error_messages["invalid_choice"] = (
                f"Cette {quoi} n'existe pas sur ce territoire : choisissez dans la liste."
            )
        self.fields["q"].error_messages["max_length"] = (
            "La recherche est trop longue (%(limit_value)d caractères au plus, %(show_value)d reçus) : raccourcissez-la."
        )

    def criteres(self) -> dict:
        """The validated criteria; the fields in error are ignored (and reported by the page)."""
        if self.is_bound:
            self.is_valid()
            return {k: v for k, v in getattr(self, "cleaned_data", {}).items() if k not in self.errors}
        return {}

    def erreurs_lisibles(self) -> list[str]:
        return [f"{self.fields[nom].label} : {message}" for nom, liste in self.errors.items() for message in liste]


class ChangementsForm(forms.Form):
    type = forms.ChoiceField(
        label="Type de changement", required=False,
        choices=[("", "Tous les changements")] + list(Changement.Type.choices),
        error_messages={"invalid_choice": "« %(value)s » n'est pas un type de changement connu : choisissez dans la liste."},
    )
