"""Key figures kept in Django's cache, never stale.

Computing a territory's key figures costs about forty queries. They are kept in the cache
under a key made of what they depend on:

- the token of `VersionDonnees`, renewed by `invalider_chiffres()` in the same transaction as
  every save or delete of a model of the apps that contribute figures, and of the registry
  (`referentiel`) they all read: the signals below call it. Writes that send no signal
  (`QuerySet.update()`, `bulk_create()`, raw SQL) must call it themselves: the demo builders do;
  the SIRENE importer saves its `ImportSirene` run through the ORM in its transaction, which
  sends the signal;
- the territory's latest SIRENE run (id and end), read in the same query: an import changes
  it even if it were one day written in raw SQL;
- today's date: some figures are "late", "within 12 months" or "within 5 working days".

Reading the key costs one query. Because the token lives in the database, not in the cache,
a change made by another process (a web worker, the `territoire` command, an import) is seen
by all of them, whatever the cache backend (see docs/adr/0004).
"""

from __future__ import annotations

import uuid

from django.apps import apps
from django.core.cache import cache
from django.db.models import Subquery
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from .chiffres import chiffres_cles
from .models import VersionDonnees

LIGNE = 1
# A key holds today's date: a day is as long as an entry can be read.
DUREE_SECONDES = 24 * 3600
# Apps whose data every figure reads without contributing figures of their own.
APPS_LUES = ("referentiel",)
# Journals that no figure reads and that grow with every import or edit: no signal there, so
# that deleting thousands of them stays one query.
MODELES_IGNORES = frozenset({
    "etablissements.Changement", "reseau.Historique", "programme.Historique",
    # The observatory's own journals and materialised series: written in bulk by the importers,
    # which renew the token themselves (or save their run through the ORM in the same transaction).
    "observatoire.VersionDonnees", "observatoire.PeriodeEtablissement", "observatoire.PointSerie",
    "observatoire.AnnonceBodacc", "observatoire.Signal",
})


def invalider_chiffres() -> None:
    """Renew the data token: every cached key figure becomes unreachable once this commits."""
    maintenant = timezone.now()
    if VersionDonnees.objects.filter(pk=LIGNE).update(jeton=uuid.uuid4(), modifiee_le=maintenant):
        return
    # The row is missing (a test database emptied by a flush): create it, then renew it, in
    # case a concurrent transaction created it first with a token taken before our data.
    VersionDonnees.objects.bulk_create([VersionDonnees(pk=LIGNE)], ignore_conflicts=True)
    VersionDonnees.objects.filter(pk=LIGNE).update(jeton=uuid.uuid4(), modifiee_le=maintenant)


def cle_des_chiffres(territoire) -> str | None:
    """The cache key of the territory's figures, or None when no version row exists."""
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


def chiffres_cles_memorises(territoire) -> dict:
    """`chiffres_cles(territoire)`, from the cache when the data have not changed since."""
    cle = cle_des_chiffres(territoire)
    if cle is None:
        return chiffres_cles(territoire)
    chiffres = cache.get(cle)
    if chiffres is None:
        chiffres = chiffres_cles(territoire)
        cache.set(cle, chiffres, DUREE_SECONDES)
    return chiffres


def _apres_ecriture(sender, raw=False, **kwargs) -> None:
    invalider_chiffres()


def _apres_m2m(sender, action, **kwargs) -> None:
    if action in {"post_add", "post_remove", "post_clear"}:
        invalider_chiffres()


def modeles_lus() -> list:
    """The models whose writes renew the token: every model of the apps that contribute
    figures (an AppConfig with a `chiffres` hook) and of `APPS_LUES`, but the journals."""
    labels = {c.label for c in apps.get_app_configs() if getattr(c, "chiffres", None)} | set(APPS_LUES)
    return [
        m for label in sorted(labels) for m in apps.get_app_config(label).get_models()
        if m._meta.label not in MODELES_IGNORES
    ]


def brancher_signaux() -> None:
    """Connect the token's renewal to the writes of `modeles_lus()` (called once, at start-up)."""
    for modele in modeles_lus():
        uid = f"observatoire-chiffres-{modele._meta.label_lower}"
        post_save.connect(_apres_ecriture, sender=modele, dispatch_uid=uid)
        post_delete.connect(_apres_ecriture, sender=modele, dispatch_uid=uid)
        for champ in modele._meta.local_many_to_many:
            m2m_changed.connect(
                _apres_m2m, sender=champ.remote_field.through, dispatch_uid=f"{uid}-{champ.name}"
            )
