"""Personal data held by Recruter (the register page, territoire/ui/donnees_personnelles.py)."""

from territoire.ui.donnees_personnelles import Traitement

TRAITEMENTS = [
    Traitement(
        nom="Contacts des offres de formation",
        personnes="Interlocuteurs des organismes de formation nommés dans les offres LHEO",
        donnees="Nom, prénom, téléphone, courriel (élément contact-formation)",
        finalite="Orienter les entreprises et les candidats vers la bonne personne de l'organisme",
        base_legale="mission_publique",
        conservation="Tant que l'offre est au catalogue ; effacés à l'archivage de l'offre sur demande",
        destinataires="L'équipe du territoire seulement (jamais le public, les partenaires ou le pilotage)",
        source="Fichiers LHEO publiés par les organismes et les Carif-Oref",
    ),
    Traitement(
        nom="Besoins de recrutement des entreprises",
        personnes="Entreprises (et la personne qui a saisi le besoin)",
        donnees="Métier, nombre de postes, contrat, date, niveau, difficulté ; auteur de la saisie",
        finalite="Rapprocher les besoins des entreprises des formations et des offres du territoire",
        base_legale="mission_publique",
        conservation="3 ans après la clôture du besoin",
        destinataires="L'équipe ; l'entreprise pour les siens ; le public pour les besoins que l'entreprise a "
                      "accepté de publier ; le pilotage en agrégats",
        source="Saisie par l'équipe (visite, demande au guichet) ou par l'entreprise",
    ),
]
