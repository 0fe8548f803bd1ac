"""Template tags of the design system (`{% load ui %}`); docs/interface.md shows each in use.

- `{% navigation as nav %}`: the main navigation of the page (territoire/ui/navigation.py).
- `{% composant "carte" titre=… %}…{% fincomposant %}`: renders `ui/_carte.html` with the
  block's content as `contenu` (the partials that hold content: carte, alerte, panneau).
- `{% saisie champ %}`: a form field's widget with `aria-describedby` (hint and error) and
  `aria-invalid`, as `ui/_champ.html` lays it out.
- `{{ valeur|nombre }}`, `{{ valeur|nombre:1 }}`: French number format (narrow no-break space
  between thousands, decimal comma); `{{ valeur|pourcent }}` adds " %".
- `{{ code|ton }}`: the palette tone of a status code (territoire/ui/statuts.py).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import template
from django.template.base import token_kwargs
from django.template.loader import get_template
from django.utils.safestring import mark_safe

from territoire.ui import statuts
from territoire.ui.navigation import Navigation, navigation_de

register = template.Library()


@register.simple_tag(takes_context=True)
def navigation(context):
    """The page's navigation (empty outside a territory)."""
    territoire = context.get("territoire")
    request = context.get("request")
    if territoire is None or request is None or not getattr(territoire, "slug", None):
        return Navigation(groupes=())
    return navigation_de(
        territoire, context.get("mes_roles") or frozenset(), request.path, context.get("domaine", "")
    )


class ComposantNode(template.Node):
    def __init__(self, nom, kwargs, nodelist):
        self.nom, self.kwargs, self.nodelist = nom, kwargs, nodelist

    def render(self, context):
        nom = self.nom.resolve(context)
        valeurs = {cle: valeur.resolve(context) for cle, valeur in self.kwargs.items()}
        valeurs["contenu"] = mark_safe(self.nodelist.render(context))
        gabarit = get_template(f"ui/_{nom}.html")
        with context.push(**valeurs):
            return gabarit.template.render(context)


@register.tag("composant")
def composant(parser, token):
    """`{% composant "nom" cle=valeur … %}contenu{% fincomposant %}`."""
    morceaux = token.split_contents()
    if len(morceaux) < 2:
        raise template.TemplateSyntaxError("{% composant %} attend le nom du composant.")
    nom = parser.compile_filter(morceaux[1])
    reste = morceaux[2:]
    kwargs = token_kwargs(reste, parser)
    if reste:
        raise template.TemplateSyntaxError(f"{{% composant %}} : arguments non compris : {reste}")
    nodelist = parser.parse(("fincomposant",))
    parser.delete_first_token()
    return ComposantNode(nom, kwargs, nodelist)


def ids_description(champ) -> list[str]:
    ids = []
    if champ.help_text:
        ids.append(f"{champ.auto_id}-aide")
    if champ.errors:
        ids.append(f"{champ.auto_id}-erreur")
    return ids


@register.simple_tag
def saisie(champ, **attributs):
    """The field's widget, tied to its hint and error messages."""
    attrs = dict(attributs)
    ids = ids_description(champ)
    if ids:
        attrs["aria-describedby"] = " ".join(ids)
    if champ.errors:
        attrs["aria-invalid"] = "true"
    return champ.as_widget(attrs=attrs)


@register.filter
def ids_aide(champ) -> str:
    return " ".join(ids_description(champ))


def _decimal(valeur):
    if valeur is None or valeur == "":
        return None
    try:
        return Decimal(str(valeur))
    except InvalidOperation:
        return None


@register.filter
def nombre(valeur, decimales=0):
    """12345.6 -> "12 346" (0 decimals) or "12 345,6" (1 decimal); non-numbers pass through."""
    d = _decimal(valeur)
    if d is None:
        return valeur
    decimales = int(decimales)
    texte = f"{d:,.{decimales}f}"
    entiers, _, fraction = texte.partition(".")
    entiers = entiers.replace(",", "\u202f")
    return f"{entiers},{fraction}" if fraction else entiers


