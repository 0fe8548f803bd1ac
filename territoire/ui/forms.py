"""The territory's identity form: accent colour (AA checked), logo upload, editor fields."""

from __future__ import annotations

import io
from xml.etree import ElementTree

from django import forms

from .formulaires import ChoixVidesLisibles
from .models import TAILLE_MAX_LOGO, TYPES_LOGO, Identite

SIGNATURES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg", b"RIFF": "image/webp"}
INTERDITS_SVG = ("script", "foreignobject", "iframe", "embed", "object")


def type_de_logo(contenu: bytes) -> str:
    """The logo's MIME type, read from its bytes; ValueError with a French message if refused."""
    if len(contenu) > TAILLE_MAX_LOGO:
        raise ValueError(
            f"Le logo pèse {len(contenu) // 1024} Ko : 300 Ko au plus. Réduisez l'image ou préférez le SVG."
        )
    for signature, type_ in SIGNATURES.items():
        if contenu.startswith(signature):
            if type_ == "image/webp" and contenu[8:12] != b"WEBP":
                break
            from PIL import Image, UnidentifiedImageError

            try:
                with Image.open(io.BytesIO(contenu)) as image:
                    image.verify()
            except (UnidentifiedImageError, OSError, SyntaxError) as exc:
                raise ValueError(f"Ce fichier {TYPES_LOGO[type_]} est illisible ou abîmé ({exc}).") from exc
            return type_
    debut = contenu[:512].lstrip().lower()
    if debut.startswith((b"<?xml", b"<svg", b"<!--")):
        try:
            racine = ElementTree.fromstring(contenu)
        except ElementTree.ParseError as exc:
            raise ValueError(f"Ce SVG n'est pas un XML valide ({exc}).") from exc
        if not racine.tag.lower().endswith("svg"):
            raise ValueError("Ce fichier XML n'est pas un dessin SVG.")
        for element in racine.iter():
            nom = element.tag.rsplit("}", 1)[-1].lower()
            if nom in INTERDITS_SVG or any(a.lower().rsplit("}", 1)[-1].startswith("on") for a in element.attrib):
                raise ValueError("Ce SVG contient du script ou du contenu actif : enregistrez-le sans, puis recommencez.")
        return "image/svg+xml"
    raise ValueError("Le logo doit être une image PNG, JPEG, WebP ou SVG.")


class IdentiteForm(ChoixVidesLisibles, forms.ModelForm):
    fichier_logo = forms.FileField(
        label="Logo", required=False,
        help_text="PNG, JPEG, WebP ou SVG, 300 Ko au plus ; affiché sur 3 rem de haut dans l'en-tête.",
    )
    retirer_logo = forms.BooleanField(label="Retirer le logo actuel", required=False)

    class Meta:
        model = Identite
        fields = [
            "couleur_accent", "logo_texte", "editeur", "editeur_adresse", "editeur_siren", "directeur_publication",
            "courriel_contact", "hebergeur", "conformite", "taux_conformite", "date_audit", "auditeur",
            "non_conformites", "derogations", "contact_accessibilite", "date_declaration",
            "responsable_traitement", "contact_dpo",
        ]
        widgets = {
            "couleur_accent": forms.TextInput(attrs={"pattern": "#[0-9a-fA-F]{6}", "size": 8}),
            "date_audit": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "date_declaration": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "editeur_adresse": forms.Textarea(attrs={"rows": 3}),
            "hebergeur": forms.Textarea(attrs={"rows": 3}),
            "non_conformites": forms.Textarea(attrs={"rows": 4}),
            "derogations": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_couleur_accent(self):
        return self.cleaned_data["couleur_accent"].strip().lower()

    def clean_editeur_siren(self):
        siren = self.cleaned_data["editeur_siren"].replace(" ", "")
        if siren and (len(siren) != 9 or not siren.isdigit()):
            raise forms.ValidationError("Un SIREN compte 9 chiffres (espaces permis).")
        return siren

    def clean_fichier_logo(self):
        fichier = self.cleaned_data.get("fichier_logo")
        if not fichier:
            return None
        if fichier.size > TAILLE_MAX_LOGO:
            raise forms.ValidationError(
                f"Le logo pèse {fichier.size // 1024} Ko : 300 Ko au plus. Réduisez l'image ou préférez le SVG."
            )
        contenu = fichier.read()
        try:
            type_ = type_de_logo(contenu)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return (contenu, type_)

    def save(self, commit=True):
        ident = super().save(commit=False)
        logo = self.cleaned_data.get("fichier_logo")
        if logo:
            ident.logo, ident.logo_type = logo
        elif self.cleaned_data.get("retirer_logo"):
            ident.logo, ident.logo_type = None, ""
        if commit:
            ident.save()
        return ident
