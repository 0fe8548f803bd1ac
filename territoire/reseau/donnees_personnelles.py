"""Where the network holds personal data (GDPR).

`TRAITEMENTS` feeds the register page (the footer's « Données personnelles », built from
every app's module: territoire/ui/donnees_personnelles.py, docs/interface.md).

`TEXTES_LIBRES` lists the free-text fields where people may type someone's name, email or
phone: erasing a contact (reseau.actions.effacer_contact) searches them, in every app that
declares some, and offers to redact each mention found.
"""

from territoire.reseau.actions.contacts import TexteLibre
from territoire.ui.donnees_personnelles import Traitement

TRAITEMENTS = [
    Traitement(
        nom="Contacts des organisations",
        personnes="Dirigeants et salariés des entreprises, partenaires, laboratoires et organismes suivis",
        donnees=(
            "Nom, prénom, fonction, courriel, téléphone, base légale et date du consentement ; les personnes "
            "peuvent aussi être citées dans les textes libres : description d'une organisation, objet et notes "
            "d'un échange, suites à donner, description, compte rendu et motif d'annulation d'un événement, "
            "suite d'une inscription, texte d'une demande au guichet et commentaire de satisfaction ; et dans "
            "l'historique de chaque dossier, qui garde les valeurs d'avant et d'après un changement"
        ),
        finalite="Suivre la relation avec les entreprises et les partenaires du territoire, les recontacter",
        base_legale="interet_legitime",
        conservation=(
            "Tant que dure la relation ; chaque contact porte sa propre base légale (intérêt légitime, "
            "consentement daté, mission d'intérêt public, contrat). Effacement sur demande : la fiche est vidée, "
            "l'historique qui la citait aussi, et l'équipe choisit les textes libres où remplacer son nom, son "
            "courriel et son téléphone par « [effacé] »"
        ),
        destinataires=(
            "L'équipe du territoire et ses partenaires ; l'entreprise voit ses propres contacts. Jamais le comité "
            "de pilotage, jamais le public"
        ),
        source="Saisie par l'équipe, ou par la personne elle-même au guichet",
    ),
    Traitement(
        nom="Échanges et suites à donner",
        personnes="Personnes rencontrées ou appelées ; agents de l'équipe et des partenaires qui les notent",
        donnees="Date, type et objet de l'échange, notes libres, pièces jointes, personnes présentes, auteur",
        finalite="Garder la mémoire du suivi des entreprises et de ce qui leur a été promis",
        base_legale="mission_publique",
        conservation="Tant que l'organisation est suivie ; les noms des personnes effacées sont retirés à leur demande",
        destinataires=(
            "L'équipe et les partenaires ; le comité de pilotage voit les échanges sans le nom des personnes ; "
            "jamais l'entreprise ni le public"
        ),
        source="Saisie par l'équipe et les partenaires",
    ),
    Traitement(
        nom="Inscriptions aux événements du réseau",
        personnes="Participants inscrits aux clubs, visites, forums et ateliers",
        donnees="Organisation, personne inscrite, présence, suite à donner",
        finalite="Organiser les événements du réseau et en suivre les suites",
        base_legale="interet_legitime",
        conservation="Tant que l'événement est gardé dans l'historique du réseau",
        destinataires="L'équipe et les partenaires ; le comité de pilotage voit les organisations, pas les personnes",
        source="Saisie par l'équipe",
    ),
]

TEXTES_LIBRES = [
    TexteLibre("reseau.Organisation", ("description",), "territoires"),
    TexteLibre("reseau.Interaction", ("objet", "notes"), "territoire"),
    TexteLibre("reseau.Suivi", ("action",), "organisation__territoires"),
    TexteLibre("reseau.EvenementReseau", ("description", "compte_rendu", "motif_annulation"), "territoire"),
    TexteLibre("reseau.Inscription", ("suite",), "evenement__territoire"),
]
