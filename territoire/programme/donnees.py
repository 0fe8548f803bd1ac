"""Default data of the programme: the national axes of each phase, their mapping, and the
default status list. Loaded by `actions_programme.creer_programme`; the team edits them
afterwards (local axes, other statuses)."""

from __future__ import annotations

# Axes per national phase: (code, libellé).
AXES_NATIONAUX = {
    "2019-2022": [
        ("recruter", "Recruter"),
        ("innover", "Innover"),
        ("attirer", "Attirer"),
        ("simplifier", "Simplifier"),
    ],
    "2023-2027": [
        ("recrutement-competences", "Recrutement et compétences"),
        ("transition-ecologique", "Transition écologique et énergétique"),
        ("innovation", "Innovation"),
        ("foncier-industriel", "Foncier industriel"),
    ],
}

# Mapping of phase 1 axes onto phase 2 axes: (code 2019–2022, code 2023–2027, comment).
CORRESPONDANCES = [
    ("recruter", "recrutement-competences", "Le recrutement s'élargit aux compétences."),
    ("innover", "innovation", ""),
    (
        "innover",
        "transition-ecologique",
        "L'industrie du futur porte aussi la transition des procédés.",
    ),
    ("attirer", "foncier-industriel", "L'accueil d'industriels passe par le foncier disponible."),
    (
        "simplifier",
        "foncier-industriel",
        "La simplification vise d'abord les procédures d'implantation.",
    ),
]

# Default statuses: (code, libellé, catégorie, ordre).
STATUTS = [
    ("a-lancer", "À lancer", "a_lancer", 10),
    ("en-cours", "En cours", "en_cours", 20),
    ("suspendue", "Suspendue", "suspendu", 30),
    ("terminee", "Terminée", "termine", 40),
    ("abandonnee", "Abandonnée", "abandonne", 50),
]