@register.filter
def pourcent(valeur, decimales=0):
    d = _decimal(valeur)
    if d is None:
        return valeur
    return f"{nombre(d, decimales)}\u00a0%"


@register.filter
def ton(code) -> str:
    return statuts.ton(code)


@register.filter
def identite(territoire):
    """The territory's identity (unsaved defaults when the team never edited it); no write."""
    if territoire is None or not getattr(territoire, "pk", None):
        return None
    if not hasattr(territoire, "_identite_ui"):
        from territoire.observatoire.cache import etat_de_la_page_en_cours, memoriser
        from territoire.ui.models import Identite

        # The logo's bytes are served by their own URL (ui:logo), never read here. On a public
        # page computed for the cache (its tokens already read), from the cache while the
        # identity is unchanged (the `ui` domain's token); elsewhere one query, as before.
        def lire():
            return Identite.objects.filter(territoire=territoire).defer("logo").first()

        etat = etat_de_la_page_en_cours(territoire)
        ident = memoriser(territoire, "ui:identite", lire, etat=etat) if etat is not None else lire()
        if ident is None:
            ident = Identite(territoire=territoire)
        else:
            ident.territoire = territoire  # the page's own object: nothing to read again
        territoire._identite_ui = ident
    return territoire._identite_ui


@register.filter
def identite_conformite(territoire) -> str:
    ident = identite(territoire)
    return ident.get_conformite_display().lower() if ident else ""


@register.filter
def libelles_roles(codes) -> str:
    from territoire.comptes.models import Role

    libelles = dict(Role.choices)
    ordre = [code for code, _ in Role.choices]
    return ", ".join(libelles[c] for c in sorted(codes, key=ordre.index) if c in libelles)


# The workspace page, when the accounts app defines it (docs/interface.md: header).
NOMS_ESPACE = ("comptes:espace",)


@register.simple_tag
def url_espace(territoire) -> str:
    from django.urls import NoReverseMatch, reverse

    for nom in NOMS_ESPACE:
        try:
            return reverse(nom, kwargs={"territoire": territoire.slug})
        except NoReverseMatch:
            continue
    return ""


@register.filter
def url_page(liste, numero) -> str:
    return liste.url_page(numero)


@register.filter
def dans(nom, noms) -> bool:
    """`"q"|dans:"q,commune"`: True when the name is in the comma-separated list."""
    return bool(noms) and str(nom) in {n.strip() for n in str(noms).split(",")}


@register.filter
def split(texte) -> list[str]:
    return str(texte).split()


@register.filter
def champ(form, nom):
    """`form|champ:"nom"`: the bound field of that name."""
    return form[nom]


@register.filter
def lignes(objet, champ) -> list[str]:
    """`identite|lignes:"non_conformites"`: the field's non-empty lines."""
    return objet.lignes(champ)


class DefautsNode(template.Node):
    def __init__(self, kwargs):
        self.kwargs = kwargs

    def render(self, context):
        for nom, valeur in self.kwargs.items():
            if context.get(nom) is None:
                context[nom] = valeur.resolve(context, ignore_failures=True)
        return ""


@register.tag("defauts")
def defauts(parser, token):
    """`{% defauts niveau=3 texte="" %}` at the top of a partial: the optional parameters and
    their values when the include does not give them (nothing is ever an undefined variable)."""
    reste = token.split_contents()[1:]
    kwargs = token_kwargs(reste, parser)
    if reste:
        raise template.TemplateSyntaxError(f"{{% defauts %}} : arguments non compris : {reste}")
    return DefautsNode(kwargs)


@register.filter
def nom_de_fichier(chemin) -> str:
    """"/tmp/tmpx1/StockEtablissement_utf8.zip" -> "StockEtablissement_utf8.zip": a page never
    shows a server's folders (temporary or not), only the file's name."""
    texte = str(chemin or "")
    return texte.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
