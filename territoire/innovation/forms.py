"""Forms of Innover: each validates and hands clean data to the actions (views never read POST by hand)."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model

from territoire.guichet.forms import DepotPublicForm
from territoire.ui.formulaires import ChoixVidesLisibles

from .actions import contient_du_html, texte_sans_html
from .models import (
    LONGUEUR_MAX_BESOIN,
    BesoinInnovation,
    CofinancementProjet,
    Competence,
    DetenteurCompetences,
    Diagnostic,
    LigneBudgetProjet,
    MiseEnRelation,
    ProjetInnovation,
    ResultatProjet,
    Service,
)

SANS_REPONSE = ""
CHOIX_NIVEAUX = [(SANS_REPONSE, "Sans réponse (ce n'est pas 0)")] + [(str(i), str(i)) for i in range(6)]


class TexteBesoinMixin:
    """A need's text: not over the limit, and HTML turned into plain text for the person to reread."""

    def clean_texte(self):
        texte = self.cleaned_data["texte"]
        if contient_du_html(texte):
            propre = texte_sans_html(texte)
            donnees = self.data.copy()
            donnees[self.add_prefix("texte")] = propre
            self.data = donnees
            raise forms.ValidationError(
                "Votre texte contenait des balises HTML (copié d'un courriel ou d'une page web ?) : nous l'avons "
                "converti en texte simple ci-dessous. Relisez-le puis enregistrez de nouveau."
            )
        return texte


