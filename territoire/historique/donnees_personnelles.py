"""Personal data held by the shared history (register page: territoire/ui/donnees_personnelles.py)."""

from territoire.ui.donnees_personnelles import Traitement

TRAITEMENTS = [
    Traitement(
        nom="Historique des modifications",
        personnes="Personnes qui modifient un enregistrement de la plateforme ; personnes que ces changements citent",
        donnees="Compte de l'auteur, date et heure, ce qui a changé (valeur avant, valeur après), note ou commentaire",
        finalite="Savoir qui a changé quoi et quand sur les fiches, demandes et contacts dont des personnes dépendent",
        base_legale="mission_publique",
        conservation=(
            "Aussi longtemps que l'enregistrement concerné ; quand une personne est effacée à sa demande, ses "
            "données sont remplacées par « [effacé] » dans chaque entrée, qui garde sa forme"
        ),
        destinataires="Les personnes qui peuvent ouvrir l'enregistrement concerné (l'équipe, selon les cas les partenaires et le pilotage)",
        source="Écrit par la plateforme à chaque modification",
    ),
]
