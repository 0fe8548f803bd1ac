"""The shared list component: filters kept in the URL, counts, sorting, pagination.

A view builds one `Liste` from a queryset, a django-filter `FilterSet` (optional) and its
columns; the templates draw it with the partials `ui/_filtres.html`, `ui/_compte.html`,
`ui/_tableau_entete.html` and `ui/_pagination.html`. Everything lives in the query string
(`?commune=62119&tri=-nom&page=2`): a list can be bookmarked, shared, reloaded and walked
back, with or without JavaScript. With htmx, `repondre()` sends only the list's fragment.

    from territoire.ui.listes import Colonne, Liste, repondre

    colonnes = [
        Colonne("nom", "Nom", tri=(CleFrancaise("nom"), "pk")),
        Colonne("commune", "Commune", tri=(CleFrancaise("commune__nom"), "pk")),
        Colonne("", "Activité"),                                   # not sortable
        Colonne("effectif", "Effectif", tri=("effectif", "pk"), nombre=True),
    ]
    liste = Liste(request, Organisation.objects.for_user(...), colonnes=colonnes,
                  filtres=OrganisationFiltres, tri_defaut="nom", noms=("organisation", "organisations"))
    return repondre(request, "reseau/organisations.html", {"liste": liste})

Counting runs on the filtered rows without the sort (cheap); the page's rows come with the
sort. Both take one query each, whatever the data size.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import django_filters
from django.core.paginator import Paginator
from django.db.models import F, OrderBy, QuerySet
from django.db.models.expressions import BaseExpression
from django.shortcuts import render

from .formulaires import libeller_choix_vides

PAR_PAGE = 50
PAR_PAGE_MAX = 200


@dataclass(frozen=True)
class Colonne:
    """A column of a list's table. `cle` is its sort key in the URL ("" for no sort);
    `tri` the ORDER BY of the ascending sort (field names or expressions; "-" is reversed
    for the descending one); `nombre` right-aligns it with tabular figures."""

    cle: str
    libelle: str
    tri: tuple = ()
    nombre: bool = False
    aide: str = ""

    @property
    def triable(self) -> bool:
        return bool(self.cle)


@dataclass(frozen=True)
class EnteteColonne:
    """A column as the table header draws it for the current request."""

    libelle: str
    nombre: bool
    aide: str
    url: str = ""
    sens: str = ""  # "ascending", "descending" or "" (aria-sort)
    prochain: str = ""  # what following the link does, in words

    @property
    def triable(self) -> bool:
        return bool(self.url)


def _inverser(terme):
    if isinstance(terme, str):
        return terme[1:] if terme.startswith("-") else f"-{terme}"
    if isinstance(terme, OrderBy):
        return OrderBy(terme.expression, descending=not terme.descending, nulls_last=terme.nulls_last)
    if isinstance(terme, BaseExpression):
        return terme.desc()
    raise TypeError(f"Terme de tri inattendu : {terme!r}")


def _montant(terme):
    if isinstance(terme, BaseExpression) and not isinstance(terme, OrderBy):
        return terme.asc()
    return terme


class FiltresListe(django_filters.FilterSet):
    """Base of the lists' filter sets: French empty choices (never "---------")."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        libeller_choix_vides(self.form, filtre=True)


