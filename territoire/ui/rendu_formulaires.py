"""The form renderer of the platform: Django's, with the plainest widgets built in Python.

Django renders every widget through its templates (`input.html` and `attrs.html` for a text
field, an include inside an include): about half a millisecond per field, six milliseconds for
the desk form's dozen fields, on every display. The widgets whose template is only
`input.html` (text, e-mail, number, date, hidden, checkbox…) and the textarea are built here
with the same markup, character for character, and the same escaping; every other template
(selects, radios, file inputs, a project's own widget templates) goes through Django as before.
Which templates are plain is read from Django's own files at start-up, not listed by hand.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import django.forms
from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

_DOSSIER = Path(django.forms.__file__).parent / "templates" / "django" / "forms" / "widgets"
_INCLUSION = '{% include "django/forms/widgets/input.html" %}'
_TEXTAREA = "django/forms/widgets/textarea.html"
_TEXTAREA_ATTENDU = ('<textarea name="{{ widget.name }}"{% include "django/forms/widgets/attrs.html" %}>\n'
                     '{% if widget.value %}{{ widget.value }}{% endif %}</textarea>')


@cache
def gabarits_simples() -> frozenset[str]:
    """Django's widget templates that are exactly `input.html` (or it), and the textarea when it
    is still the one this module reproduces."""
    simples = {"django/forms/widgets/input.html"}
    for fichier in _DOSSIER.glob("*.html"):
        if fichier.read_text(encoding="utf-8").strip() == _INCLUSION:
            simples.add(f"django/forms/widgets/{fichier.name}")
    if (_DOSSIER / "textarea.html").read_text(encoding="utf-8").strip() == _TEXTAREA_ATTENDU:
        simples.add(_TEXTAREA)
    return frozenset(simples)


def _attributs(attrs: dict) -> str:
    morceaux = []
    for nom, valeur in attrs.items():
        if valeur is False:
            continue
        morceaux.append(f" {conditional_escape(nom)}" if valeur is True
                        else f' {conditional_escape(nom)}="{conditional_escape(str(valeur))}"')
    return "".join(morceaux)


class RenduDesChamps(DjangoTemplates):
    """FORM_RENDERER of the settings (module docstring)."""

    def render(self, template_name, context, request=None):
        if template_name not in gabarits_simples():
            return super().render(template_name, context, request)
        widget = context["widget"]
        nom = conditional_escape(widget["name"])
        attrs = _attributs(widget["attrs"])
        if template_name == _TEXTAREA:
            valeur = conditional_escape(widget["value"]) if widget["value"] else ""
            return mark_safe(f'<textarea name="{nom}"{attrs}>\n{valeur}</textarea>')
        valeur = "" if widget["value"] is None else f' value="{conditional_escape(str(widget["value"]))}"'
        return mark_safe(f'<input type="{conditional_escape(widget["type"])}" name="{nom}"{valeur}{attrs}>')
