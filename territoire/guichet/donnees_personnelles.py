"""Where the desk holds personal data (GDPR): `TRAITEMENTS` for the register page,
`TEXTES_LIBRES` for erasure (see territoire.reseau.donnees_personnelles)."""

from territoire.reseau.actions.contacts import TexteLibre
from territoire.ui.donnees_personnelles import Traitement

TRAITEMENTS = [
    Traitement(
        nom="Demandes des entreprises au guichet",
        personnes="Personnes qui déposent une demande pour leur entreprise, et celles que la demande cite",
        donnees=(
            "Nom, prénom, fonction, courriel et téléphone de la personne à rappeler ; texte libre de la demande ; "
            "réponse et commentaire de satisfaction ; empreinte chiffrée de l'adresse IP d'un dépôt public "
            "(elle sert à limiter les envois répétés et ne permet pas de retrouver l'adresse)"
        ),
        finalite="Transmettre la demande au conseiller compétent, la suivre jusqu'à sa clôture, mesurer le service",
        base_legale="consentement",
        conservation=(
            "Tant que la demande est suivie ; effacement sur demande. Un dépôt anonyme reste à part tant que "
            "l'équipe n'a pas confirmé l'entreprise : les comptes d'une entreprise existante ne le voient pas"
        ),
        destinataires=(
            "L'équipe du territoire et les conseillers à qui la demande est orientée ; l'entreprise voit ses "
            "propres demandes ; le comité de pilotage voit les demandes sans la personne à rappeler"
        ),
        source="Formulaire public du guichet (consentement recueilli), compte de l'entreprise, ou l'équipe",
    ),
    Traitement(
        nom="Annuaire des conseillers partenaires",
        personnes="Conseillers des institutions partenaires (CCI, Bpifrance, France Travail…)",
        donnees="Nom, prénom, courriel, téléphone, antenne, sujets traités, communes couvertes",
        finalite="Orienter les demandes des entreprises vers le bon conseiller et le relancer",
        base_legale="mission_publique",
        conservation="Tant que le conseiller figure dans l'annuaire ; un conseiller parti est désactivé",
        destinataires="L'équipe, le comité de pilotage et les partenaires du territoire ; jamais le public",
        source="Saisie par l'équipe",
    ),
]

TEXTES_LIBRES = [
    TexteLibre("guichet.Demande", ("description", "satisfaction_commentaire"), "territoire"),
]
