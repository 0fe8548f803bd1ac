"""Values kept in Django's cache, never stale: the key figures, the map's layers, page fragments.

A value is kept with the **tokens of the data it read** (docs/adr/0004). The tokens live in the
database (`VersionDonnees`, one row per domain — an app label — plus two shared rows), renewed in
the same transaction as every save or delete of a model of the apps that contribute figures and
of the registry (`referentiel`) they all read (signals below):

- row `LIGNE` (1) changes with every such write and with `invalider_chiffres()`:
  `cle_des_chiffres()` is made of it, for the caches that depend on everything;
- row `ligne_du_domaine(label)` changes with the writes of that app's models only: a desk
  submission renews `guichet` and `reseau`, not `etablissements`, so that the census's figures,
  the directory and the map stay in the cache while the desk's figures are recomputed.

`memoriser()` computes a value while noting the tables its SQL reads (an execute wrapper); the
value is kept with the tokens of their domains and served again while none of them has changed.
What a value read from another memorised value counts as read too (nested values pass their
tokens up). A value that read a table whose writes renew no token (an app that contributes no
figure, Django's own tables) is computed every time and never kept: it would otherwise go stale
silently. Journals (`MODELES_IGNORES`) renew nothing; their writers call `invalider_chiffres()`.

Writes that send no signal (`QuerySet.update()`, `bulk_create()`, raw SQL) call
`invalider_chiffres()` (every domain) or `invalider_chiffres("app")` (that app's domain) in
their transaction: the demo builders do; the SIRENE importer saves its `ImportSirene` run
through the ORM in its transaction, which renews the census's domain.

Reading the tokens costs one query (every row and the territory's latest SIRENE run, which is
part of every key too, and today's date is part of the key figures': some are "late", "within
12 months" or "within 5 working days"). Because the tokens live in the database, not in the
cache, a change made by another process (a web worker, the `territoire` command, an import) is
seen by all of them, whatever the cache backend.
"""

from __future__ import annotations

import logging
import re
import threading
import uuid
import zlib
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache as une_fois
from functools import lru_cache
from typing import Any

from django.apps import apps
from django.core.cache import cache
from django.db import connection
from django.db.models import Subquery
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from django.utils.module_loading import import_string

from .chiffres import chiffres_cles
from .models import VersionDonnees

journal = logging.getLogger(__name__)

LIGNE = 1
# Row 2 was the map layers' own token (before the domains); nothing reads it any more.
LIGNE_ANCIENNE_DES_COUCHES = 2
# A key holds today's date: a day is as long as an entry can be read.
DUREE_SECONDES = 24 * 3600
# Apps whose data figures or pages read without contributing figures of their own: the registry,
# the territory's identity (name shown, accent colour, logo) that every page's header shows, and
# the steering's census aggregates, which the table of territories reads.
APPS_LUES = ("referentiel", "ui", "pilotage")
# Journals that no figure reads and that grow with every import or edit: no signal there, so
# that deleting thousands of them stays one query.
MODELES_IGNORES = frozenset({
    # (The shared audit journal, historique.Entree, belongs to no followed domain: a value that reads
    # it is computed every time, never kept.)
    "etablissements.Changement",
    # The observatory's own journals and materialised series: written in bulk by the importers,
    # which renew the tokens themselves (or save their run through the ORM in the same transaction).
    "observatoire.VersionDonnees", "observatoire.PeriodeEtablissement", "observatoire.PointSerie",
    "observatoire.AnnonceBodacc", "observatoire.Signal",
})
# Journals written only in the same transaction as a model of one domain, whose save renews it:
# reading one depends on that domain only. The SIRENE importer inserts a run's changes in bulk
# beside its `ImportSirene` run, saved through the ORM (and a change is deleted only with its run
# or its establishment): an establishment's page, which lists its changes, then stays in the
# cache through a desk filing, which renews row 1 but not the census's domain.
JOURNAUX_D_UN_DOMAINE = {"etablissements.Changement": "etablissements"}
# Models written on every public desk filing, with a token of their own beside their app's: what
# reads only the desk's settings (its subjects, its advisors: the request form's page) is not
# recomputed at each filing. A write of such a model renews its own token, not its app's; reading
# its table depends on its own token; the app's domain named in `lit` or renewed by
# `invalider_chiffres("guichet")` covers both.
MODELES_A_JETON_PROPRE = frozenset({"guichet.Demande"})
# Reading the tokens themselves (a cache keyed by `cle_des_chiffres()`, nested in a computation)
# means depending on every domain.
TOUT = "*"
# A table whose writes renew no token was read: the value cannot be kept.
INSTABLE = "!"


