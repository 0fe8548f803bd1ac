"""Personal data that Attirer holds (the footer's "Données personnelles" page, docs/interface.md)."""

from territoire.ui.donnees_personnelles import Traitement

TRAITEMENTS = [
    Traitement(
        nom="Contacts des projets d'implantation",
        personnes="Porteurs de projets et représentants d'entreprises qui cherchent un site sur le territoire",
        donnees="Nom, fonction, courriel, téléphone ; description du projet",
        finalite="Répondre à la demande d'implantation et suivre le projet jusqu'à la décision",
        base_legale="consentement",
        conservation="3 ans après le dernier échange, ou jusqu'au retrait du consentement",
        destinataires="L'équipe du territoire ; jamais le public ni les partenaires non nommés sur le projet",
        source="Formulaire « S'implanter » rempli par la personne, ou saisie par l'équipe",
    ),
    Traitement(
        nom="Propriétaires et commercialisateurs des locaux",
        personnes="Propriétaires, agents immobiliers et leurs interlocuteurs",
        donnees="Nom, organisation, coordonnées professionnelles",
        finalite="Présenter l'offre de locaux aux investisseurs et mettre en relation",
        base_legale="mission_publique",
        conservation="Tant que le local est proposé, puis 1 an",
        destinataires="L'équipe ; le compte partenaire du propriétaire ou du commercialisateur ; jamais le public",
        source="Saisie par l'équipe ou par le compte partenaire",
    ),
    Traitement(
        nom="Inventaire des zones d'activité (établissements et propriétaires)",
        personnes="Dirigeants et contacts des établissements ; propriétaires de terrains et de friches",
        donnees="Raison sociale, adresse, courriel et téléphone de contact, nom du propriétaire ou de l'acquéreur",
        finalite="Tenir l'inventaire des zones d'activité économique (code de l'urbanisme, art. L. 318-8-2)",
        base_legale="obligation_legale",
        conservation="Jusqu'à l'inventaire suivant (au plus six ans), l'inventaire déposé étant archivé",
        destinataires="L'équipe et le comité de pilotage ; les services de l'État destinataires de l'inventaire",
        source="Recensement SIRENE de l'INSEE, fichiers du standard CNIG importés, saisie de l'équipe",
    ),
]
