"""The aid catalogue: create, edit, archive (an archived aid is no longer proposed; the aids
already proposed keep it)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from territoire.historique.actions import enregistrer_historique
from territoire.historique.models import Entree

from ..models import Dispositif
from ._commun import enregistrer
from .annuaire import _normaliser_prefixes

CHAMPS_DISPOSITIF = ("nom", "financeur", "publics", "type_aide", "debut", "fin", "lien", "description",
                     "naf_prefixes", "tranche_min", "tranche_max", "territoires", "sujets")
M2M_DISPOSITIF = ("territoires", "sujets")


def _verifier(d: Dispositif) -> None:
    d.nom = " ".join((d.nom or "").split())
    if not d.nom:
        raise ValidationError({"nom": "Donnez le nom du dispositif."})
    if d.debut and d.fin and d.fin < d.debut:
        raise ValidationError({"fin": "La fin de l'ouverture précède son début."})
    d.clean()


def enregistrer_dispositif(dispositif: Dispositif | None = None, *, auteur=None, territoire=None,
                           **champs) -> Dispositif:
    dispositif = dispositif or Dispositif()
    m2m = {k: list(champs.pop(k)) for k in M2M_DISPOSITIF if k in champs}
    if "naf_prefixes" in champs:
        champs["naf_prefixes"] = _normaliser_prefixes(champs["naf_prefixes"])
    enregistrer(dispositif, champs, m2m, permis=CHAMPS_DISPOSITIF, auteur=auteur, territoire=territoire,
                libelles=("Dispositif créé", "Dispositif modifié"), verifier=_verifier)
    return dispositif


@transaction.atomic
def archiver_dispositif(dispositif: Dispositif, *, auteur=None, territoire=None) -> Dispositif:
    if dispositif.archive_le is None:
        dispositif.archive_le = timezone.now()
        dispositif.save(update_fields=["archive_le"])
        enregistrer_historique(dispositif, auteur, "Dispositif archivé : il ne se propose plus",
                               {"archive": [False, True]}, nature=Entree.Nature.STATUT, territoire=territoire)
    return dispositif


@transaction.atomic
def desarchiver_dispositif(dispositif: Dispositif, *, auteur=None, territoire=None) -> Dispositif:
    if dispositif.archive_le is not None:
        dispositif.archive_le = None
        dispositif.save(update_fields=["archive_le"])
        enregistrer_historique(dispositif, auteur, "Dispositif rouvert au catalogue", {"archive": [True, False]},
                               nature=Entree.Nature.STATUT, territoire=territoire)
    return dispositif