# -- tokens ------------------------------------------------------------------------------------
def ligne_du_domaine(label: str) -> int:
    """The `VersionDonnees` row of a domain (an app label): the same in every process and release."""
    return 1000 + zlib.crc32(label.encode("utf-8"))


def _renouveler(pks, maintenant) -> None:
    """New tokens for these rows, created when missing (first write of a domain, a test database
    emptied by a flush): one query whatever the rows' state (an upsert), so that a writer's number
    of queries does not depend on what was written before."""
    VersionDonnees.objects.bulk_create(
        [VersionDonnees(pk=pk, jeton=uuid.uuid4(), modifiee_le=maintenant) for pk in dict.fromkeys(pks)],
        update_conflicts=True, unique_fields=["id"], update_fields=["jeton", "modifiee_le"],
    )


def domaine_du_modele(modele) -> str:
    """The domain whose token a model's writes renew: its app, or the model itself
    (`MODELES_A_JETON_PROPRE`)."""
    label = modele._meta.label
    return label if label in MODELES_A_JETON_PROPRE else modele._meta.app_label


def avec_sous_domaines(domaines: Iterable[str]) -> set[str]:
    """The domains and, for an app, the models of it that have their own token."""
    resultat = set(domaines)
    for label in MODELES_A_JETON_PROPRE:
        if label.split(".", 1)[0] in resultat:
            resultat.add(label)
    return resultat


def invalider_chiffres(*domaines: str) -> None:
    """Renew the tokens: without argument every domain's (every kept value becomes unreachable
    once this commits), else those of the named domains (app labels, with their models that have
    their own token) and the shared row 1."""
    maintenant = timezone.now()
    if not domaines:
        # One new token for every existing row; a missing domain row keeps nothing anyway.
        if not VersionDonnees.objects.exclude(pk=LIGNE_ANCIENNE_DES_COUCHES).update(jeton=uuid.uuid4(), modifiee_le=maintenant):
            _renouveler([LIGNE], maintenant)
        return
    _renouveler([LIGNE, *(ligne_du_domaine(d) for d in sorted(avec_sous_domaines(domaines)))], maintenant)


def _renouveler_le_domaine_de(modele) -> None:
    """A signal's write: the token of the model's own domain only (and row 1)."""
    _renouveler([LIGNE, ligne_du_domaine(domaine_du_modele(modele))], timezone.now())


class Etat:
    """Every token row and the territory's latest SIRENE run, read in one query."""

    def __init__(self, jetons: dict[int, str], import_sirene: str) -> None:
        self.jetons = jetons
        self.import_sirene = import_sirene

    @classmethod
    def lire(cls, territoire) -> Etat | None:
        """None when row 1 is missing (a flushed test database): nothing is kept then.

        Plain SQL: read on every page that keeps something, the ORM's compilation of this query
        cost more than the query itself. Tokens are compared as 32 hexadecimal digits, the run's
        end as the database gives it (text on SQLite, a timestamp on PostgreSQL)."""
        with connection.cursor() as curseur:
            curseur.execute(_sql_etat(), [territoire.pk, territoire.pk])
            lignes = curseur.fetchall()
        jetons = {pk: _hex(jeton) for pk, jeton, _, _ in lignes}
        if LIGNE not in jetons:
            return None
        _, _, import_id, import_fin = lignes[0]
        return cls(jetons, f"{import_id}:{import_fin or ''}")

    @classmethod
    def de_la_requete(cls, request, territoire) -> Etat | None:
        """The tokens read once per request, shared by the page's fragments."""
        page = etat_de_la_page_en_cours(territoire)
        if page is not None:
            return page  # read once by the public page cache (`etat_de_la_page`)
        memo = getattr(request, "_etat_memoire", None)
        if memo is None or memo[0] != territoire.pk:
            memo = (territoire.pk, cls.lire(territoire))
            request._etat_memoire = memo
        return memo[1]

    def instantane(self, domaines: Iterable[str]) -> dict[str, str] | None:
        """The tokens of `domaines` (and the SIRENE run), or None when one row does not exist yet."""
        if TOUT in domaines:
            releve = {TOUT: self.jetons[LIGNE]}  # row 1 changes with every write
        else:
            releve = {}
            for domaine in domaines:
                jeton = self.jetons.get(ligne_du_domaine(domaine))
                if jeton is None:
                    return None
                releve[domaine] = jeton
        releve["import"] = self.import_sirene
        return releve

    def a_jour(self, releve: dict[str, str]) -> bool:
        """True when none of the tokens noted in `releve` has changed since."""
        for cle, jeton in releve.items():
            if cle == "import":
                actuel = self.import_sirene
            elif cle == TOUT:
                actuel = self.jetons.get(LIGNE)
            else:
                actuel = self.jetons.get(ligne_du_domaine(cle))
            if actuel != jeton:
                return False
        return True


