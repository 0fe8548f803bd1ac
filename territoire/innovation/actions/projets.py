"""Writes on innovation projects: create, move along the stages, money rows (checked against the
cost: agreed financing may not exceed it), milestones, outcomes."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from territoire.programme.derive import totaux_argent
from territoire.reseau.actions import enregistrer_historique

from ..models import (
    CofinancementProjet,
    JalonProjet,
    LigneBudgetProjet,
    ProjetInnovation,
    ResultatProjet,
)


def _euros(montant: Decimal) -> str:
    return f"{montant:,.2f} €".replace(",", "\u202f").replace(".", ",")


def argent(projet: ProjetInnovation) -> dict:
    """The project's money totals, computed by the programme's own function (`totaux_argent`)."""
    lignes = [(b.nature, b.type, b.montant) for b in projet.lignes_budget.all()]
    cofinancements = [(c.etape, c.montant) for c in projet.cofinancements.all()]
    return totaux_argent(lignes, cofinancements)


def _montant(valeur) -> Decimal:
    try:
        montant = Decimal(str(valeur).replace("\u202f", "").replace(" ", "").replace(",", "."))
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError({"montant": f"« {valeur} » n'est pas un montant en euros (exemple : 12500,50)."}) from exc
    if montant < 0:
        raise ValidationError({"montant": "Un montant ne peut pas être négatif."})
    if montant >= Decimal("1e12"):
        raise ValidationError({"montant": "Montant démesuré : vérifiez le nombre de chiffres."})
    return montant.quantize(Decimal("0.01"))


def _verifier_couverture(prevu: Decimal | None, acquis: Decimal) -> None:
    if prevu is not None and acquis > prevu:
        raise ValidationError(
            f"Le financement accordé ({_euros(acquis)}) dépasserait le coût prévu du projet ({_euros(prevu)}) de "
            f"{_euros(acquis - prevu)}. Vérifiez le montant, ou ajoutez d'abord la ligne de budget prévue qui manque."
        )


@transaction.atomic
def creer_projet(territoire, *, titre: str, description: str = "", etape: str = ProjetInnovation.Etape.IDEE, axe=None,
                 entreprises=(), partenaires=(), detenteurs=(), fiches=(), evenements=(), besoin=None, debut=None, fin=None,
                 confidentiel: bool = True, par=None, fictif: bool = False) -> ProjetInnovation:
    projet = ProjetInnovation(
        territoire=territoire, titre=" ".join((titre or "").split())[:250], description=description, etape=etape, axe=axe,
        besoin=besoin, debut=debut, fin=fin, confidentiel=confidentiel, fictif=fictif,
        cree_par=par if getattr(par, "is_authenticated", False) else None,
    )
    projet.full_clean()
    projet.save()
    for champ, valeurs in (("entreprises", entreprises), ("partenaires", partenaires), ("detenteurs", detenteurs),
                           ("fiches", fiches), ("evenements", evenements)):
        if valeurs:
            getattr(projet, champ).set(valeurs)
    enregistrer_historique(projet, par, f"Projet d'innovation créé : {projet.titre}", territoire=territoire)
    return projet


@transaction.atomic
def changer_etape(projet: ProjetInnovation, etape: str, par=None, note: str = "") -> ProjetInnovation:
    if etape not in ProjetInnovation.Etape.values:
        raise ValidationError({"etape": "Étape inconnue."})
    avant = projet.etape
    if avant != etape:
        projet.etape = etape
        projet.save(update_fields=["etape", "modifie_le"])
        enregistrer_historique(projet, par, f"Étape : {projet.get_etape_display()}", {"etape": [avant, etape]},
                               territoire=projet.territoire, note=note)
    return projet


@transaction.atomic
def ajouter_ligne_budget(projet: ProjetInnovation, *, annee: int, nature: str, type: str, montant, libelle: str = "",
                         par=None, illustratif: bool = False) -> LigneBudgetProjet:
    ligne = LigneBudgetProjet(projet=projet, annee=annee, nature=nature, type=type, montant=_montant(montant),
                              libelle=libelle[:250], illustratif=illustratif)
    ligne.full_clean()
    ligne.save()
    enregistrer_historique(projet, par, f"Ligne de budget ajoutée : {ligne}", territoire=projet.territoire)
    return ligne


@transaction.atomic
def supprimer_ligne_budget(ligne: LigneBudgetProjet, par=None) -> None:
    """Remove a budget row, unless the agreed financing would then exceed the remaining cost."""
    projet = ligne.projet
    totaux = argent(projet)
    if ligne.type == "prevu":
        reste = (totaux["prevu"] or Decimal(0)) - ligne.montant
        restantes = projet.lignes_budget.exclude(pk=ligne.pk).filter(type="prevu").exists()
        acquis = totaux["financements"]["accorde"] + totaux["financements"]["verse"]
        _verifier_couverture(reste if restantes else (Decimal(0) if acquis else None), acquis)
    texte = str(ligne)
    ligne.delete()
    enregistrer_historique(projet, par, f"Ligne de budget supprimée : {texte}", territoire=projet.territoire)


@transaction.atomic
def ajouter_cofinancement(projet: ProjetInnovation, *, financeur, montant, etape: str, type_financement: str,
                          dispositif: str = "", date=None, par=None, illustratif: bool = False) -> CofinancementProjet:
    """A co-financing row. Agreed and paid rows may not take the financing beyond the planned cost."""
    ligne = CofinancementProjet(projet=projet, financeur=financeur, montant=_montant(montant), etape=etape,
                                type_financement=type_financement, dispositif=dispositif[:250], date=date,
                                illustratif=illustratif)
    ligne.full_clean()
    if etape in {"accorde", "verse"}:
        totaux = argent(projet)
        acquis = totaux["financements"]["accorde"] + totaux["financements"]["verse"] + ligne.montant
        if totaux["prevu"] is None:
            raise ValidationError("Saisissez d'abord le coût prévu du projet (une ligne de budget « prévu ») : "
                                  "un financement accordé se compare à lui.")
        _verifier_couverture(totaux["prevu"], acquis)
    ligne.save()
    enregistrer_historique(projet, par, f"Cofinancement ajouté : {ligne}", territoire=projet.territoire)
    return ligne


@transaction.atomic
def ajouter_jalon(projet: ProjetInnovation, *, libelle: str, echeance, par=None) -> JalonProjet:
    jalon = JalonProjet(projet=projet, libelle=libelle[:250], echeance=echeance)
    jalon.full_clean()
    jalon.save()
    enregistrer_historique(projet, par, f"Jalon ajouté : {jalon}", territoire=projet.territoire)
    return jalon


@transaction.atomic
def marquer_jalon_atteint(jalon: JalonProjet, le=None, par=None) -> JalonProjet:
    jalon.atteint_le = le or timezone.localdate()
    jalon.save(update_fields=["atteint_le"])
    enregistrer_historique(jalon.projet, par, f"Jalon atteint : {jalon.libelle}", territoire=jalon.projet.territoire)
    return jalon


@transaction.atomic
def ajouter_resultat(projet: ProjetInnovation, *, type: str, description: str = "", emplois: int | None = None,
                     date=None, source: str = "", par=None) -> ResultatProjet:
    if type == ResultatProjet.Type.EMPLOIS and emplois is None:
        raise ValidationError({"emplois": "Indiquez le nombre d'emplois créés."})
    resultat = ResultatProjet(projet=projet, type=type, description=description[:300], emplois=emplois, date=date,
                              source=source[:300])
    resultat.full_clean()
    resultat.save()
    enregistrer_historique(projet, par, f"Résultat noté : {resultat}", territoire=projet.territoire)
    return resultat
