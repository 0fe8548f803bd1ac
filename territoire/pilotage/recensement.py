"""The census's aggregates of every territory (``AgregatRecensement``), written by the SIRENE
imports so that the page of territories side by side never scans the establishments after one.

- After an import of one territory (``apres_import_sirene``, the importer's post-import hook,
  inside the run's transaction, after the observatory's decision centres): the aggregates of
  **every** territory are computed again. An import changes its own establishments, those of
  the communes it shares with another territory, and the decision centres of legal units that
  other territories hold too; and it renews the census's token, on which every row depends.
- During the national pass, each territory's run renews the token (the rows no longer hold);
  the aggregates are computed once, at the end (``apres_passe_sirene``), in one transaction.
- A decision centre entered by the team (an ORM write of ``CentreDecision``) renews the census's
  token (``centre_modifie``): the rows no longer hold until the next import, and the table
  scans the establishments as before.

Every other write of the registry (an establishment edited, the filières' NAF rules) renews the
census's token itself: the table falls back to the scan until the next import.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from territoire.referentiel.models import Territoire

from .indicateurs import (
    communes_des_territoires,
    empreinte_des_communes,
    jeton_du_recensement,
    sommes_par_territoire,
)
from .models import AgregatRecensement


def agreger(territoires=None) -> int:
    """Compute and store the census's aggregates of ``territoires`` (every territory: None), under
    the census's current token; the number of rows written. Read the token first: a write that
    commits between it and the scan makes the rows not hold, never hold for stale sums."""
    jeton = jeton_du_recensement()
    if not jeton:
        return 0
    territoires = list(Territoire.objects.order_by("pk") if territoires is None else territoires)
    if not territoires:
        return 0
    communes, codes = communes_des_territoires([t.pk for t in territoires])
    sommes = sommes_par_territoire(territoires, communes, codes)
    maintenant = timezone.now()
    lignes = [
        AgregatRecensement(territoire_id=t.pk, jeton=jeton, definition=t.definition(),
                           communes=empreinte_des_communes(communes.get(t.pk, []), codes.get(t.pk, set())),
                           sommes=sommes[t.pk], calcule_le=maintenant)
        for t in territoires
    ]
    # An upsert: no signal, so no token renewed here (the import's own run renewed the census's,
    # and the cached tables depend on it).
    AgregatRecensement.objects.bulk_create(
        lignes, batch_size=500, update_conflicts=True, unique_fields=["territoire"],
        update_fields=["jeton", "definition", "communes", "sommes", "calcule_le"],
    )
    return len(lignes)


def apres_import_sirene(imp) -> None:
    """The importer's post-import hook (``PilotageConfig.apres_import_sirene``)."""
    from territoire.etablissements.queries import dans_la_passe_nationale

    if dans_la_passe_nationale():
        return  # computed once at the end of the pass (``apres_passe_sirene``)
    agreger()


def apres_passe_sirene(rapport) -> None:
    """The national pass's hook, once at its end (``PilotageConfig.apres_passe_sirene``)."""
    if rapport.dry_run or not rapport.reussis:
        return
    with transaction.atomic():
        agreger()


def centre_modifie(sender, **kwargs) -> None:
    """A decision centre written through the ORM (entered by the team): the census's aggregates
    no longer hold (their token is renewed in the writer's transaction)."""
    from territoire.observatoire.cache import invalider_chiffres

    invalider_chiffres("etablissements")
