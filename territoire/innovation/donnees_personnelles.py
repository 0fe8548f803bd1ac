"""Personal data that Innover holds (the footer's "Données personnelles" page, docs/interface.md).

The RNSR import never reads the columns that name a structure's head (nom_du_responsable,
prenom_du_responsable, titre_du_responsable); the person to call back after a public filing is
the desk's contact (declared by the network and the desk)."""

from territoire.ui.donnees_personnelles import Traitement

TRAITEMENTS = [
    Traitement(
        nom="Besoins d'innovation et mises en relation",
        personnes="Dirigeants et salariés des entreprises qui expriment un besoin ; membres de l'équipe qui suivent les mises en relation",
        donnees="Texte du besoin (il peut nommer des personnes), urgence, budget envisagé ; personne qui suit et échéance ; message de mise en relation",
        finalite="Orienter les entreprises vers les laboratoires et centres qui peuvent les aider, et suivre ce qu'il en advient",
        base_legale="mission_publique",
        conservation="3 ans après la clôture du besoin",
        destinataires="L'équipe et l'entreprise ; le détenteur présenté (son compte partenaire) ; le pilotage et les partenaires pour un besoin non confidentiel",
        source="Saisie de l'équipe, compte de l'entreprise, formulaire public « Innover avec le territoire »",
    ),
    Traitement(
        nom="Diagnostics industrie du futur",
        personnes="Entreprises diagnostiquées (dont les entrepreneurs individuels) ; personnes qui font le diagnostic",
        donnees="Niveaux par dimension, éléments observés, notes, date, auteur",
        finalite="Accompagner l'entreprise dans sa modernisation ; moyennes par filière pour le pilotage du programme",
        base_legale="mission_publique",
        conservation="5 ans après le dernier diagnostic de l'entreprise",
        destinataires="L'entreprise et l'équipe ; le pilotage ne voit que des moyennes sur trois entreprises au moins",
        source="Visite de l'équipe ou autodiagnostic de l'entreprise",
    ),
]
