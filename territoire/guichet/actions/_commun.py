"""Create and edit a record of the desk's reference data with its history entry."""

from __future__ import annotations

from django.db import transaction

from territoire.historique.actions import differences, enregistrer_historique
from territoire.historique.models import Entree
from territoire.reseau.actions._commun import etat, valeur_journal


def _m2m_etat(obj, noms) -> dict:
    return {k: valeur_journal(list(getattr(obj, k).all())) for k in noms} if obj.pk else {k: [] for k in noms}


@transaction.atomic
def enregistrer(obj, champs: dict, m2m: dict, *, permis: tuple[str, ...], auteur, libelles: tuple[str, str], territoire=None,
                verifier=None):
    """Set `champs` and `m2m` on `obj` (new or not), validate, save, and write the history
    (`libelles[0]` with the values for a new record, `libelles[1]` with the differences).
    Returns the differences (empty for an edit that changed nothing)."""
    inconnus = (set(champs) | set(m2m)) - set(permis)
    if inconnus:
        raise ValueError(f"Champs inconnus : {', '.join(sorted(inconnus))}")
    nouveau = obj.pk is None
    simples = [c for c in permis if c not in m2m and hasattr(obj, c)]
    avant = {} if nouveau else etat(obj, simples) | _m2m_etat(obj, m2m)
    for c, v in champs.items():
        setattr(obj, c, " ".join(v.split()) if isinstance(v, str) and c in ("nom", "prenom") else v)
    if verifier is not None:
        verifier(obj)
    obj.full_clean(exclude=list(m2m))
    obj.save()
    for nom, valeurs in m2m.items():
        getattr(obj, nom).set(valeurs)
    apres = etat(obj, simples) | {k: valeur_journal(list(v)) for k, v in m2m.items()}
    if nouveau:
        changes = {c: [None, v] for c, v in apres.items() if v not in (None, "", [], False)}
        enregistrer_historique(obj, auteur, libelles[0], changes, nature=Entree.Nature.CREATION,
                               territoire=territoire)
    else:
        changes = differences(avant, apres)
        if changes:
            enregistrer_historique(obj, auteur, libelles[1], changes, territoire=territoire)
    return changes
