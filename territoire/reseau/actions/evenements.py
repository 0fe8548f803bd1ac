"""Network events: create, edit, cancel; registrations and attendance."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from territoire.historique.actions import differences, enregistrer_historique
from territoire.historique.models import Entree

from ..models import Contact, EvenementReseau, Inscription, Organisation
from ._commun import etat

CHAMPS_EVENEMENT = ("titre", "type", "date", "lieu", "commune", "organisateur", "description", "compte_rendu")


def _verifier(ev: EvenementReseau) -> None:
    ev.titre = " ".join((ev.titre or "").split())
    if not ev.titre:
        raise ValidationError({"titre": "Donnez un titre à l'événement."})
    if ev.commune_id and not ev.territoire.communes.filter(pk=ev.commune_id).exists():
        raise ValidationError({"commune": "Choisissez une commune du territoire."})
    ev.full_clean()


@transaction.atomic
def creer_evenement(territoire, *, auteur=None, **champs) -> EvenementReseau:
    inconnus = set(champs) - set(CHAMPS_EVENEMENT)
    if inconnus:
        raise ValueError(f"Champs inconnus pour un événement : {', '.join(sorted(inconnus))}")
    ev = EvenementReseau(territoire=territoire, **champs)
    _verifier(ev)
    ev.save()
    enregistrer_historique(ev, auteur, "Événement créé",
                           {c: [None, v] for c, v in etat(ev, CHAMPS_EVENEMENT).items() if v not in (None, "")},
                           nature=Entree.Nature.CREATION)
    return ev


@transaction.atomic
def modifier_evenement(ev: EvenementReseau, auteur=None, **champs) -> dict:
    inconnus = set(champs) - set(CHAMPS_EVENEMENT)
    if inconnus:
        raise ValueError(f"Champs inconnus pour un événement : {', '.join(sorted(inconnus))}")
    avant = etat(ev, CHAMPS_EVENEMENT)
    for c, v in champs.items():
        setattr(ev, c, v)
    _verifier(ev)
    ev.save()
    changes = differences(avant, etat(ev, CHAMPS_EVENEMENT))
    if changes:
        enregistrer_historique(ev, auteur, "Événement modifié", changes)
    return changes


@transaction.atomic
def annuler_evenement(ev: EvenementReseau, auteur=None, *, motif: str) -> EvenementReseau:
    """Cancel an event: it stays, marked cancelled with its reason; its registrations stay."""
    motif = " ".join((motif or "").split())
    if not motif:
        raise ValidationError({"motif": "Dites pourquoi l'événement est annulé : les inscrits le liront."})
    if ev.annule_le:
        raise ValidationError("Cet événement est déjà annulé.")
    ev.annule_le = timezone.now()
    ev.motif_annulation = motif[:300]
    ev.save(update_fields=["annule_le", "motif_annulation"])
    enregistrer_historique(ev, auteur, "Événement annulé", {"annule": [False, True]}, nature=Entree.Nature.STATUT,
                           note=ev.motif_annulation)
    for organisation_id in ev.inscriptions.values_list("organisation_id", flat=True).distinct():
        enregistrer_historique(Organisation(pk=organisation_id), auteur, f"Événement annulé : « {ev.titre} »",
                               nature=Entree.Nature.STATUT, territoire=ev.territoire_id, element="inscription")
    return ev


@transaction.atomic
def retablir_evenement(ev: EvenementReseau, auteur=None) -> EvenementReseau:
    if not ev.annule_le:
        return ev
    ev.annule_le = None
    ev.motif_annulation = ""
    ev.save(update_fields=["annule_le", "motif_annulation"])
    enregistrer_historique(ev, auteur, "Annulation levée : l'événement a lieu", {"annule": [True, False]},
                           nature=Entree.Nature.STATUT)
    return ev


def inscrire(evenement: EvenementReseau, organisation: Organisation, contact: Contact | None = None,
             auteur=None) -> Inscription:
    if evenement.annule_le:
        raise ValidationError("Cet événement est annulé : on ne s'y inscrit plus.")
    if contact is not None and contact.organisation_id != organisation.pk:
        raise ValidationError({"contact": "Choisissez une personne de l'organisation inscrite."})
    inscription, cree = Inscription.objects.get_or_create(
        evenement=evenement, organisation=organisation, contact=contact
    )
    if cree:
        enregistrer_historique(organisation, auteur, f"Inscrite à « {evenement.titre} »",
                               nature=Entree.Nature.CREATION, territoire=evenement.territoire_id,
                               element="inscription", element_id=inscription.pk)
    return inscription


def noter_presence(inscription: Inscription, presence: str, suite: str = "", auteur=None) -> Inscription:
    avant = {"presence": inscription.presence, "suite": inscription.suite}
    inscription.presence = presence
    inscription.suite = suite
    inscription.full_clean()
    inscription.save(update_fields=["presence", "suite"])
    changes = differences(avant, {"presence": presence, "suite": suite})
    if changes:
        enregistrer_historique(inscription.organisation, auteur,
                               f"Présence à « {inscription.evenement.titre} » : {inscription.get_presence_display()}",
                               changes, territoire=inscription.evenement.territoire_id, element="inscription",
                               element_id=inscription.pk)
    return inscription
