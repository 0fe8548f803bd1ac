"""Writes of Recruter, each with its history entry (who, when, what).

Views, forms, commands and the demo all call these functions.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from territoire.historique.actions import differences, enregistrer_historique

from .classement import Classeur, classeur_en_vigueur, codes_de
from .models import (
    BesoinRecrutement,
    Campus,
    Formation,
    OffreEmploi,
    PreferencePotentiel,
    RegleClassement,
)

CHAMPS_BESOIN = ("rome", "intitule", "nombre", "type_contrat", "date_debut", "niveau", "difficulte", "commune",
                 "origine", "demande", "interaction", "publiable", "statut", "commentaire")


def _etat(objet, champs) -> dict:
    return {c: (str(getattr(objet, c)) if hasattr(getattr(objet, c), "pk") else getattr(objet, c)) for c in champs}


def _json(valeur):
    return valeur.isoformat() if hasattr(valeur, "isoformat") else valeur


@transaction.atomic
def enregistrer_besoin(territoire, organisation, *, auteur=None, **champs) -> BesoinRecrutement:
    """A firm's need (by the team, the firm's account, from a visit or a desk request)."""
    inconnus = set(champs) - set(CHAMPS_BESOIN)
    if inconnus:
        raise ValueError(f"Champs inconnus pour un besoin : {', '.join(sorted(inconnus))}")
    champs["rome"] = (champs.get("rome") or "").strip().upper()
    besoin = BesoinRecrutement(territoire=territoire, organisation=organisation, saisi_par=_auteur(auteur), **champs)
    if besoin.commune_id is None:
        besoin.commune_id = organisation.commune_id
    besoin.full_clean()
    besoin.save()
    enregistrer_historique(besoin, auteur, f"Besoin de recrutement enregistré : {besoin.nombre} × {besoin.rome}",
                           {c: [None, _json(v)] for c, v in _etat(besoin, ("rome", "nombre", "type_contrat", "publiable")).items()},
                           territoire=territoire)
    return besoin


@transaction.atomic
def _changer(objet, champs: dict, permis, quoi: str) -> dict:
    """Set the named fields of `objet`, validate and save it; the changes, as the history stores them."""
    inconnus = set(champs) - set(permis)
    if inconnus:
        raise ValueError(f"Champs inconnus pour {quoi} : {', '.join(sorted(inconnus))}")
    avant = {c: _json(v) for c, v in _etat(objet, champs).items()}
    for champ, valeur in champs.items():
        setattr(objet, champ, valeur)
    objet.full_clean()
    objet.save()
    return differences(avant, {c: _json(v) for c, v in _etat(objet, champs).items()})


def modifier_besoin(besoin: BesoinRecrutement, *, auteur=None, **champs) -> dict:
    changements = _changer(besoin, champs, CHAMPS_BESOIN, "un besoin")
    if changements:
        enregistrer_historique(besoin, auteur, "Besoin de recrutement modifié", changements, territoire=besoin.territoire)
    return changements


def _auteur(auteur):
    return auteur if auteur is not None and getattr(auteur, "is_authenticated", False) else None


@transaction.atomic
def saisir_offre(territoire, *, auteur=None, organisation=None, **champs) -> OffreEmploi:
    """A job offer entered by hand for a firm (identifier made unique on the territory)."""
    offre = OffreEmploi(territoire=territoire, source=OffreEmploi.Source.SAISIE, organisation=organisation,
                        date_creation=timezone.now(), **champs)
    offre.rome = (offre.rome or "").strip().upper()
    if organisation is not None:
        offre.entreprise_nom = offre.entreprise_nom or organisation.nom
        offre.siret = offre.siret or organisation.siret
        offre.commune_id = offre.commune_id or organisation.commune_id
        offre.naf = offre.naf or organisation.naf
    if offre.commune_id:
        offre.code_commune = offre.commune.code_insee
    offre.identifiant = f"SAISIE-{timezone.now():%Y%m%d%H%M%S%f}"[:40]
    offre.full_clean()
    offre.save()
    enregistrer_historique(offre, auteur, f"Offre d'emploi saisie : {offre.intitule}", territoire=territoire)
    return offre


@transaction.atomic
def clore_offre(offre: OffreEmploi, auteur=None) -> OffreEmploi:
    if offre.ouverte:
        offre.ouverte = False
        offre.close_le = timezone.now()
        offre.save(update_fields=["ouverte", "close_le"])
        enregistrer_historique(offre, auteur, "Offre d'emploi close", territoire=offre.territoire)
    return offre


@transaction.atomic
def reclasser(territoire=None, classeur: Classeur | None = None) -> int:
    """Apply the classification in force to the trainings (all territories by default)."""
    from territoire.observatoire.cache import invalider_chiffres

    classeur = classeur or classeur_en_vigueur()
    qs = Formation.objects.all() if territoire is None else Formation.objects.filter(territoire=territoire)
    changees = []
    for f in qs.only("pk", "romes", "rncp", "nsf", "formacodes", "industrielle", "filiere_id", "raison_classement"):
        c = classeur.classer(codes_de(f))
        if (c.industrielle, c.filiere_id, c.raison) != (f.industrielle, f.filiere_id, f.raison_classement):
            f.industrielle, f.filiere_id, f.raison_classement = c.industrielle, c.filiere_id, c.raison
            changees.append(f)
    Formation.objects.bulk_update(changees, ["industrielle", "filiere_id", "raison_classement"], batch_size=500)
    invalider_chiffres()
    return len(changees)


@transaction.atomic
def enregistrer_regle(regle: RegleClassement, auteur=None, territoire=None) -> int:
    """Save a classification rule (new or edited) and reclassify; returns trainings changed."""
    cree = regle.pk is None
    regle.prefixe = regle.prefixe.strip()
    if not regle.prefixe:
        raise ValidationError({"prefixe": "Donnez le début du code que la règle reconnaît."})
    regle.full_clean()
    regle.save()
    n = reclasser()
    enregistrer_historique(regle, auteur, f"Règle de classement {'créée' if cree else 'modifiée'} : {regle}",
                           {"formations_reclassees": [None, n]}, territoire=territoire)
    return n


@transaction.atomic
def supprimer_regle(regle: RegleClassement, auteur=None, territoire=None) -> int:
    texte = str(regle)
    regle.actif = False
    regle.save(update_fields=["actif"])
    n = reclasser()
    enregistrer_historique(regle, auteur, f"Règle de classement désactivée : {texte}",
                           {"formations_reclassees": [None, n]}, territoire=territoire)
    return n


@transaction.atomic
def choisir_apparition(organisation, choix: str, auteur=None, territoire=None) -> PreferencePotentiel:
    """The firm's choice about appearing in the hiring-potential lists."""
    if choix not in PreferencePotentiel.Choix.values:
        raise ValidationError({"choix": "Choix inconnu : « accepte » ou « refuse »."})
    preference, _ = PreferencePotentiel.objects.update_or_create(organisation=organisation, defaults={"choix": choix})
    enregistrer_historique(organisation, auteur, f"Potentiel d'embauche : {preference.get_choix_display()}",
                           territoire=territoire)
    return preference


CHAMPS_CAMPUS = ("nom", "thematique", "label", "description", "fiche_action")


@transaction.atomic
def modifier_campus(campus: Campus, *, auteur=None, formations=None, **champs) -> dict:
    """Edit a Campus's record and (when given) the trainings it gathers; history of the changes."""
    changements = _changer(campus, champs, CHAMPS_CAMPUS, "un Campus")
    if formations is not None:
        avant_pk = set(campus.formations.values_list("pk", flat=True))
        apres_pk = {f.pk for f in formations}
        if avant_pk != apres_pk:
            campus.formations.set(formations)
            changements["formations"] = [len(avant_pk), len(apres_pk)]
    if changements:
        enregistrer_historique(campus, auteur, "Campus des métiers modifié", changements, territoire=campus.territoire)
    return changements
