"""Writes of the network, each with its history entry (who, when, what)."""

from __future__ import annotations

from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from .models import (
    Contact,
    EvenementReseau,
    Historique,
    Inscription,
    Interaction,
    Organisation,
    Suivi,
)

EFFACE = "[effacé]"
CHAMPS_PERSONNELS = ("prenom", "nom", "fonction", "email", "telephone")


def _utilisateur(auteur):
    return auteur if auteur is not None and getattr(auteur, "is_authenticated", False) else None


def enregistrer_historique(objet, auteur, action: str, changements: dict | None = None, le=None) -> Historique:
    """Write one history entry for `objet` (any model instance); `le` defaults to now."""
    return Historique.objects.create(
        content_type=ContentType.objects.get_for_model(objet),
        object_id=objet.pk,
        auteur=_utilisateur(auteur),
        action=action,
        changements=changements or {},
        le=le or timezone.now(),
    )


def historique_de(objet):
    return Historique.objects.filter(
        content_type=ContentType.objects.get_for_model(objet), object_id=objet.pk
    ).select_related("auteur")


def differences(avant: dict, apres: dict) -> dict:
    return {k: [avant.get(k), v] for k, v in apres.items() if avant.get(k) != v}


@transaction.atomic
def creer_organisation_entreprise(territoire, *, nom: str, etablissement=None, commune=None, auteur=None,
                                  fictif: bool = False) -> Organisation:
    """A firm's Organisation, linked to its SIRENE establishment when there is one."""
    orga = Organisation(nom=nom, type=Organisation.Type.ENTREPRISE, etablissement=etablissement,
                        commune=commune, fictif=fictif)
    orga.copier_profil_sirene()
    orga.save()
    orga.territoires.add(territoire)
    enregistrer_historique(orga, auteur, "Organisation créée", {"nom": [None, nom]})
    return orga


@transaction.atomic
def enregistrer_interaction(territoire, organisation, *, type: str, date: date, objet: str, notes: str = "",
                            contacts=(), etiquettes=(), auteur=None, suivi: dict | None = None) -> Interaction:
    """Log a visit, call, meeting or email; optionally with a follow-up (action, echeance, responsable)."""
    interaction = Interaction.objects.create(
        territoire=territoire, organisation=organisation, type=type, date=date, objet=objet, notes=notes,
        auteur=_utilisateur(auteur),
    )
    if contacts:
        interaction.contacts.set(contacts)
    if etiquettes:
        interaction.etiquettes.set(etiquettes)
    if suivi and suivi.get("action"):
        Suivi.objects.create(
            organisation=organisation, interaction=interaction, action=suivi["action"],
            echeance=suivi["echeance"], responsable=suivi.get("responsable") or _utilisateur(auteur),
        )
    enregistrer_historique(organisation, auteur, f"{interaction.get_type_display()} enregistrée : {objet}")
    return interaction


def marquer_suivi_fait(suivi: Suivi, auteur=None) -> Suivi:
    if suivi.fait_le is None:
        suivi.fait_le = timezone.now()
        suivi.save(update_fields=["fait_le"])
        enregistrer_historique(suivi.organisation, auteur, f"Suite faite : {suivi.action}")
    return suivi


def inscrire(evenement: EvenementReseau, organisation: Organisation, contact: Contact | None = None,
             auteur=None) -> Inscription:
    inscription, cree = Inscription.objects.get_or_create(
        evenement=evenement, organisation=organisation, contact=contact
    )
    if cree:
        enregistrer_historique(organisation, auteur, f"Inscrite à « {evenement.titre} »")
    return inscription


def noter_presence(inscription: Inscription, presence: str, suite: str = "", auteur=None) -> Inscription:
    avant = {"presence": inscription.presence, "suite": inscription.suite}
    inscription.presence = presence
    inscription.suite = suite
    inscription.save(update_fields=["presence", "suite"])
    changes = differences(avant, {"presence": presence, "suite": suite})
    if changes:
        enregistrer_historique(inscription.organisation, auteur,
                               f"Présence à « {inscription.evenement.titre} » : {inscription.get_presence_display()}",
                               changes)
    return inscription


def exporter_contact(contact: Contact) -> dict:
    """Everything the platform holds about a person (GDPR right of access), as plain data."""
    return {
        "personne": {
            "prenom": contact.prenom, "nom": contact.nom, "fonction": contact.fonction,
            "courriel": contact.email, "telephone": contact.telephone,
            "base_legale": contact.get_base_legale_display(),
            "date_consentement": contact.date_consentement.isoformat() if contact.date_consentement else None,
            "cree_le": contact.cree_le.isoformat(), "efface_le": contact.efface_le.isoformat() if contact.efface_le else None,
        },
        "organisation": contact.organisation.nom if contact.organisation_id else None,
        "interactions": [
            {"date": i.date.isoformat(), "type": i.get_type_display(), "objet": i.objet}
            for i in contact.interactions.order_by("date")
        ],
        "inscriptions": [
            {"evenement": i.evenement.titre, "date": i.evenement.date.isoformat(), "presence": i.get_presence_display()}
            for i in contact.inscriptions.select_related("evenement")
        ],
        "demandes": [
            {"deposee_le": d.deposee_le.isoformat(), "sujet": d.sujet.libelle, "description": d.description,
             "statut": d.get_statut_display()}
            for d in contact.demandes.select_related("sujet")
        ],
        "historique": [
            {"le": h.le.isoformat(), "action": h.action, "changements": h.changements} for h in historique_de(contact)
        ],
    }


@transaction.atomic
def effacer_contact(contact: Contact, auteur=None) -> Contact:
    """Erase a person's data on request (GDPR right to erasure).

    The Contact row stays, blank, so that the interactions, registrations and requests that
    pointed at it keep their shape ("a person, erased"); the history entries that quoted the
    person's data are blanked too.
    """
    valeurs = {c: getattr(contact, c) for c in CHAMPS_PERSONNELS}
    for h in historique_de(contact):
        h.changements = {k: [EFFACE if v[0] else v[0], EFFACE if v[1] else v[1]] if isinstance(v, list) else EFFACE
                         for k, v in h.changements.items()}
        h.save(update_fields=["changements"])
    contact.prenom = contact.fonction = contact.email = contact.telephone = ""
    contact.nom = EFFACE
    contact.date_consentement = None
    contact.efface_le = timezone.now()
    contact.save()
    enregistrer_historique(contact, auteur, "Données personnelles effacées à la demande de la personne (RGPD)",
                           {c: [EFFACE, ""] for c, v in valeurs.items() if v})
    return contact
