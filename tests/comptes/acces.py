from datetime import timedelta

from tests.acces_outils import CONNECTES, EQUIPE, MEMBRES, TOUS, Attendu

JETON_MARCHE = "jeton-de-la-marche-des-personas"


def _invitation(territoire) -> dict:
    from django.utils import timezone

    from territoire.comptes.actions import empreinte
    from territoire.comptes.models import Invitation

    Invitation.objects.get_or_create(
        empreinte=empreinte(JETON_MARCHE),
        defaults={"territoire": territoire, "courriel": "invitee@partenaire.example", "role": "pilotage",
                  "expire_le": timezone.now() + timedelta(days=7)},
    )
    return {"jeton": JETON_MARCHE}


def _invitation_pk(territoire) -> dict:
    _invitation(territoire)
    from territoire.comptes.models import Invitation

    return {"territoire": territoire.slug, "pk": Invitation.objects.get(territoire=territoire).pk}


def _membre(territoire) -> dict:
    return {"territoire": territoire.slug, "pk": territoire.adhesions.first().utilisateur_id}


ATTENDUS = [
    Attendu("comptes:connexion", voient=TOUS, arguments=lambda t: {}, contient="Mot de passe oublié"),
    Attendu("comptes:deconnexion", voient=frozenset(), arguments=lambda t: {}, methode_get=False),
    Attendu("comptes:verification", voient=CONNECTES, arguments=lambda t: {}),
    Attendu("comptes:double_facteur", voient=CONNECTES, arguments=lambda t: {}, contient="Double authentification"),
    Attendu("comptes:mot_de_passe", voient=CONNECTES, arguments=lambda t: {}),
    Attendu("comptes:mot_de_passe_change", voient=CONNECTES, arguments=lambda t: {}),
    Attendu("comptes:oubli", voient=TOUS, arguments=lambda t: {}),
    Attendu("comptes:oubli_envoye", voient=TOUS, arguments=lambda t: {}),
    Attendu("comptes:reinitialisation", voient=TOUS, arguments=lambda t: {"uidb64": "Mg", "token": "faux-jeton"},
            contient="Lien invalide"),
    Attendu("comptes:reinitialisation_terminee", voient=TOUS, arguments=lambda t: {}),
    Attendu("comptes:invitation", voient=TOUS, arguments=_invitation, contient="Créer votre compte"),
    Attendu("comptes:espaces", voient=CONNECTES, arguments=lambda t: {}, contient="Mes espaces"),
    Attendu("comptes:espace", voient=MEMBRES, contient="Mon espace"),
    Attendu("comptes:gestion", voient=EQUIPE, contient="Comptes et invitations"),
    Attendu("comptes:inviter", voient=EQUIPE, contient="Inviter une personne"),
    Attendu("comptes:invitation_revoquer", voient=EQUIPE, arguments=_invitation_pk, methode_get=False),
    Attendu("comptes:deverrouiller", voient=EQUIPE, methode_get=False),
    Attendu("comptes:double_facteur_reinitialiser", voient=EQUIPE, arguments=_membre, methode_get=False),
]
