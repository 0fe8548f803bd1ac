"""Personal data held by the census (the register: territoire/ui/donnees_personnelles.py)."""

from territoire.ui.donnees_personnelles import Traitement

TRAITEMENTS = [
    Traitement(
        nom="Répertoire des établissements (SIRENE)",
        personnes="Entrepreneurs individuels établis sur le territoire",
        donnees="Nom, prénoms, nom d'usage, enseigne, adresse de l'établissement, activité, tranche d'effectifs",
        finalite="Connaître le tissu industriel du territoire, en compter les établissements et les emplois",
        base_legale="mission_publique",
        conservation="Tant que l'établissement figure au répertoire SIRENE ; remplacé à chaque import",
        destinataires=(
            "L'équipe, le comité de pilotage et les partenaires du territoire. Le public ne voit jamais le nom "
            "d'un entrepreneur individuel ni un établissement non diffusible."
        ),
        source="Répertoire SIRENE de l'INSEE (Licence Ouverte), établissements diffusibles et partiellement diffusibles",
    ),
]
