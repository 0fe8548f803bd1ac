"""Who may see each page of the `innovation` app (the access walk, tests/test_acces.py)."""

from tests.acces_outils import EQUIPE, INTERNES, MEMBRES, TOUS, Attendu

EQUIPE_PILOTAGE_ENTREPRISE = frozenset({"alice", "bruno", "david"})
EQUIPE_ENTREPRISE = frozenset({"alice", "david"})


def _detenteur(territoire):
    from tests.innovation.factories import detenteur

    return {"territoire": territoire.slug, "pk": detenteur(territoire).pk}


def _besoin(territoire):
    from tests.innovation.factories import besoin

    return {"territoire": territoire.slug, "pk": besoin(territoire, confidentiel=False).pk}


def _mise_en_relation(territoire):
    from tests.innovation.factories import mise_en_relation

    return {"territoire": territoire.slug, "pk": mise_en_relation(territoire).pk}


def _demande(territoire):
    from tests.innovation.factories import demande_innovation

    return {"territoire": territoire.slug, "pk": demande_innovation(territoire).pk}


def _projet(territoire):
    from tests.innovation.factories import projet

    return {"territoire": territoire.slug, "pk": projet(territoire, confidentiel=False).pk}


def _projet_quoi(territoire):
    return {**_projet(territoire), "quoi": "jalon"}


def _jalon(territoire):
    from tests.innovation.factories import projet

    p = projet(territoire)
    j = p.jalons.create(libelle="Prototype", echeance="2026-06-30")
    return {"territoire": territoire.slug, "pk": p.pk, "jalon": j.pk}


def _diagnostic_de_david(territoire):
    from tests.innovation.factories import diagnostic_de_david

    return {"territoire": territoire.slug, "pk": diagnostic_de_david(territoire).pk}


def _ajouter(territoire):
    return {**_detenteur(territoire), "quoi": "competence"}


ATTENDUS: list = [
    Attendu("innovation:accueil", TOUS, contient="Innover avec le territoire"),
    Attendu("innovation:deposer", TOUS, contient="Un projet d'innovation"),
    Attendu("innovation:detenteur", TOUS, _detenteur, contient="Compétences"),
    Attendu("innovation:detenteur_nouveau", EQUIPE, contient="Nouveau détenteur"),
    Attendu("innovation:detenteur_ajouter", EQUIPE, _ajouter, methode_get=False),
    Attendu("innovation:besoins", MEMBRES, contient="Besoins d'innovation"),
    Attendu("innovation:besoin_nouveau", EQUIPE_ENTREPRISE, contient="Noter un besoin"),
    # A non-confidential need: the team, steering and partners; David (another firm) does not.
    Attendu("innovation:besoin", INTERNES, _besoin, contient="Le besoin, dans les mots"),
    Attendu("innovation:besoin_competences", EQUIPE, _besoin, methode_get=False),
    Attendu("innovation:besoin_statut", EQUIPE, _besoin, methode_get=False),
    Attendu("innovation:mettre_en_relation", EQUIPE, _besoin, methode_get=False),
    Attendu("innovation:noter_issue", EQUIPE, _mise_en_relation, methode_get=False),
    Attendu("innovation:besoin_depuis_demande", EQUIPE, _demande, methode_get=False),
    Attendu("innovation:projets", MEMBRES, contient="Projets d'innovation"),
    Attendu("innovation:projet_nouveau", EQUIPE, contient="Nouveau projet"),
    Attendu("innovation:projet", MEMBRES, _projet, contient="Budget et cofinancements"),
    Attendu("innovation:projet_modifier", EQUIPE, _projet_quoi, methode_get=False),
    Attendu("innovation:jalon_atteint", EQUIPE, _jalon, methode_get=False),
    Attendu("innovation:diagnostics", EQUIPE_PILOTAGE_ENTREPRISE, contient="Diagnostics industrie du futur"),
    Attendu("innovation:diagnostic_nouveau", EQUIPE_ENTREPRISE, contient="Diagnostic industrie du futur"),
    # An individual result: the firm (David's) and the team only.
    Attendu("innovation:diagnostic", EQUIPE_ENTREPRISE, _diagnostic_de_david, contient="Résultats par dimension"),
    Attendu("innovation:technopole", INTERNES, contient="Technopôle"),
]