def _hex(jeton) -> str:
    """A token as 32 hexadecimal digits, whether the database gives a UUID or its text."""
    return jeton.hex if isinstance(jeton, uuid.UUID) else str(jeton).replace("-", "")


@une_fois
def _sql_etat() -> str:
    from territoire.etablissements.models import ImportSirene

    q = connection.ops.quote_name
    versions, imports = q(VersionDonnees._meta.db_table), q(ImportSirene._meta.db_table)
    dernier = f"FROM {imports} WHERE {q('territoire_id')} = %s ORDER BY {q('id')} DESC LIMIT 1"
    return (f"SELECT {q('id')}, {q('jeton')}, (SELECT {q('id')} {dernier}), (SELECT {q('fin')} {dernier}) "
            f"FROM {versions}")


# -- what a computation reads --------------------------------------------------------------------
@une_fois
def domaines_suivis() -> frozenset[str]:
    """The apps whose writes renew their token: those that contribute figures (an AppConfig with
    a `chiffres` hook) and `APPS_LUES`."""
    return frozenset({c.label for c in apps.get_app_configs() if getattr(c, "chiffres", None)} | set(APPS_LUES))


@une_fois
def _domaine_des_tables() -> dict[str, str]:
    """Table name -> the domain its reads depend on (TOUT, a domain, or INSTABLE)."""
    suivis = domaines_suivis()
    tables = {}
    for modele in apps.get_models(include_auto_created=True):
        label = modele._meta.label
        if label in JOURNAUX_D_UN_DOMAINE:
            tables[modele._meta.db_table] = JOURNAUX_D_UN_DOMAINE[label]
        elif label == "observatoire.VersionDonnees" or label in MODELES_IGNORES:
            # The tokens themselves (a cache keyed by `cle_des_chiffres()`), or a journal, which
            # renews nothing itself (written in bulk by writers that call `invalider_chiffres()`,
            # or beside a model of a followed app in the same transaction): row 1 covers both.
            tables[modele._meta.db_table] = TOUT
        elif modele._meta.app_label in suivis:
            tables[modele._meta.db_table] = domaine_du_modele(modele)
        else:
            tables[modele._meta.db_table] = INSTABLE
    return tables


_MOTS = re.compile(r"\w+")
_en_cours = threading.local()
_signales: set[str] = set()  # tables already named in the log


def _pile() -> list[set[str]]:
    if not hasattr(_en_cours, "pile"):
        _en_cours.pile = []
    return _en_cours.pile


def _noter(domaines: Iterable[str]) -> None:
    """Pass what a value depends on to every computation in progress that uses it."""
    for lus in _pile():
        lus.update(domaines)


@lru_cache(maxsize=4096)
def _domaines_du_sql(sql: str) -> tuple[frozenset[str], frozenset[str]]:
    """(domains read, unstable tables read) by one SQL text: the same texts come back on every
    page (the parameters are apart), and scanning their words cost more than running them."""
    tables = _domaine_des_tables()
    domaines, instables = set(), set()
    for mot in _MOTS.findall(sql):
        domaine = tables.get(mot)
        if domaine == INSTABLE:
            instables.add(mot)
        elif domaine is not None:
            domaines.add(domaine)
    return frozenset(domaines), frozenset(instables)


def _tables_du_sql(sql: str) -> tuple[frozenset[str], frozenset[str]]:
    # Only SQL texts of a bounded size are kept (a query with a long IN list has its own text).
    if len(sql) <= 20_000:
        return _domaines_du_sql(sql)
    return _domaines_du_sql.__wrapped__(sql)


