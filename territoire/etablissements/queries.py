"""Read side of the census; `etablissements_visibles` is the only door to establishments
(`etablissement_visible`: the same rule for one SIRET)."""

from __future__ import annotations

import re
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connection
from django.db.models import Case, Count, F, Func, IntegerField, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce, NullIf

from territoire.comptes.acces import est_interne
from territoire.ui.collation import CleFrancaise

from . import naf, tranches
from .models import Changement, Etablissement, ImportSirene

# True while the national pass fills many territories of one table (`par_l_index_des_communes`).
_par_index: ContextVar[bool] = ContextVar("du_territoire_par_index", default=False)


@contextmanager
def par_l_index_des_communes():
    """Inside this block, `du_territoire` reads through the commune index on SQLite too: each
    territory then holds a small share of the table (the national pass's runs and their
    post-import hooks), where a scan of the whole table costs 44 to 176 ms per query against
    0.7 ms by the index (ti-3205 on a 120 000-row table, bench/sirene_national.py)."""
    jeton = _par_index.set(True)
    try:
        yield
    finally:
        _par_index.reset(jeton)


def dans_la_passe_nationale() -> bool:
    """True inside `par_l_index_des_communes()`, i.e. during the national pass's runs: a
    post-import hook that concerns every territory waits for the pass's end (`apres_passe_sirene`)."""
    return _par_index.get()


def du_territoire(territoire) -> QuerySet:
    """Establishments whose commune belongs to `territoire`.

    On SQLite the join through the territory's communes makes the planner fetch every row by
    the commune index (about 60 ms for the demo's 20 000 rows); when the territory holds most of
    the table, a scan that checks the commune against the territory's list is several times
    faster, so the index is turned off with a unary plus — but inside
    `par_l_index_des_communes()` (many territories in one table). PostgreSQL chooses well by
    itself and keeps the plain filter.
    """
    communes = territoire.communes.values("pk")
    if connection.vendor != "sqlite" or _par_index.get():
        return Etablissement.objects.filter(commune__in=communes)
    return Etablissement.objects.alias(
        _commune=Func(F("commune_id"), template="(+%(expressions)s)", output_field=IntegerField())
    ).filter(_commune__in=communes)


def etablissements_visibles(user, territoire):
    """Establishments of `territoire` that `user` may see.

    Team, steering and partners see every establishment; the public, firm users and
    outsiders see diffusible ones only (statut de diffusion O).
    """
    qs = du_territoire(territoire)
    if not est_interne(user, territoire):
        qs = qs.filter(statut_diffusion="O")
    return qs


def _communes_du_territoire(territoire) -> set[int]:
    """The primary keys of the territory's communes, in plain SQL (one small indexed read)."""
    from territoire.referentiel.models import Territoire

    table = connection.ops.quote_name(Territoire.communes.through._meta.db_table)
    with connection.cursor() as curseur:
        curseur.execute(f"SELECT commune_id FROM {table} WHERE territoire_id = %s", [territoire.pk])
        return {ligne[0] for ligne in curseur.fetchall()}


def etablissement_visible(user, territoire, siret: str, queryset: QuerySet | None = None) -> Etablissement | None:
    """The establishment `siret` if `user` may see it in `territoire` (the rule of
    `etablissements_visibles`), else None.

    Read by its SIRET (the unique index) from `queryset` (default: every establishment, with
    whatever `select_related` the caller set), then checked in Python: its commune belongs to
    the territory and, for the public, it is diffusible. The same answer as
    `etablissements_visibles(user, territoire).get(siret=siret)` (a test compares both), at half
    the cost: the territory's communes are not compiled into the query of each page."""
    qs = Etablissement.objects.all() if queryset is None else queryset
    # Not `.first()`: its ORDER BY pk makes SQLite walk the table in key order.
    etab = next(iter(qs.filter(siret=siret).order_by()[:1]), None)
    if etab is None or etab.commune_id is None or etab.commune_id not in _communes_du_territoire(territoire):
        return None
    if etab.statut_diffusion != "O" and not est_interne(user, territoire):
        return None
    return etab


def imports_du_territoire(territoire):
    """The import runs of a territory, newest first (team pages only: the view checks the role)."""
    return ImportSirene.objects.filter(territoire=territoire).order_by("-debut")


def changements_de(import_run, type_: str = ""):
    qs = Changement.objects.filter(import_sirene=import_run).select_related(
        "etablissement__unite_legale", "etablissement__commune"
    )
    if type_:
        qs = qs.filter(type=type_)
    return qs.order_by("type", "etablissement__siret")


# Sort keys offered by the directory and the API (their ORDER BY: _termes_tri below).
TRIS = ("nom", "-nom", "commune", "-commune", "taille", "-taille", "siret", "creation", "-creation")

_CHIFFRES = re.compile(r"^[\d\s]+$")


