from __future__ import annotations

from datetime import timedelta

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from territoire.etablissements.identifiants import siret_valide
from territoire.etablissements.models import Etablissement
from territoire.reseau.forms import CHOIX_TRANCHES_SAISIE, DEBUT_NAF, SelectRapide
from territoire.reseau.models import Organisation
from territoire.ui.collation import CleFrancaise
from territoire.ui.formulaires import ChoixVidesLisibles
from territoire.ui.listes import FiltresListe

from .models import AideProposee, Antenne, Conseiller, Demande, Dispositif, Institution, Sujet

MESSAGE_SIRET = "Le SIRET compte 14 chiffres (sans espaces ni lettres), par exemple 73282932000074."


class DepotPublicForm(forms.Form):
    """The public request form: works without JavaScript, keeps what was typed, one message per field."""

    entreprise = forms.CharField(label="Nom de l'entreprise", max_length=250)
    siret = forms.CharField(
        label="SIRET de l'établissement (facultatif)", required=False, max_length=20,
        help_text="14 chiffres ; il nous aide à retrouver votre établissement.",
    )
    commune = forms.ModelChoiceField(label="Commune de l'établissement", queryset=None,
                                     empty_label="Choisissez une commune", widget=SelectRapide)
    sujet = forms.ModelChoiceField(label="Votre besoin porte sur", queryset=Sujet.objects.all(), empty_label="Choisissez un sujet",
                                   widget=SelectRapide)
    description = forms.CharField(
        label="Décrivez votre besoin", widget=forms.Textarea, min_length=20, max_length=5000,
        help_text="Quelques phrases : ce que vous cherchez, pour quand. 20 caractères au moins.",
    )
    prenom = forms.CharField(label="Votre prénom", max_length=120)
    nom = forms.CharField(label="Votre nom", max_length=120)
    fonction = forms.CharField(label="Votre fonction (facultatif)", max_length=200, required=False)
    email = forms.EmailField(
        label="Votre courriel", help_text="Format : nom@domaine.fr",
        error_messages={"invalid": "Adresse de courriel attendue, par exemple nom@domaine.fr."},
    )
    telephone = forms.RegexField(
        label="Votre téléphone (facultatif)", required=False, max_length=30, regex=r"^\+?[0-9 .()-]{6,25}$",
        error_messages={"invalid": "Numéro de téléphone attendu : chiffres, espaces ou points, par exemple 03 21 00 00 00."},
    )
    consentement = forms.BooleanField(
        label="J'accepte que mes coordonnées soient transmises aux conseillers qui traiteront ma demande.",
        error_messages={"required": "Sans votre accord, nous ne pouvons pas transmettre votre demande aux conseillers."},
    )
    # Honeypot: hidden from people (CSS and aria-hidden), filled by robots.
    site_internet = forms.CharField(label="Laissez ce champ vide", required=False)

    def __init__(self, *args, territoire, **kwargs):
        super().__init__(*args, **kwargs)
        # The outlines (GeoJSON, the bulk of a commune's row) are neither shown nor needed here.
        self.fields["commune"].queryset = territoire.communes.defer("contour").order_by("nom")
        self.fields["commune"].error_messages["invalid_choice"] = "Choisissez une commune du territoire dans la liste."
        self.fields["site_internet"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        self.territoire = territoire
        self.etablissement = None

    def est_un_robot(self) -> bool:
        return bool(self.data.get("site_internet"))

    def clean_siret(self):
        siret = "".join(self.cleaned_data["siret"].split())
        if not siret:
            return ""
        if not siret_valide(siret):
            raise forms.ValidationError(MESSAGE_SIRET + " Ce numéro n'est pas un SIRET valide.")
        self.etablissement = Etablissement.objects.filter(siret=siret, commune__territoires=self.territoire).first()
        return siret


class DemandeCompteForm(ChoixVidesLisibles, forms.ModelForm):
    """A request filed by a firm user (for its organisation) or by the team (for any firm)."""

    class Meta:
        model = Demande
        fields = ["organisation", "sujet", "description", "commune"]
        widgets = {"description": forms.Textarea, "commune": SelectRapide, "organisation": SelectRapide}

    def __init__(self, *args, organisations, territoire, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["commune"].queryset = territoire.communes.defer("contour").order_by("nom")
        self.fields["commune"].help_text = "Par défaut, la commune de l'organisation."


class OrientationForm(forms.Form):
    conseillers = forms.ModelMultipleChoiceField(
        label="Conseillers", queryset=None, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choisissez au moins un conseiller."},
    )

    def __init__(self, *args, demande, proposes, **kwargs):
        super().__init__(*args, **kwargs)
        qs = Conseiller.objects.filter(actif=True, antenne__institution__territoire=demande.territoire).select_related(
            "antenne__institution"
        )
        self.fields["conseillers"].queryset = qs
        ids = {c.pk for c in proposes}
        self.fields["conseillers"].label_from_instance = (
            lambda c: f"{c.prenom} {c.nom} — {c.antenne}" + (" (proposé : sujet, commune et profil conviennent)" if c.pk in ids else "")
        )
        self.initial.setdefault("conseillers", list(ids))


class StatutForm(ChoixVidesLisibles, forms.Form):
    vers = forms.ChoiceField(label="Nouveau statut", choices=())
    note = forms.CharField(label="Note (facultative)", required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)

    def __init__(self, *args, demande, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vers"].choices = demande.statuts_suivants()


class SatisfactionForm(forms.Form):
    note = forms.TypedChoiceField(
        label="Êtes-vous satisfait de l'aide reçue ?", coerce=int, widget=forms.RadioSelect,
        choices=[(5, "Très satisfait"), (4, "Satisfait"), (3, "Moyennement"), (2, "Peu satisfait"), (1, "Pas du tout satisfait")],
        error_messages={"required": "Choisissez une réponse."},
    )
    commentaire = forms.CharField(label="Un commentaire ? (facultatif)", required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class AideForm(ChoixVidesLisibles, forms.Form):
    dispositif = forms.ModelChoiceField(label="Dispositif", queryset=None)

    def __init__(self, *args, territoire, eligibles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dispositif"].queryset = Dispositif.objects.du_territoire(territoire).actifs()
        ids = {d.pk for d in eligibles}
        self.fields["dispositif"].label_from_instance = lambda d: d.nom + (" — éligible (sujet, profil, dates)" if d.pk in ids else "")


class IssueAideForm(ChoixVidesLisibles, forms.ModelForm):
    class Meta:
        model = AideProposee
        fields = ["issue", "montant"]


# --- The desk queue's filters (django-filter, kept in the URL) --------------------------------

AGES = [
    ("souffrance", "En souffrance : pas prise en charge après 5 jours ouvrés"),
    ("21", "Ouverte depuis plus de 21 jours"),
    ("45", "Ouverte depuis plus de 45 jours"),
    ("semaine", "Déposée ces 7 derniers jours"),
]


class FiltresDemandes(FiltresListe):
    q = django_filters.CharFilter(label="Recherche", method="filtrer_texte", max_length=100,
                                  help_text="Numéro, entreprise, SIRET, personne à rappeler ou mot de la description.")
    statut = django_filters.ChoiceFilter(label="Statut", choices=Demande.Statut.choices, empty_label="Tous")
    ouvertes = django_filters.BooleanFilter(label="Ouvertes seulement", method="filtrer_ouvertes",
                                            widget=forms.CheckboxInput)
    sujet = django_filters.ModelChoiceFilter(label="Sujet", queryset=Sujet.objects.all(), empty_label="Tous")
    partenaire = django_filters.ModelChoiceFilter(label="Partenaire", queryset=None, empty_label="Tous",
                                                  method="filtrer_partenaire")
    commune = django_filters.ModelChoiceFilter(label="Commune", queryset=None, empty_label="Toutes",
                                               widget=SelectRapide)
    age = django_filters.ChoiceFilter(label="Âge", choices=AGES, empty_label="Tous", method="filtrer_age")
    a_orienter = django_filters.BooleanFilter(label="À orienter seulement", method="filtrer_a_orienter",
                                              widget=forms.CheckboxInput)

    def __init__(self, *args, territoire, voit_personnes=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.voit_personnes = voit_personnes
        institutions = Institution.objects.filter(territoire=territoire).order_by(CleFrancaise("nom"), "pk")
        communes = territoire.communes.order_by(CleFrancaise("nom"), "code_insee")
        for nom, qs in (("partenaire", institutions), ("commune", communes)):
            self.filters[nom].queryset = qs
            self.form.fields[nom].queryset = qs

    def filtrer_texte(self, qs, nom, valeur):
        valeur = valeur.strip()
        if not valeur:
            return qs
        q = (Q(organisation__nom__icontains=valeur) | Q(organisation__siret__startswith=valeur.replace(" ", ""))
             | Q(description__icontains=valeur))
        if self.voit_personnes:
            q |= Q(contact__nom__icontains=valeur) | Q(contact__email__icontains=valeur)
        numero = valeur.lstrip("nN°o ").strip()
        if numero.isdigit() and len(numero) < 12:
            q |= Q(pk=int(numero))
        return qs.filter(q)

    def filtrer_ouvertes(self, qs, nom, valeur):
        return qs.ouvertes() if valeur else qs

    def filtrer_partenaire(self, qs, nom, valeur):
        if not valeur:
            return qs
        return qs.filter(pk__in=Demande.objects.filter(orientations__conseiller__antenne__institution=valeur).values("pk"))

    def filtrer_age(self, qs, nom, valeur):
        maintenant = timezone.now()
        if valeur == "souffrance":
            return qs.en_souffrance()
        if valeur in ("21", "45"):
            return qs.ouvertes().filter(deposee_le__lt=maintenant - timedelta(days=int(valeur)))
        if valeur == "semaine":
            return qs.filter(deposee_le__gte=maintenant - timedelta(days=7))
        return qs

    def filtrer_a_orienter(self, qs, nom, valeur):
        return qs.a_orienter() if valeur else qs


# --- The partner directory and its routing rules ---------------------------------------------


def _organisations(territoire, partenaires=True):
    qs = Organisation.objects.du_territoire(territoire)
    if partenaires:
        qs = qs.exclude(type=Organisation.Type.ENTREPRISE)
    return qs.order_by(CleFrancaise("nom"), "pk")


class InstitutionForm(ChoixVidesLisibles, forms.ModelForm):
    class Meta:
        model = Institution
        fields = ["nom", "organisation"]
        widgets = {"organisation": SelectRapide}
        help_texts = {"organisation": "L'organisation partenaire dans le réseau (créez-la d'abord si elle manque)."}

    def __init__(self, *args, territoire, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _organisations(territoire)


class AntenneForm(ChoixVidesLisibles, forms.ModelForm):
    class Meta:
        model = Antenne
        fields = ["nom", "organisation", "courriel"]
        widgets = {"organisation": SelectRapide}

    def __init__(self, *args, territoire, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _organisations(territoire)


class ConseillerForm(ChoixVidesLisibles, forms.ModelForm):
    tranche_min = forms.ChoiceField(label="Tranche minimale", choices=CHOIX_TRANCHES_SAISIE, required=False)
    tranche_max = forms.ChoiceField(label="Tranche maximale", choices=CHOIX_TRANCHES_SAISIE, required=False)

    class Meta:
        model = Conseiller
        fields = ["prenom", "nom", "courriel", "telephone", "utilisateur", "actif", "sujets", "communes",
                  "naf_prefixes", "tranche_min", "tranche_max"]
        widgets = {"sujets": forms.CheckboxSelectMultiple, "communes": forms.CheckboxSelectMultiple,
                   "utilisateur": SelectRapide}
        help_texts = {"utilisateur": "Le compte de partenaire de ce conseiller, s'il en a un : il verra les demandes de son antenne.",
                      "communes": "Les communes d'où il reçoit des demandes."}

    def __init__(self, *args, territoire, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["communes"].queryset = territoire.communes.order_by(CleFrancaise("nom"), "code_insee")
        self.fields["utilisateur"].queryset = get_user_model().objects.filter(
            adhesions__territoire=territoire, adhesions__role="partenaire"
        ).distinct().order_by("username")
        self.fields["tranche_min"].choices = [("", "Aucune")] + CHOIX_TRANCHES_SAISIE[1:]
        self.fields["tranche_max"].choices = [("", "Aucune")] + CHOIX_TRANCHES_SAISIE[1:]


class ApercuOrientationForm(ChoixVidesLisibles, forms.Form):
    """« Une demande sur le sujet S, de la commune C, d'une entreprise de NAF N irait à… »"""

    choix_vides_filtre = False
    sujet = forms.ModelChoiceField(label="Sujet de la demande", queryset=Sujet.objects.all())
    commune = forms.ModelChoiceField(label="Commune de l'établissement", queryset=None, required=False,
                                     widget=SelectRapide, empty_label="Toutes (commune inconnue)")
    naf = forms.CharField(label="Activité de l'entreprise (NAF rév. 2)", required=False, max_length=6,
                          validators=[DEBUT_NAF], help_text="Par exemple 25.62A ; vide : activité inconnue.")
    tranche = forms.ChoiceField(label="Tranche d'effectifs", choices=CHOIX_TRANCHES_SAISIE, required=False)

    def __init__(self, *args, territoire, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = territoire.communes.order_by(CleFrancaise("nom"), "code_insee")

    def clean_naf(self):
        return (self.cleaned_data.get("naf") or "").strip().upper()


class DispositifForm(ChoixVidesLisibles, forms.ModelForm):
    tranche_min = forms.ChoiceField(label="Tranche minimale", choices=CHOIX_TRANCHES_SAISIE, required=False)
    tranche_max = forms.ChoiceField(label="Tranche maximale", choices=CHOIX_TRANCHES_SAISIE, required=False)

    class Meta:
        model = Dispositif
        fields = ["nom", "financeur", "type_aide", "publics", "sujets", "debut", "fin", "lien", "description",
                  "naf_prefixes", "tranche_min", "tranche_max"]
        widgets = {"financeur": SelectRapide, "sujets": forms.CheckboxSelectMultiple,
                   "debut": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "fin": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, territoire, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["financeur"].queryset = _organisations(territoire)
        self.fields["tranche_min"].choices = [("", "Aucune")] + CHOIX_TRANCHES_SAISIE[1:]
        self.fields["tranche_max"].choices = [("", "Aucune")] + CHOIX_TRANCHES_SAISIE[1:]
