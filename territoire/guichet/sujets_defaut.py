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
