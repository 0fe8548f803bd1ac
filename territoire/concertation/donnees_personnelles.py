"""Personal data held by the consultation (the register: territoire/ui/donnees_personnelles.py)."""

from territoire.ui.donnees_personnelles import Traitement

TRAITEMENTS = [
    Traitement(
        nom="Participants aux réunions de concertation",
        personnes="Représentants des entreprises et des partenaires venus aux réunions",
        donnees="Nom, prénom, fonction, organisation, présence ; listes d'émargement importées",
        finalite="Compter qui a été entendu et relier chaque constat aux entreprises qui le soutiennent",
        base_legale="mission_publique",
        conservation="Durée de la phase du programme, puis 5 ans",
        destinataires="L'équipe et le comité de pilotage ; le public ne voit que des nombres",
        source="Listes d'émargement, saisie par l'équipe",
    ),
    Traitement(
        nom="Contributions et entretiens individuels",
        personnes="Personnes qui se sont exprimées en réunion ou en entretien",
        donnees="Ce que la personne a dit, rattaché à son organisation ; entretiens individuels confidentiels par défaut",
        finalite="Construire les constats de la concertation et y répondre par des fiches-actions",
        base_legale="mission_publique",
        conservation="Durée de la phase du programme, puis 5 ans",
        destinataires="L'équipe (entretiens confidentiels) ; le comité de pilotage pour les contributions non confidentielles",
        source="Notes de l'équipe",
    ),
]