def _calculer(calculer: Callable[[], Any], lit: Iterable[str]) -> tuple[Any, set[str]]:
    """calculer() and the domains it read (its SQL, nested values, and `lit`)."""
    lus = avec_sous_domaines(lit)
    instables: set[str] = set()

    sql_etat = _sql_etat()

    def noter(execute, sql, params, many, context):
        # Reading the tokens (`Etat.lire`, for a nested value) is no dependency in itself: the
        # nested value passes up the tokens it was kept with (`_servir`, `_calculer`).
        if sql != sql_etat and not getattr(_en_cours, "machinerie", False):
            domaines, tables_instables = _tables_du_sql(sql)
            lus.update(domaines)
            instables.update(tables_instables)
        return execute(sql, params, many, context)

    pile = _pile()
    pile.append(lus)
    try:
        with connection.execute_wrapper(noter):
            valeur = calculer()
    finally:
        pile.pop()
    if instables:
        if not instables <= _signales:
            _signales.update(instables)
            journal.warning("Valeur non gardée en cache : elle lit %s, dont les écritures ne renouvellent aucun jeton "
                        "(ajoutez l'application à APPS_LUES de territoire/observatoire/cache.py).",
                            ", ".join(sorted(instables)))
        lus.add(INSTABLE)
    _noter(lus)
    return valeur, lus


def _garder(cle: str, valeur: Any, lus: set[str], etat: Etat) -> None:
    if INSTABLE in lus:
        return
    releve = etat.instantane(lus)
    if releve is None and not _creer_lignes(lus, etat):
        return
    cache.set(cle, {"releve": releve or etat.instantane(lus), "valeur": valeur}, DUREE_SECONDES)


def _creer_lignes(lus: set[str], etat: Etat) -> bool:
    """Give a row to the domains read that have none yet (never written since the tokens were
    created, or since a flush). True when every row now holds the token we wrote: no writer
    renewed it since, so what was read before is still current. A writer that committed before
    our insert had created the row itself (ours is then ignored, its token differs): False."""
    nouveaux = {ligne_du_domaine(d): uuid.uuid4().hex for d in lus - {TOUT} if ligne_du_domaine(d) not in etat.jetons}
    # These reads and writes of the tokens are the cache's own: a computation in progress around
    # this nested value (a page) does not depend on every domain because of them.
    _en_cours.machinerie = True
    try:
        VersionDonnees.objects.bulk_create(
            [VersionDonnees(pk=pk, jeton=uuid.UUID(jeton)) for pk, jeton in nouveaux.items()], ignore_conflicts=True
        )
        lus_en_base = {pk: _hex(j) for pk, j in VersionDonnees.objects.filter(pk__in=nouveaux).values_list("pk", "jeton")}
    finally:
        _en_cours.machinerie = False
    if lus_en_base != nouveaux:
        return False
    etat.jetons.update(nouveaux)
    return True


def _servir(entree: Any, etat: Etat) -> tuple[bool, Any]:
    if isinstance(entree, dict) and "releve" in entree and etat.a_jour(entree["releve"]):
        _noter(k for k in entree["releve"] if k != "import")
        return True, entree["valeur"]
    return False, None


# The tokens read once for an anonymous visitor's page (`etat_de_la_page`): every value the
# page memorises reuses them instead of reading them again.
_etat_de_la_page: ContextVar[tuple[int, Etat | None] | None] = ContextVar("etat_de_la_page", default=None)


@contextmanager
def etat_de_la_page(territoire_pk: int, etat: Etat | None):
    """Inside this block, `memoriser` on that territory uses `etat` (read at the page's start).
    Only for a request that writes nothing (the public pages' GET): a value read after a write
    of the same request would otherwise be checked against the tokens read before it."""
    jeton = _etat_de_la_page.set((territoire_pk, etat))
    try:
        yield
    finally:
        _etat_de_la_page.reset(jeton)


def etat_de_la_page_en_cours(territoire) -> Etat | None:
    """The tokens of the public page being computed for `territoire` (`etat_de_la_page`), or None."""
    page = _etat_de_la_page.get()
    return page[1] if page is not None and page[0] == territoire.pk else None


