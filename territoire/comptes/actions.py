"""Writes of the accounts app: invitations, memberships, unlocking, two-factor resets.

Views, forms and commands all call these functions; each one that changes who may do what
leaves an entry in the shared history (territoire.historique).
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import smtplib
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from territoire.historique.actions import enregistrer_historique

from . import connexion, double_facteur
from .models import Adhesion, Invitation, Role

journal = logging.getLogger(__name__)

ROLES_AVEC_ORGANISATION = (Role.PARTENAIRE, Role.ENTREPRISE)


class InvitationInvalide(Exception):
    """A link that cannot be used: unknown (forged), expired, revoked or already used.

    `raison` is « inconnue », « expiree », « revoquee » or « utilisee ».
    """

    def __init__(self, raison: str, invitation: Invitation | None = None):
        super().__init__(raison)
        self.raison = raison
        self.invitation = invitation


def empreinte(jeton: str) -> str:
    return hashlib.sha256(jeton.encode("utf-8")).hexdigest()


def normaliser_courriel(courriel: str) -> str:
    return (courriel or "").strip().lower()


def comptes_de_l_adresse(courriel: str):
    courriel = normaliser_courriel(courriel)
    User = get_user_model()
    return User.objects.filter(Q(email__iexact=courriel) | Q(username__iexact=courriel))


def inviter(
    territoire, courriel: str, role: str, *, par, organisation=None, conseiller=None, prenom: str = "",
    nom: str = "", lien_de, maintenant=None,
) -> tuple[Invitation, str]:
    """Create an invitation, send its email, and return it with its token (shown nowhere else).

    `lien_de(jeton)` builds the absolute URL of the link. An address that already has an
    account gets an invitation that adds the role to that account (no password is set through
    it); an address already holding this role here is refused. Inviting the same address
    again to the same territory revokes the earlier pending invitation. If the email cannot be
    sent, nothing is kept and the error says so.
    """
    maintenant = maintenant or timezone.now()
    courriel = normaliser_courriel(courriel)
    erreurs = {}
    if role not in Role.values:
        erreurs["role"] = "Rôle inconnu."
    if role in ROLES_AVEC_ORGANISATION and organisation is None:
        erreurs["organisation"] = "Choisissez l'organisation que la personne représente (partenaire ou entreprise)."
    if organisation is not None and not organisation.territoires.filter(pk=territoire.pk).exists():
        erreurs["organisation"] = "Cette organisation n'appartient pas à ce territoire."
    if conseiller is not None:
        if role != Role.PARTENAIRE:
            erreurs["conseiller"] = "Seul un partenaire tient une fiche de conseiller."
        elif conseiller.antenne.institution.territoire_id != territoire.pk:
            erreurs["conseiller"] = "Ce conseiller n'appartient pas à l'annuaire de ce territoire."
    comptes = list(comptes_de_l_adresse(courriel)[:2])
    if len(comptes) > 1:
        erreurs["courriel"] = (
            "Plusieurs comptes portent déjà cette adresse : ajoutez le rôle au bon compte depuis l'administration."
        )
    existant = comptes[0] if len(comptes) == 1 else None
    if existant is not None and Adhesion.objects.filter(utilisateur=existant, territoire=territoire, role=role).exists():
        erreurs["courriel"] = "Cette personne a déjà un compte avec ce rôle sur ce territoire : rien à envoyer."
    if conseiller is not None and conseiller.utilisateur_id and conseiller.utilisateur_id != getattr(existant, "pk", None):
        erreurs["conseiller"] = "Cette fiche de conseiller est déjà tenue par un autre compte."
    if erreurs:
        raise ValidationError(erreurs)

    jeton = secrets.token_urlsafe(32)
    with transaction.atomic():
        anciennes = Invitation.objects.du_territoire(territoire).en_attente(maintenant).filter(courriel=courriel)
        for ancienne in anciennes:
            ancienne.revoquee_le = maintenant
            ancienne.save(update_fields=["revoquee_le"])
        invitation = Invitation.objects.create(
            territoire=territoire, courriel=courriel, prenom=prenom.strip(), nom=nom.strip(), role=role,
            organisation=organisation, conseiller=conseiller, empreinte=empreinte(jeton), compte_existant=existant,
            invitee_par=par, expire_le=maintenant + timedelta(days=settings.COMPTES_INVITATION_JOURS),
        )
        enregistrer_historique(
            invitation, par, f"Invitation envoyée à {courriel} ({invitation.get_role_display()})",
            {"courriel": [None, courriel], "role": [None, role]}, territoire=territoire,
            nature="creation",
        )
        _envoyer(invitation, lien_de(jeton))
    return invitation, jeton


def _envoyer(invitation: Invitation, lien: str) -> None:
    contexte = {"invitation": invitation, "lien": lien, "jours": settings.COMPTES_INVITATION_JOURS}
    sujet = f"Invitation : {invitation.territoire.nom} — Territoire d'industrie"
    try:
        send_mail(
            sujet, render_to_string("comptes/courriels/invitation.txt", contexte), None, [invitation.courriel]
        )
    except (smtplib.SMTPException, OSError) as exc:
        journal.exception("Envoi de l'invitation à %s impossible", invitation.courriel)
        raise ValidationError(
            {
                "courriel": f"Le courriel n'a pas pu partir ({exc}). Rien n'a été enregistré : vérifiez la "
                "configuration de l'envoi (EMAIL_HOST, docs/exploitation.md) puis recommencez."
            }
        ) from exc


def invitation_par_jeton(jeton: str, maintenant=None) -> Invitation:
    """The usable invitation of a link, or InvitationInvalide with the reason."""
    maintenant = maintenant or timezone.now()
    if not jeton or len(jeton) > 100:
        raise InvitationInvalide("inconnue")
    invitation = (
        Invitation.objects.select_related("territoire", "organisation", "compte_existant")
        .filter(empreinte=empreinte(jeton))
        .first()
    )
    if invitation is None:
        raise InvitationInvalide("inconnue")
    if invitation.acceptee_le is not None:
        raise InvitationInvalide("utilisee", invitation)
    if invitation.revoquee_le is not None:
        raise InvitationInvalide("revoquee", invitation)
    if invitation.expire_le <= maintenant:
        raise InvitationInvalide("expiree", invitation)
    return invitation


def _consommer(invitation: Invitation, maintenant) -> None:
    """Mark the invitation used, once: a second acceptance (double submit, race) is refused."""
    n = Invitation.objects.filter(
        pk=invitation.pk, acceptee_le__isnull=True, revoquee_le__isnull=True, expire_le__gt=maintenant
    ).update(acceptee_le=maintenant)
    if n != 1:
        raise InvitationInvalide("utilisee", invitation)


def _donner_role(invitation: Invitation, user, maintenant) -> Adhesion:
    adhesion, _ = Adhesion.objects.get_or_create(
        utilisateur=user, territoire=invitation.territoire, role=invitation.role,
        defaults={"organisation": invitation.organisation},
    )
    if invitation.conseiller_id:
        from territoire.guichet.models import Conseiller

        Conseiller.objects.filter(pk=invitation.conseiller_id, utilisateur__isnull=True).update(utilisateur=user)
    Invitation.objects.filter(pk=invitation.pk).update(utilisateur=user)
    enregistrer_historique(
        invitation, user, f"Invitation acceptée : {user.get_username()} devient {invitation.get_role_display()}",
        {"role": [None, invitation.role]}, territoire=invitation.territoire, le=maintenant,
    )
    return adhesion


def accepter_invitation(jeton: str, *, prenom: str, nom: str, mot_de_passe: str, maintenant=None):
    """A new account from an invitation: the address becomes the identifier. Returns the user."""
    maintenant = maintenant or timezone.now()
    invitation = invitation_par_jeton(jeton, maintenant)
    if invitation.compte_existant_id:
        raise ValidationError("Cette adresse a déjà un compte : connectez-vous pour accepter l'invitation.")
    User = get_user_model()
    candidat = User(username=invitation.courriel, email=invitation.courriel, first_name=prenom, last_name=nom)
    validate_password(mot_de_passe, candidat)
    with transaction.atomic():
        _consommer(invitation, maintenant)
        if comptes_de_l_adresse(invitation.courriel).exists():
            raise ValidationError(
                "Un compte a été créé avec cette adresse depuis l'envoi de l'invitation : connectez-vous, "
                "ou demandez à l'équipe une nouvelle invitation."
            )
        candidat.set_password(mot_de_passe)
        try:
            with transaction.atomic():
                candidat.save()
        except IntegrityError as exc:
            raise ValidationError("Un compte porte déjà cet identifiant : connectez-vous.") from exc
        _donner_role(invitation, candidat, maintenant)
    return candidat, invitation


def rattacher_invitation(jeton: str, user, maintenant=None) -> Invitation:
    """An invitation to an address that had an account: the signed-in owner accepts it."""
    maintenant = maintenant or timezone.now()
    invitation = invitation_par_jeton(jeton, maintenant)
    if invitation.compte_existant_id != user.pk:
        raise ValidationError("Cette invitation est adressée à un autre compte : déconnectez-vous puis reconnectez-vous avec le bon.")
    with transaction.atomic():
        _consommer(invitation, maintenant)
        _donner_role(invitation, user, maintenant)
    return invitation


def revoquer_invitation(invitation: Invitation, par, maintenant=None) -> None:
    maintenant = maintenant or timezone.now()
    n = Invitation.objects.filter(pk=invitation.pk, acceptee_le__isnull=True, revoquee_le__isnull=True).update(
        revoquee_le=maintenant
    )
    if n:
        enregistrer_historique(
            invitation, par, f"Invitation de {invitation.courriel} révoquée", {"revoquee_le": [None, maintenant.isoformat()]},
            territoire=invitation.territoire,
        )


def deverrouiller(territoire, type_: str, valeur: str, par) -> int:
    """Clear a lock (an account's or an address's failed sign-ins), with a history entry."""
    if type_ == "compte":
        n = connexion.deverrouiller_compte(valeur)
        cible = get_user_model().objects.filter(username__iexact=valeur).first()
        objet = cible or par
        action = f"Compte « {valeur} » débloqué après des échecs de connexion"
    elif type_ == "adresse":
        n = connexion.deverrouiller_adresse(valeur)
        objet = par
        action = f"Adresse {valeur} débloquée après des échecs de connexion"
    else:
        raise ValidationError("Type de blocage inconnu.")
    enregistrer_historique(objet, par, action, {}, territoire=territoire, nature="autre")
    return n


def reinitialiser_double_facteur(territoire, user, par) -> int:
    """The team removes a member's TOTP devices (a lost phone): the next sign-in asks to enrol
    again when the setting makes it compulsory, otherwise asks for the password alone."""
    n = double_facteur.retirer_appareils(user)
    enregistrer_historique(
        user, par, f"Double authentification de {user.get_username()} réinitialisée par l'équipe", {},
        territoire=territoire, nature="autre",
    )
    return n