class VisiteForm(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"Visite du {obj.date:%d/%m/%Y} — {obj.objet}"


class VisiteMixin:
    """The team links a need or a diagnostic to the visit where it was stated (an Interaction of
    type visit of the chosen firm): the choices are that firm's visits, so a visit of another
    firm is refused by the field itself. Only shown to the team, once the firm is known."""

    def preparer_visite(self, territoire, equipe: bool) -> None:
        from territoire.reseau.models import Interaction

        organisation = self.data.get(self.add_prefix("organisation")) if self.is_bound else None
        organisation = organisation or self.initial.get("organisation")
        qs = Interaction.objects.none()
        if equipe and str(organisation or "").isdigit():
            qs = Interaction.objects.filter(territoire=territoire, organisation_id=int(organisation),
                                            type=Interaction.Type.VISITE).order_by("-date", "-pk")
        self.fields["visite"].queryset = qs
        self.montrer_visite = equipe and organisation is not None and qs.exists()


def _champ_visite() -> VisiteForm:
    return VisiteForm(
        label="Visite (facultatif)", queryset=None, required=False,
        help_text="La visite de l'entreprise où cela a été noté (questionnaire de visite) : l'échange y est relié.",
        error_messages={"invalid_choice": "Cette visite n'est pas une visite de l'entreprise choisie."},
    )


def _champ_texte(label: str, aide: str) -> forms.CharField:
    return forms.CharField(
        label=label, widget=forms.Textarea(attrs={"rows": 6}), max_length=LONGUEUR_MAX_BESOIN, help_text=aide,
        error_messages={"max_length": f"Le besoin compte %(show_value)d caractères ; {LONGUEUR_MAX_BESOIN} au plus. "
                                      "Résumez le problème en quelques paragraphes ; un cahier des charges se joint à un échange."},
    )


class BesoinForm(TexteBesoinMixin, VisiteMixin, ChoixVidesLisibles, forms.Form):
    organisation = forms.ModelChoiceField(label="Entreprise", queryset=None)
    visite = _champ_visite()
    titre = forms.CharField(label="En une ligne", max_length=200, help_text="Par exemple : « Remplacer un vernis solvanté ».")
    texte = _champ_texte("Le besoin, dans les mots de l'entreprise", f"Quelques phrases ; {LONGUEUR_MAX_BESOIN} caractères au plus.")
    origine = forms.ChoiceField(label="Exprimé", choices=BesoinInnovation.Origine.choices)
    urgence = forms.ChoiceField(label="Pour quand", choices=BesoinInnovation.Urgence.choices, initial=BesoinInnovation.Urgence.MOYENNE)
    budget = forms.ChoiceField(label="Budget envisagé", choices=BesoinInnovation.Budget.choices, initial=BesoinInnovation.Budget.INCONNU)
    confidentiel = forms.BooleanField(
        label="Confidentiel (réservé à l'équipe et à l'entreprise)", required=False, initial=True,
        help_text="Décochez pour que les partenaires et le comité de pilotage le voient aussi.",
    )
    competences = forms.ModelMultipleChoiceField(
        label="Compétences", queryset=Competence.objects.filter(actif=True).order_by("libelle"), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Cochées : celles proposées par la suggestion ; corrigez-les avant d'enregistrer.",
    )
    action = forms.ChoiceField(choices=[("suggerer", "Suggérer"), ("enregistrer", "Enregistrer")], widget=forms.HiddenInput,
                               required=False, initial="enregistrer")

    def __init__(self, *args, organisations, territoire=None, equipe=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.preparer_visite(territoire, equipe)

    def clean(self):
        donnees = super().clean()
        if donnees.get("visite") is not None:
            donnees["origine"] = BesoinInnovation.Origine.VISITE  # stated at that visit
        return donnees


class CompetencesBesoinForm(forms.Form):
    competences = forms.ModelMultipleChoiceField(
        label="Compétences retenues", queryset=Competence.objects.filter(actif=True).order_by("libelle"), required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class StatutBesoinForm(forms.Form):
    statut = forms.ChoiceField(label="Statut du besoin", choices=BesoinInnovation.Statut.choices)


def _personnes_equipe(territoire):
    return get_user_model().objects.filter(adhesions__territoire=territoire, adhesions__role="equipe").distinct().order_by("username")


class MiseEnRelationForm(ChoixVidesLisibles, forms.Form):
    detenteur = forms.ModelChoiceField(label="Détenteur de compétences", queryset=None)
    message = forms.CharField(label="Message (gardé dans les deux échanges)", widget=forms.Textarea(attrs={"rows": 3}),
                              required=False, max_length=4000)
    responsable = forms.ModelChoiceField(label="Qui suit la mise en relation", queryset=None)
    echeance = forms.DateField(label="Faire le point avant le", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                               help_text="Une suite à donner est créée sur l'entreprise avec cette échéance.")

    def __init__(self, *args, territoire, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["detenteur"].queryset = DetenteurCompetences.objects.filter(organisation__territoires=territoire).select_related("organisation")
        self.fields["responsable"].queryset = _personnes_equipe(territoire)


class IssueForm(forms.Form):
    issue = forms.ChoiceField(label="Issue", choices=MiseEnRelation.Issue.choices)
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class DepotInnovationForm(TexteBesoinMixin, DepotPublicForm):
    """The public « Innover avec le territoire » form: the desk's public form (same rules: honeypot,
    rate limit, consent), its subject fixed to innovation."""

    def __init__(self, *args, territoire, sujet, **kwargs):
        super().__init__(*args, territoire=territoire, **kwargs)
        self.fields["sujet"].queryset = self.fields["sujet"].queryset.filter(pk=sujet.pk)
        self.fields["sujet"].initial = sujet.pk
        self.fields["sujet"].widget = forms.HiddenInput()
        self.fields["description"].label = "Votre projet ou votre problème, en quelques phrases"
        self.fields["description"].help_text = ("Ce que vous voulez faire, ce qui bloque, pour quand. "
                                                "Nous cherchons le laboratoire ou le centre qui peut vous aider.")

    def clean_description(self):
        texte = self.cleaned_data["description"]
        if contient_du_html(texte):
            donnees = self.data.copy()
            donnees[self.add_prefix("description")] = texte_sans_html(texte)
            self.data = donnees
            raise forms.ValidationError("Votre texte contenait des balises HTML : nous l'avons converti en texte simple "
                                        "ci-dessous. Relisez-le puis envoyez de nouveau.")
        return texte


class DetenteurForm(ChoixVidesLisibles, forms.Form):
    nom = forms.CharField(label="Nom", max_length=250)
    type = forms.ChoiceField(label="Type", choices=DetenteurCompetences.Type.choices)
    sigle = forms.CharField(label="Sigle", max_length=50, required=False)
    description = forms.CharField(label="Description", widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=4000)
    commune = forms.ModelChoiceField(label="Commune", queryset=None, required=False)
    etablissement_parent = forms.ModelChoiceField(label="Établissement de rattachement", queryset=None, required=False)
    source = forms.CharField(label="Source", max_length=300, help_text="D'où viennent ces informations.")
    public = forms.BooleanField(label="Montré sur la page publique", required=False, initial=True)

    def __init__(self, *args, territoire, **kwargs):
        from territoire.reseau.models import Organisation

        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = territoire.communes.order_by("nom")
        self.fields["etablissement_parent"].queryset = Organisation.objects.du_territoire(territoire).exclude(type="entreprise")


class CompetenceDetenueForm(forms.Form):
    competence = forms.ModelChoiceField(label="Compétence", queryset=Competence.objects.filter(actif=True).order_by("libelle"))
    principale = forms.BooleanField(label="Point fort", required=False)
    precision = forms.CharField(label="Précision", max_length=300, required=False)
    source = forms.CharField(label="Source", max_length=300)
    public = forms.BooleanField(label="Publique", required=False, initial=True)


class OffreForm(forms.Form):
    nature = forms.ChoiceField(label="Nature", choices=[("equipement", "Équipement")] + [(f"service:{v}", f"Service : {t}") for v, t in Service.Type.choices])
    nom = forms.CharField(label="Nom", max_length=200)
    description = forms.CharField(label="Description", required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    competences = forms.ModelMultipleChoiceField(label="Compétences servies", queryset=Competence.objects.filter(actif=True).order_by("libelle"), required=False)
    source = forms.CharField(label="Source", max_length=300)
    public = forms.BooleanField(label="Publique", required=False, initial=True)


class ProjetForm(ChoixVidesLisibles, forms.ModelForm):
    class Meta:
        model = ProjetInnovation
        fields = ["titre", "description", "etape", "axe", "entreprises", "partenaires", "detenteurs", "fiches", "evenements",
                  "debut", "fin", "confidentiel"]
        widgets = {"debut": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), "fin": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, territoire, **kwargs):
        from territoire.programme.models import Axe, FicheAction
        from territoire.reseau.models import Organisation

        super().__init__(*args, **kwargs)
        self.fields["axe"].queryset = Axe.objects.filter(programme__territoire=territoire)
        self.fields["entreprises"].queryset = Organisation.objects.du_territoire(territoire).entreprises()
        self.fields["partenaires"].queryset = Organisation.objects.du_territoire(territoire)
        self.fields["detenteurs"].queryset = DetenteurCompetences.objects.filter(organisation__territoires=territoire).select_related("organisation")
        self.fields["fiches"].queryset = FicheAction.objects.filter(programme__territoire=territoire)
        from territoire.observatoire.models import Evenement

        self.fields["evenements"].queryset = Evenement.objects.filter(territoire=territoire).order_by("-date")


class EtapeForm(forms.Form):
    etape = forms.ChoiceField(label="Étape", choices=ProjetInnovation.Etape.choices)
    note = forms.CharField(label="Note", required=False, max_length=2000)


class LigneBudgetForm(forms.ModelForm):
    class Meta:
        model = LigneBudgetProjet
        fields = ["annee", "nature", "type", "montant", "libelle"]


class CofinancementForm(forms.ModelForm):
    class Meta:
        model = CofinancementProjet
        fields = ["financeur", "type_financement", "dispositif", "montant", "etape", "date"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, territoire, **kwargs):
        from territoire.reseau.models import Organisation

        super().__init__(*args, **kwargs)
        self.fields["financeur"].queryset = Organisation.objects.du_territoire(territoire)


class JalonForm(forms.Form):
    libelle = forms.CharField(label="Jalon", max_length=250)
    echeance = forms.DateField(label="Échéance", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


class ResultatForm(forms.ModelForm):
    class Meta:
        model = ResultatProjet
        fields = ["type", "description", "emplois", "date", "source"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class DiagnosticForm(VisiteMixin, ChoixVidesLisibles, forms.Form):
    """One score (0–5 or no answer) and one evidence note per dimension of the questionnaire."""

    organisation = forms.ModelChoiceField(label="Entreprise", queryset=None)
    visite = _champ_visite()
    date = forms.DateField(label="Date", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    mode = forms.ChoiceField(label="Fait", choices=Diagnostic.Mode.choices)
    notes = forms.CharField(label="Notes générales", required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=4000)

    def __init__(self, *args, organisations, questionnaire, territoire=None, equipe=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.preparer_visite(territoire, equipe)
        self.dimensions = list(questionnaire.dimensions.all())
        for d in self.dimensions:
            self.fields[f"score_{d.code}"] = forms.ChoiceField(
                label=f"{d.libelle} — niveau", choices=CHOIX_NIVEAUX, required=False,
                help_text="De 0 à 5 (niveaux décrits ci-dessus), ou « sans réponse ».",
                error_messages={"invalid_choice": "Le niveau va de 0 à 5 ; « %(value)s » n'existe pas."},
            )
            self.fields[f"preuve_{d.code}"] = forms.CharField(
                label=f"{d.libelle} — éléments observés", required=False, max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def clean(self):
        donnees = super().clean()
        if donnees.get("visite") is not None:
            donnees["mode"] = Diagnostic.Mode.VISITE  # done during that visit
        return donnees

    def reponses(self) -> dict[str, tuple]:
        return {
            d.code: (self.cleaned_data.get(f"score_{d.code}") or None, self.cleaned_data.get(f"preuve_{d.code}", ""))
            for d in self.dimensions
        }

    def paires(self):
        """(score field, evidence field, dimension) per dimension, for the template."""
        return [(self[f"score_{d.code}"], self[f"preuve_{d.code}"], d) for d in self.dimensions]
