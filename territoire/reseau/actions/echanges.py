"""Exchanges (visits, calls, meetings, emails) and their follow-ups."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from territoire.historique.actions import enregistrer_historique
from territoire.historique.models import Entree

from ..models import Interaction, PieceJointe, Suivi
from ._commun import utilisateur


@transaction.atomic
def enregistrer_interaction(territoire, organisation, *, type: str, date: date, objet: str, notes: str = "",
                            contacts=(), etiquettes=(), auteur=None, suivi: dict | None = None,
                            fichier=None) -> Interaction:
    """Log a visit, call, meeting or email; optionally a follow-up (action, echeance,
    responsable) and an attachment (an uploaded file)."""
    interaction = Interaction.objects.create(
        territoire=territoire, organisation=organisation, type=type, date=date, objet=objet, notes=notes,
        auteur=utilisateur(auteur),
    )
    if contacts:
        interaction.contacts.set(contacts)
    if etiquettes:
        interaction.etiquettes.set(etiquettes)
    if suivi and suivi.get("action"):
        Suivi.objects.create(
            organisation=organisation, interaction=interaction, action=suivi["action"],
            echeance=suivi["echeance"], responsable=suivi.get("responsable") or utilisateur(auteur),
        )
    if fichier:
        PieceJointe.objects.create(interaction=interaction, fichier=fichier, nom=fichier.name[:250])
    enregistrer_historique(organisation, auteur, f"{interaction.get_type_display()} enregistrée : {objet}",
                           nature=Entree.Nature.CREATION, territoire=territoire, element="échange",
                           element_id=interaction.pk)
    return interaction


def marquer_suivi_fait(suivi: Suivi, auteur=None) -> Suivi:
    if suivi.fait_le is None:
        suivi.fait_le = timezone.now()
        suivi.save(update_fields=["fait_le"])
        enregistrer_historique(suivi.organisation, auteur, f"Suite faite : {suivi.action}",
                               element="suite à donner", element_id=suivi.pk)
    return suivi
