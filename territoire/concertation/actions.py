"""Writes of the consultation. Views, forms, the importer and the demo all call these."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from territoire.reseau.actions import enregistrer_historique

from .models import (
    Constat,
    Consultation,
    Contribution,
    Participation,
    ReponseConstat,
    Reunion,
    Theme,
)


def creer_consultation(territoire, *, titre: str, debut, **champs) -> Consultation:
    consultation = Consultation(territoire=territoire, titre=titre, debut=debut, **champs)
    consultation.full_clean()
    consultation.save()
    return consultation


def creer_reunion(consultation: Consultation, *, titre: str, date, type=Reunion.Type.COLLECTIVE, **champs) -> Reunion:
    """A meeting. An individual interview is confidential unless said otherwise."""
    champs.setdefault("confidentielle", type == Reunion.Type.INDIVIDUELLE)
    reunion = Reunion(consultation=consultation, titre=titre, date=date, type=type, **champs)
    reunion.full_clean()
    reunion.save()
    return reunion


def ajouter_participant(
    reunion: Reunion, *, organisation=None, contact=None, presence=Participation.Presence.PRESENT,
    importee: bool = False,
) -> tuple[Participation, bool]:
    """Record that an organisation (and/or a person) took part; idempotent. Returns (row, created)."""
    if organisation is None and contact is None:
        raise ValidationError("Une participation nomme une organisation ou une personne.")
    if organisation is None and contact.organisation_id:
        organisation = contact.organisation
    participation, cree = Participation.objects.get_or_create(
        reunion=reunion, organisation=organisation, contact=contact,
        defaults={"presence": presence, "importee": importee},
    )
    if not cree and participation.presence != presence:
        participation.presence = presence
        participation.save(update_fields=["presence"])
    return participation, cree


@transaction.atomic
def enregistrer_contribution(
    reunion: Reunion, *, organisation, texte: str, themes: Iterable[Theme] = (), auteur=None,
    contact=None, confidentielle: bool | None = None, themes_suggeres: Iterable[str] = (),
) -> Contribution:
    """What `organisation` said at `reunion`. Confidential by default when the meeting is.

    The organisation is recorded as present at the meeting if it was not already.
    """
    texte = (texte or "").strip()
    if not texte:
        raise ValidationError({"texte": "Le texte de la contribution est vide : écrivez ce qui a été dit."})
    if confidentielle is None:
        confidentielle = reunion.confidentielle or reunion.est_individuelle
    contribution = Contribution.objects.create(
        reunion=reunion, organisation=organisation, contact=contact, texte=texte,
        confidentielle=confidentielle, auteur=auteur, themes_suggeres=list(themes_suggeres),
    )
    contribution.themes.set(list(themes))
    enregistrer_historique(contribution, auteur, "Contribution enregistrée", {
        "organisation": [None, organisation.nom], "themes": [None, sorted(t.code for t in contribution.themes.all())],
        "confidentielle": [None, confidentielle],
    })
    if not Participation.objects.filter(reunion=reunion, organisation=organisation).exists():
        ajouter_participant(reunion, organisation=organisation, contact=contact)
    return contribution


def creer_constat(
    consultation: Consultation, *, titre: str, description: str = "", themes: Iterable[Theme] = (),
    contributions: Iterable[Contribution] = (),
) -> Constat:
    constat = Constat.objects.create(consultation=consultation, titre=titre, description=description)
    constat.themes.set(list(themes))
    rattacher_contributions(constat, contributions)
    return constat


def rattacher_contributions(constat: Constat, contributions: Iterable[Contribution]) -> int:
    """Add supporting contributions to a finding; they must come from the same consultation."""
    contributions = list(contributions)
    etrangeres = [c for c in contributions if c.reunion.consultation_id != constat.consultation_id]
    if etrangeres:
        raise ValidationError("Une contribution d'une autre concertation ne peut pas soutenir ce constat.")
    constat.contributions.add(*contributions)
    return len(contributions)


def repondre_constat(constat: Constat, fiche, *, type=ReponseConstat.Type.DIRECTE, commentaire: str = "", auteur=None) -> ReponseConstat:
    """Link a finding to the fiche-action that answers it (or update the link's type and comment)."""
    reponse = ReponseConstat.objects.filter(constat=constat, fiche=fiche).first() or ReponseConstat(
        constat=constat, fiche=fiche
    )
    avant = {"type": reponse.type if reponse.pk else None, "commentaire": reponse.commentaire if reponse.pk else None}
    reponse.type = type
    reponse.commentaire = commentaire
    reponse.auteur = reponse.auteur or auteur
    reponse.full_clean(validate_unique=False)
    reponse.save()
    changements = {k: [avant[k], v] for k, v in (("type", type), ("commentaire", commentaire)) if avant[k] != v}
    if changements:
        enregistrer_historique(constat, auteur, f"Fiche {fiche.numero} reliée au constat", changements)
    return reponse


def retirer_reponse(reponse: ReponseConstat, auteur=None) -> None:
    enregistrer_historique(reponse.constat, auteur, f"Fiche {reponse.fiche.numero} détachée du constat",
                           {"type": [reponse.type, None]})
    reponse.delete()