def memoriser(territoire, cle: str, calculer: Callable[[], Any], lit: Iterable[str] = (),
              etat: Etat | None = None, conserver: Callable[[Any], Any] | None = None) -> Any:
    """`calculer()`, from the cache while none of the data it read (its SQL's tables, the
    values it used from the cache, and the domains named in `lit`) has changed since.

    `cle` names the value for this territory (with whatever else it depends on: a viewer's
    kind, a page's parameters). One query (the tokens) when the value is in the cache; pass
    `etat` (Etat.lire) to share that query between several values.

    `conserver(valeur)` gives what is kept of a computed value (None: nothing is kept): a
    cached page keeps its status, headers and compressed body, not the response object. The
    value served from the cache is then that kept form, the value just computed is returned as
    `calculer()` gave it.
    """
    etat = etat or etat_de_la_page_en_cours(territoire) or Etat.lire(territoire)
    if etat is None:
        return calculer()
    cle = f"memoire:{territoire.pk}:{cle}"
    trouve, valeur = _servir(cache.get(cle), etat)
    if trouve:
        return valeur
    valeur, lus = _calculer(calculer, lit)
    if conserver is None:
        _garder(cle, valeur, lus, etat)
    elif (garde := conserver(valeur)) is not None:
        _garder(cle, garde, lus, etat)
    return valeur


# -- the key figures ---------------------------------------------------------------------------
def cle_des_chiffres(territoire) -> str | None:
    """A key that changes with every write of the data any figure reads (row 1), the territory's
    latest SIRENE run and the day, or None when no version row exists: for caches that depend on
    everything (they count as depending on every domain inside `memoriser`)."""
    from territoire.etablissements.models import ImportSirene

    dernier = ImportSirene.objects.filter(territoire=territoire).order_by("-pk")
    ligne = (
        VersionDonnees.objects.filter(pk=LIGNE)
        .annotate(import_id=Subquery(dernier.values("pk")[:1]), import_fin=Subquery(dernier.values("fin")[:1]))
        .values_list("jeton", "import_id", "import_fin")
        .first()
    )
    if ligne is None:
        return None
    jeton, import_id, import_fin = ligne
    fin = import_fin.isoformat() if import_fin else ""
    return f"chiffres-cles:{territoire.pk}:{jeton}:{import_id}:{fin}:{timezone.localdate().isoformat()}"


def contributions() -> list[tuple[str, str]]:
    """(app label, path of its `chiffres` function), in the order `chiffres_cles` merges them."""
    return [(c.label, c.chiffres) for c in apps.get_app_configs() if getattr(c, "chiffres", None)]


def chiffres_cles_memorises(territoire, applications: Iterable[str] | None = None) -> dict:
    """`chiffres_cles(territoire)`, each app's part from the cache while the data it read have
    not changed. `applications` (app labels) limits the result to those parts: the public home
    page asks for the census's only, which a desk submission does not touch."""
    etat = Etat.lire(territoire)
    if etat is None:
        return chiffres_cles(territoire)
    voulues = None if applications is None else set(applications)
    parts = [(label, chemin) for label, chemin in contributions() if voulues is None or label in voulues]
    jour = timezone.localdate().isoformat()
    cles = {label: f"memoire:{territoire.pk}:chiffres:{label}:{jour}" for label, _ in parts}
    entrees = cache.get_many(list(cles.values()))
    resultat: dict = {"territoire": {"nom": territoire.nom, "slug": territoire.slug, "id_ti": territoire.id_ti}}
    for label, chemin in parts:
        trouve, valeur = _servir(entrees.get(cles[label]), etat)
        if not trouve:
            valeur, lus = _calculer(lambda chemin=chemin: import_string(chemin)(territoire), ())
            _garder(cles[label], valeur, lus, etat)
        resultat.update(valeur)
    return resultat


# -- signals -----------------------------------------------------------------------------------
def _apres_ecriture(sender, raw=False, **kwargs) -> None:
    _renouveler_le_domaine_de(sender)


def _apres_m2m(sender, action, **kwargs) -> None:
    if action in {"post_add", "post_remove", "post_clear"}:
        _renouveler_le_domaine_de(sender)


def modeles_lus() -> list:
    """The models whose writes renew the tokens: every model of `domaines_suivis()`, but the journals."""
    return [
        m for label in sorted(domaines_suivis()) for m in apps.get_app_config(label).get_models()
        if m._meta.label not in MODELES_IGNORES
    ]


def brancher_signaux() -> None:
    """Connect the tokens' renewal to the writes of `modeles_lus()` (called once, at start-up)."""
    for modele in modeles_lus():
        uid = f"observatoire-chiffres-{modele._meta.label_lower}"
        post_save.connect(_apres_ecriture, sender=modele, dispatch_uid=uid)
        post_delete.connect(_apres_ecriture, sender=modele, dispatch_uid=uid)
        for champ in modele._meta.local_many_to_many:
            m2m_changed.connect(
                _apres_m2m, sender=champ.remote_field.through, dispatch_uid=f"{uid}-{champ.name}"
            )
