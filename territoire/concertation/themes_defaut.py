"""The themes that ship with the app (data, editable afterwards by the team).

The seed's four recurring findings of the 2019 consultation, then the national axes of the
two phases of the programme (see territoire/programme/donnees.py). Codes are stable: the
labelled corpus of the theme suggestion (data/contributions_etiquetees.csv) refers to them.
"""

from __future__ import annotations

# (code, libellé, origine, description)
THEMES = [
    (
        "transformations-industrie",
        "Transformations de l'industrie (numérique, environnement)",
        "constat",
        "Numérisation des procédés, industrie du futur, cybersécurité, décarbonation, énergie, "
        "économie circulaire, réglementation environnementale.",
    ),
    (
        "innovation-recherche",
        "Innovation et lien avec les laboratoires de recherche",
        "constat",
        "Projets d'innovation, partenariats avec les laboratoires et l'université, prototypes, "
        "transfert de technologie, propriété industrielle.",
    ),
    (
        "formation-recrutement",
        "Formation et recrutement",
        "constat",
        "Difficultés de recrutement, métiers en tension, apprentissage, formations initiales et "
        "continues, attractivité des métiers, compétences.",
    ),
    (
        "amenagement-zones",
        "Aménagement des zones d'activités",
        "constat",
        "Foncier disponible, voirie, accès, transports, réseaux (fibre, électricité), services aux "
        "salariés sur les zones, requalification de friches.",
    ),
    ("recruter", "Recruter", "axe", "Axe national du programme 2019–2022."),
    ("innover", "Innover", "axe", "Axe national du programme 2019–2022."),
    (
        "attirer",
        "Attirer",
        "axe",
        "Axe national du programme 2019–2022 : image et attractivité du territoire, accueil "
        "d'investisseurs et de nouveaux arrivants, prospection, promotion, qualité de vie, logement.",
    ),
    (
        "simplifier",
        "Simplifier",
        "axe",
        "Axe national du programme 2019–2022 : démarches administratives, dossiers d'aides et de "
        "subventions, guichet et interlocuteur unique, délais des procédures et autorisations.",
    ),
    ("recrutement-competences", "Recrutement et compétences", "axe", "Axe du programme 2023–2027."),
    ("transition-ecologique", "Transition écologique et énergétique", "axe", "Axe du programme 2023–2027."),
    ("innovation", "Innovation", "axe", "Axe du programme 2023–2027."),
    ("foncier-industriel", "Foncier industriel", "axe", "Axe du programme 2023–2027."),
]


def installer_themes(Theme) -> None:
    """Create the shipped themes that are missing, never touching those the team edited.

    The data migration calls it with the historical model; the demo builder calls it too, so
    that a database whose reference rows were emptied (a test flush) still gets them.
    """
    for ordre, (code, libelle, origine, description) in enumerate(THEMES, start=1):
        Theme.objects.get_or_create(
            code=code,
            defaults={"libelle": libelle, "origine": origine, "description": description, "ordre": ordre * 10},
        )