def _recherche_texte(q: str, interne: bool) -> Q:
    """Name, SIRET/SIREN, NAF code or NAF label. A sole trader's own name is searchable only
    by internal users (it is personal data)."""
    q = q.strip()
    if _CHIFFRES.match(q) and len(q.replace(" ", "")) >= 3:
        chiffres = re.sub(r"\s", "", q)
        if len(chiffres) == 14:
            return Q(siret=chiffres)
        if len(chiffres) == 9:
            return Q(siren=chiffres)
        code = naf.normaliser_code(chiffres) if len(chiffres) <= 4 else None
        condition = Q(siret__startswith=chiffres)
        if code:
            condition |= Q(naf__startswith=code)
        return condition
    code = naf.normaliser_code(q)
    if code:
        return Q(naf__startswith=code)
    nom = (
        Q(enseigne__icontains=q)
        | Q(denomination_usuelle__icontains=q)
        | Q(unite_legale__denomination__icontains=q)
        | Q(unite_legale__sigle__icontains=q)
    )
    if interne:
        nom |= Q(unite_legale__nom__icontains=q)
    codes = naf.codes_par_libelle(q)
    if codes:
        nom |= Q(naf__in=codes)
    return nom


def filtrer(qs: QuerySet, criteres: dict, interne: bool) -> QuerySet:
    """Apply the directory's validated criteria (RechercheForm.cleaned_data) to `qs`, sorted."""
    return ordonner(selectionner(qs, criteres, interne), criteres.get("tri") or "nom", interne)


def selectionner(qs: QuerySet, criteres: dict, interne: bool) -> QuerySet:
    """The filters alone, unsorted: what a count needs."""
    if criteres.get("q"):
        qs = qs.filter(_recherche_texte(criteres["q"], interne))
    if criteres.get("filiere"):
        qs = qs.filter(filiere=criteres["filiere"])
    if criteres.get("zone"):
        qs = qs.filter(zone=criteres["zone"])
    if criteres.get("commune"):
        qs = qs.filter(commune=criteres["commune"])
    if criteres.get("tranche_min"):
        qs = qs.filter(tranche_effectifs__in=tranches.codes_au_moins(criteres["tranche_min"]))
    etat = criteres.get("etat") or "actifs"
    if etat == "actifs":
        qs = qs.filter(etat=Etablissement.Etat.ACTIF)
    elif etat == "fermes":
        qs = qs.filter(etat=Etablissement.Etat.FERME)
    if criteres.get("industriels"):
        qs = qs.filter(est_industriel=True)
    return qs


def nom_de_tri(interne: bool):
    """The name the directory sorts on: the one the viewer sees. A sole trader's own name is
    not shown to the public, so it has no name to sort on there (NULL: sorted after every
    named establishment, never thousands of "Entrepreneur individuel" first)."""
    nom = Coalesce(
        NullIf(F("enseigne"), Value("")),
        NullIf(F("denomination_usuelle"), Value("")),
        NullIf(F("unite_legale__denomination"), Value("")),
        NullIf(F("unite_legale__sigle"), Value("")),
        *([NullIf(F("unite_legale__nom"), Value(""))] if interne else []),
    )
    if interne:
        return nom
    return Case(When(unite_legale__categorie_juridique="1000", then=Value(None)), default=nom)


# Sort keys offered by the directory and the API: name -> ORDER BY (the name key is French:
# accents, case and ligatures ignored, the same on SQLite and PostgreSQL).
def _termes_tri(tri: str) -> list:
    cle = F("cle_nom")
    termes = {
        "nom": [cle.asc(nulls_last=True), "siret"],
        "-nom": [cle.desc(nulls_last=True), "siret"],
        "commune": [CleFrancaise("commune__nom").asc(), cle.asc(nulls_last=True), "siret"],
        "-commune": [CleFrancaise("commune__nom").desc(), cle.asc(nulls_last=True), "siret"],
        "taille": [F("emplois_central").asc(), cle.asc(nulls_last=True), "siret"],
        "-taille": [F("emplois_central").desc(), cle.asc(nulls_last=True), "siret"],
        "siret": ["siret"],
        "creation": [F("date_creation").asc(nulls_last=True), "siret"],
        "-creation": [F("date_creation").desc(nulls_last=True), "siret"],
    }
    return termes.get(tri, termes["nom"])


def ordonner(qs: QuerySet, tri: str, interne: bool = False) -> QuerySet:
    """Sort by one of TRIS, with the related rows the pages show."""
    return (
        qs.annotate(nom_tri=nom_de_tri(interne))
        .annotate(cle_nom=CleFrancaise("nom_tri"))
        .select_related("unite_legale", "commune", "zone", "filiere")
        .defer("commune__contour", "zone__contour")
        .order_by(*_termes_tri(tri))
    )


def statistiques_par_zone(qs) -> dict[int, dict]:
    """zone id -> {n, bas, central, haut} over `qs` (one query)."""
    lignes = qs.filter(zone__isnull=False).values("zone").annotate(
        n=Count("id"), bas=Sum("emplois_bas"), central=Sum("emplois_central"), haut=Sum("emplois_haut")
    )
    return {ligne["zone"]: ligne for ligne in lignes}


def statistiques_par_commune(qs) -> dict[int, dict]:
    lignes = qs.values("commune").annotate(
        n=Count("id"), bas=Sum("emplois_bas"), central=Sum("emplois_central"), haut=Sum("emplois_haut")
    )
    return {ligne["commune"]: ligne for ligne in lignes}
