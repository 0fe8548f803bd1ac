"""Default subjects of the desk, loaded by a data migration; editable data afterwards."""

SUJETS_DEFAUT = [
    ("recrutement", "Recruter, former", "Trouver des candidats, former ses salariés, apprentissage."),
    ("financement", "Financer un projet, trésorerie", "Investissement, prêts, fonds propres, difficultés de trésorerie."),
    ("innovation", "Innover", "Projet de R&D, lien avec un laboratoire, propriété industrielle."),
    ("transition-ecologique", "Transition écologique et énergétique", "Énergie, décarbonation, déchets, eau."),
    ("numerique", "Numérique, industrie du futur", "Automatisation, robotique, données, cybersécurité."),
    ("export", "Se développer à l'international", "Export, salons, implantation à l'étranger."),
    ("foncier", "Foncier et immobilier d'entreprise", "Terrain, bâtiment, extension, permis."),
    ("reglementation", "Réglementation, démarches", "ICPE, sécurité, normes, démarches administratives."),
    ("difficultes", "Entreprise en difficulté", "Prévention, restructuration, dettes fiscales et sociales."),
    ("transmission", "Céder, reprendre une entreprise", "Transmission, reprise, succession."),
]


def installer_sujets(Sujet) -> None:
    """Create the shipped subjects that are missing (the data migration and the demo builder
    call it; a database whose reference rows were emptied still gets them)."""
    for ordre, (code, libelle, description) in enumerate(SUJETS_DEFAUT):
        Sujet.objects.get_or_create(code=code, defaults={"libelle": libelle, "description": description, "ordre": ordre})
