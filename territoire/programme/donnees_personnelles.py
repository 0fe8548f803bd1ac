"""Personal data held by the action plan (the register: territoire/ui/donnees_personnelles.py)."""

from territoire.ui.donnees_personnelles import Traitement

TRAITEMENTS = [
    Traitement(
        nom="Pilotes et partenaires des fiches-actions",
        personnes="Personnes désignées comme pilotes ou contacts d'une fiche-action, d'une action de suivi",
        donnees="Nom, prénom, fonction, organisation, courriel",
        finalite="Conduire le plan d'action et en rendre compte aux instances",
        base_legale="mission_publique",
        conservation="Durée de la phase du programme, puis 5 ans (archives du programme)",
        destinataires="L'équipe et le comité de pilotage ; le nom du pilote d'une fiche publiée est public",
        source="Saisie par l'équipe",
    ),
    Traitement(
        nom="Mises à jour, décisions et pièces des fiches",
        personnes="Membres qui signent une mise à jour, une décision ou déposent une pièce",
        donnees="Identifiant du compte, date, texte de la mise à jour, pièces jointes",
        finalite="Tracer qui a changé quoi et quand dans le plan d'action",
        base_legale="mission_publique",
        conservation="Durée de la phase du programme, puis 5 ans",
        destinataires="L'équipe et le comité de pilotage",
        source="Saisie par les membres",
    ),
]