@dataclass
class Liste:
    """One list as a page shows it. See the module's docstring."""

    request: object
    queryset: QuerySet
    colonnes: Sequence[Colonne]
    filtres: type[django_filters.FilterSet] | None = None
    tri_defaut: str = ""
    noms: tuple[str, str] = ("élément", "éléments")
    par_page: int = PAR_PAGE
    filtres_kwargs: dict = field(default_factory=dict)
    ident: str = "liste"
    # A sort done elsewhere (a query module's own function): ordonner(queryset, tri) -> queryset.
    ordonner: Callable[[QuerySet, str], QuerySet] | None = None
    feminin: bool = False  # "Aucune demande", "Aucun établissement"

    def __post_init__(self):
        cles = {c.cle for c in self.colonnes if c.triable}
        if self.tri_defaut and self.tri_defaut.lstrip("-") not in cles:
            raise ValueError(f"Tri par défaut « {self.tri_defaut} » : aucune colonne triable de ce nom.")
        if self.ordonner is None:
            sans_ordre = [c.cle for c in self.colonnes if c.triable and not c.tri]
            if sans_ordre:
                raise ValueError(f"Colonnes triables sans ordre : {', '.join(sans_ordre)} (donnez tri=… ou ordonner=…).")

    # Filters -------------------------------------------------------------------------------
    @cached_property
    def jeu_de_filtres(self):
        if self.filtres is None:
            return None
        return self.filtres(self.request.GET or None, queryset=self.queryset, request=self.request, **self.filtres_kwargs)

    @property
    def formulaire(self):
        return self.jeu_de_filtres.form if self.jeu_de_filtres is not None else None

    @cached_property
    def filtres_actifs(self) -> int:
        """How many filters the person set (the sort and the page are not filters)."""
        if self.formulaire is None:
            return 0
        return sum(1 for nom in self.formulaire.fields if self.request.GET.get(nom, "") not in ("", None))

    @cached_property
    def erreurs_filtres(self) -> list[str]:
        """What was wrong in the filters, in words (the wrong ones are not applied)."""
        f = self.jeu_de_filtres
        if f is None or not f.is_bound or f.form.is_valid():
            return []
        return [
            f"{f.form.fields[nom].label if nom in f.form.fields else nom} : {message}"
            for nom, messages in f.form.errors.items()
            for message in messages
        ]

    @cached_property
    def filtres_(self) -> QuerySet:
        """The filtered rows, unsorted. Invalid filters are left out, the valid ones apply."""
        f = self.jeu_de_filtres
        if f is None:
            return self.queryset
        if not f.is_bound or f.form.is_valid():
            return f.qs
        valides = {k: v for k, v in f.form.cleaned_data.items() if k not in f.form.errors}
        qs = self.queryset
        for nom, valeur in valides.items():
            qs = f.filters[nom].filter(qs, valeur)
        return qs

    # Sort ----------------------------------------------------------------------------------
    @cached_property
    def tri(self) -> str:
        demande = self.request.GET.get("tri", "")
        cles = {c.cle for c in self.colonnes if c.triable}
        return demande if demande.lstrip("-") in cles else self.tri_defaut

    def _ordre(self) -> list:
        if not self.tri:
            return []
        colonne = next(c for c in self.colonnes if c.cle == self.tri.lstrip("-"))
        termes = [_montant(t) for t in colonne.tri]
        if self.tri.startswith("-"):
            # The last term is the tie-break: it keeps its direction so pages stay stable.
            termes = [_inverser(t) for t in termes[:-1]] + termes[-1:] if len(termes) > 1 else [_inverser(termes[0])]
        return termes

    @cached_property
    def tries(self) -> QuerySet:
        if self.ordonner is not None:
            return self.ordonner(self.filtres_, self.tri)
        ordre = self._ordre()
        return self.filtres_.order_by(*ordre) if ordre else self.filtres_

    # Pagination ----------------------------------------------------------------------------
    @cached_property
    def total(self) -> int:
        return self.filtres_.order_by().count()

    @cached_property
    def page(self):
        paginateur = Paginator(self.tries, self.par_page)
        paginateur.count = self.total  # counted once, without the sort and its joins
        return paginateur.get_page(self.request.GET.get("page"))

    @property
    def lignes(self):
        return self.page.object_list

    @cached_property
    def pages(self) -> list:
        """Page numbers to offer, with "…" for the elided runs."""
        return list(self.page.paginator.get_elided_page_range(self.page.number, on_each_side=2, on_ends=1))

    @property
    def nom(self) -> str:
        return self.noms[0] if self.total == 1 else self.noms[1]

    @property
    def compte(self) -> str:
        """"51–100 sur 4 750 établissements", "3 établissements", "Aucun établissement"."""
        from .templatetags.ui import nombre

        if self.total == 0:
            return f"Aucune {self.noms[0]}" if self.feminin else f"Aucun {self.noms[0]}"
        if self.page.paginator.num_pages == 1:
            return f"{nombre(self.total)} {self.nom}"
        return f"{nombre(self.page.start_index())}–{nombre(self.page.end_index())} sur {nombre(self.total)} {self.nom}"

    # URLs ----------------------------------------------------------------------------------
    def _parametres(self, **changes) -> str:
        parametres = self.request.GET.copy()
        for cle, valeur in changes.items():
            if valeur in (None, ""):
                parametres.pop(cle, None)
            else:
                parametres[cle] = valeur
        texte = parametres.urlencode()
        return f"?{texte}" if texte else "?"

    def url_page(self, numero) -> str:
        return self._parametres(page=numero if numero != 1 else None)

    @property
    def url_sans_filtres(self) -> str:
        return self.request.path

    @property
    def parametres_tri(self) -> str:
        """The sort as hidden fields for the filter form (the page is dropped on filtering)."""
        return self.tri if self.tri != self.tri_defaut else ""

    @cached_property
    def entetes(self) -> list[EnteteColonne]:
        entetes = []
        for c in self.colonnes:
            if not c.triable:
                entetes.append(EnteteColonne(c.libelle, c.nombre, c.aide))
                continue
            if self.tri == c.cle:
                sens, suivant, prochain = "ascending", f"-{c.cle}", "trier par ordre décroissant"
            elif self.tri == f"-{c.cle}":
                sens, suivant, prochain = "descending", c.cle, "trier par ordre croissant"
            else:
                sens, suivant, prochain = "", c.cle, "trier par ordre croissant"
            entetes.append(
                EnteteColonne(c.libelle, c.nombre, c.aide, url=self._parametres(tri=suivant, page=None), sens=sens, prochain=prochain)
            )
        return entetes


def est_fragment(request, ident: str = "liste") -> bool:
    """True when htmx asks for the list's fragment only (its target is the list's region)."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.boosted and htmx.target == ident


def repondre(request, gabarit: str, contexte: dict, ident: str = "liste", fragment: str = "liste"):
    """The whole page, or only its `{% partialdef liste %}` fragment when htmx asks for it."""
    if est_fragment(request, ident):
        return render(request, f"{gabarit}#{fragment}", contexte)
    return render(request, gabarit, contexte)


def trier_sur(champ: str):
    """ORDER BY a plain field, NULLs last in both directions."""
    return F(champ).asc(nulls_last=True)
