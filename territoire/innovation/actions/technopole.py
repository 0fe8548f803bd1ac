"""Writes of the Technopôle: its units, the firms it hosts, their departure."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from territoire.reseau.actions import enregistrer_historique

from ..models import Cellule, Hebergement


@transaction.atomic
def ouvrir_cellule(technopole, *, nom: str, type: str, surface_m2, ouverte_le, batiment: str = "", fictif: bool = False,
                   par=None) -> Cellule:
    if technopole.type != "technopole":
        raise ValidationError("Les cellules appartiennent à un technopôle.")
    cellule = Cellule(technopole=technopole, nom=nom, type=type, surface_m2=surface_m2, ouverte_le=ouverte_le,
                      batiment=batiment, fictif=fictif)
    cellule.full_clean()
    cellule.save()
    enregistrer_historique(technopole.organisation, par, f"Cellule ouverte : {cellule}")
    return cellule


@transaction.atomic
def heberger(technopole, entreprise, *, debut, secteur: str, cellules=(), emplois: int | None = None,
             emplois_source: str = "", fictif: bool = False, par=None) -> Hebergement:
    """A firm enters the Technopôle; its units must be free on that day."""
    occupees = Hebergement.objects.filter(cellules__in=cellules, debut__lte=debut).exclude(fin__lt=debut)
    if cellules and occupees.exists():
        noms = ", ".join(sorted({str(c) for h in occupees for c in h.cellules.all() if c in cellules}))
        raise ValidationError(f"Cellule(s) déjà occupée(s) le {debut:%d/%m/%Y} : {noms}.")
    hebergement = Hebergement(technopole=technopole, entreprise=entreprise, debut=debut, secteur=secteur[:200],
                              emplois=emplois, emplois_source=emplois_source[:200], fictif=fictif)
    hebergement.full_clean()
    hebergement.save()
    if cellules:
        hebergement.cellules.set(cellules)
    enregistrer_historique(entreprise, par, f"Entrée au {technopole} le {debut:%d/%m/%Y}")
    return hebergement


@transaction.atomic
def noter_depart(hebergement: Hebergement, *, fin, destination: str = "", destination_commune=None,
                 reste_sur_le_territoire: bool | None = None, par=None) -> Hebergement:
    hebergement.fin = fin
    hebergement.destination = destination[:250]
    hebergement.destination_commune = destination_commune
    if reste_sur_le_territoire is None and destination_commune is not None:
        territoire_ids = set(hebergement.technopole.organisation.territoires.values_list("pk", flat=True))
        reste_sur_le_territoire = destination_commune.territoires.filter(pk__in=territoire_ids).exists()
    hebergement.reste_sur_le_territoire = reste_sur_le_territoire
    hebergement.full_clean()
    hebergement.save()
    enregistrer_historique(hebergement.entreprise, par, f"Sortie du {hebergement.technopole} le {fin:%d/%m/%Y}"
                           + (f" vers {destination}" if destination else ""))
    return hebergement


@transaction.atomic
def lier_local(cellule: Cellule, local, par=None) -> Cellule:
    """Point a unit at its premises record in Attirer (the offer to newcomers), or unlink it (None)."""
    if local is not None and local.territoire_id not in set(
        cellule.technopole.organisation.territoires.values_list("pk", flat=True)
    ):
        raise ValidationError("Ce local appartient à un autre territoire que le technopôle.")
    cellule.local = local
    cellule.save(update_fields=["local"])
    enregistrer_historique(cellule.technopole.organisation, par,
                           f"Cellule {cellule} : {'offre « ' + local.nom + ' » dans Attirer' if local else 'offre retirée'}")
    return cellule
