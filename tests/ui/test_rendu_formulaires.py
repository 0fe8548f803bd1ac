"""The form renderer builds the plainest widgets in Python (territoire/ui/rendu_formulaires.py):
the same markup as Django's templates, character for character, hostile values included."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from territoire.ui.rendu_formulaires import RenduDesChamps, gabarits_simples

HOSTILES = ['"><script>alert(1)</script>', "l'atelier & fils", mark_safe("<b>sûr</b>"), 0, 12.5, "", None,
            dt.date(2026, 12, 7)]
WIDGETS = [forms.TextInput, forms.EmailInput, forms.URLInput, forms.NumberInput, forms.PasswordInput,
           forms.HiddenInput, forms.DateInput, forms.TimeInput, forms.DateTimeInput, forms.CheckboxInput,
           forms.Textarea, forms.FileInput]
ATTRIBUTS = {"class": 'a"b', "required": True, "disabled": False, "aria-describedby": "x-aide x-erreur",
             "data-<x>": "1", "maxlength": 40}


def test_les_gabarits_simples_sont_lus_dans_django():
    simples = gabarits_simples()
    assert "django/forms/widgets/text.html" in simples and "django/forms/widgets/textarea.html" in simples
    assert "django/forms/widgets/select.html" not in simples
    assert "django/forms/widgets/clearable_file_input.html" not in simples


@pytest.mark.parametrize("widget", WIDGETS, ids=lambda w: w.__name__)
@pytest.mark.parametrize("valeur", HOSTILES, ids=repr)
def test_meme_balisage_que_django(widget, valeur):
    w = widget(attrs=ATTRIBUTS)
    attendu = w.render("champ", valeur, attrs={"id": "id_champ"}, renderer=DjangoTemplates())
    obtenu = w.render("champ", valeur, attrs={"id": "id_champ"}, renderer=RenduDesChamps())
    assert obtenu == attendu


def test_un_formulaire_entier_et_ses_erreurs_rendus_pareil():
    class Formulaire(forms.Form):
        nom = forms.CharField(max_length=20, help_text="Votre nom")
        courriel = forms.EmailField()
        texte = forms.CharField(widget=forms.Textarea)
        accord = forms.BooleanField()
        choix = forms.ChoiceField(choices=[("a", "<A>"), ("b", "B & c")])

    donnees = {"nom": "x" * 30, "courriel": 'pas"un@', "texte": "</textarea><script>", "choix": "b"}
    attendu = Formulaire(donnees, renderer=DjangoTemplates()).as_div()
    assert Formulaire(donnees, renderer=RenduDesChamps()).as_div() == attendu


def test_c_est_le_rendu_de_la_plateforme(settings):
    from django.forms.renderers import get_default_renderer

    assert settings.FORM_RENDERER == "territoire.ui.rendu_formulaires.RenduDesChamps"
    assert isinstance(get_default_renderer(), RenduDesChamps)
