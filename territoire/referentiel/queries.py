from __future__ import annotations

from .models import Territoire


def territoire_designe(slug: str | None) -> Territoire:
    """The territory named on the command line, or the only one there is."""
    if slug:
        try:
            return Territoire.objects.get(slug=slug)
        except Territoire.DoesNotExist:
            connus = ", ".join(Territoire.objects.values_list("slug", flat=True)) or "aucun"
            raise Territoire.DoesNotExist(
                f"Territoire « {slug} » inconnu (territoires existants : {connus})."
            ) from None
    territoires = list(Territoire.objects.all()[:2])
    if len(territoires) == 1:
        return territoires[0]
    if not territoires:
        raise Territoire.DoesNotExist(
            "Aucun territoire : créez-en un avec « territoire init --epci SIREN --nom … » "
            "ou « territoire demo »."
        )
    raise Territoire.DoesNotExist("Plusieurs territoires : précisez --territoire IDENTIFIANT.")


def etat_des_territoires(ids: list[int]) -> dict[int, dict]:
    """Per territory id: the last successful SIRENE import (date) and the establishments present
    in its communes (all, and active), in two queries whatever the number of territories."""
    from django.db.models import Count, Max, Q

    from territoire.etablissements.models import Etablissement, ImportSirene

    etat = {i: {"dernier_import": None, "imports": 0, "etablissements": 0, "actifs": 0} for i in ids}
    for ligne in (
        ImportSirene.objects.filter(territoire_id__in=ids, statut=ImportSirene.Statut.REUSSI)
        .values("territoire_id").annotate(dernier=Max("debut"), n=Count("id"))
    ):
        etat[ligne["territoire_id"]].update(dernier_import=ligne["dernier"], imports=ligne["n"])
    for ligne in (
        Etablissement.objects.filter(present=True, commune__territoires__in=ids)
        .values("commune__territoires").annotate(n=Count("id"), actifs=Count("id", filter=Q(etat="A")))
    ):
        etat[ligne["commune__territoires"]].update(etablissements=ligne["n"], actifs=ligne["actifs"])
    return etat
