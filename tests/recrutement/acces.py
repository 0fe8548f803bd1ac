"""Who may see each page of the `recrutement` app (the access walk, tests/test_acces.py).

Trainings, offers, the Campus and the Atom feed are public; a training's contact is shown to
the team only (tests/recrutement/test_vues.py). Individual needs: the team, the firm; the
aggregates: the team and steering. Imports and the classification: the team.
"""

from tests.acces_outils import TOUS, Attendu

EQUIPE = frozenset({"alice"})
EQUIPE_PILOTAGE = frozenset({"alice", "bruno"})
BESOINS = frozenset({"alice", "bruno", "david"})
SAISIE = frozenset({"alice", "david"})


def _formation(territoire):
    from tests.recrutement import factories as f

    return {"territoire": territoire.slug, "pk": f.formation(territoire, intitule="Usinage CN", contact_nom="Camille Martin").pk}


def _campus(territoire):
    from territoire.recrutement.models import Campus

    return {"territoire": territoire.slug, "pk": Campus.objects.create(territoire=territoire, nom="Campus de test").pk}


def _import(territoire):
    from django.utils import timezone

    from territoire.recrutement.models import ImportRecrutement

    run = ImportRecrutement.objects.create(territoire=territoire, type="lheo", source="c.xml", statut="reussi",
                                           debut=timezone.now())
    return {"territoire": territoire.slug, "pk": run.pk}


def _regle(territoire):
    from territoire.recrutement.models import RegleClassement

    return {"territoire": territoire.slug, "pk": RegleClassement.objects.filter(actif=True).first().pk}


def _besoin(territoire):
    from territoire.recrutement import actions
    from tests.reseau import factories as f

    besoin = actions.enregistrer_besoin(territoire, f.organisation(territoire), rome="H2903", nombre=5)
    return {"territoire": territoire.slug, "pk": besoin.pk}


def _offre_saisie(territoire):
    from tests.recrutement import factories as f

    return {"territoire": territoire.slug, "pk": f.offre(territoire, source="saisie").pk}


def _entreprise(territoire):
    from tests.reseau import factories as f

    return {"territoire": territoire.slug, "pk": f.organisation(territoire).pk}


ATTENDUS = [
    Attendu("recrutement:accueil", TOUS, contient="Se former et travailler dans l'industrie"),
    Attendu("recrutement:formations", TOUS, contient="Formations du territoire"),
    Attendu("recrutement:formation", TOUS, arguments=_formation, contient="Usinage CN"),
    Attendu("recrutement:offres", TOUS, contient="Offres d'emploi ouvertes"),
    Attendu("recrutement:offres_atom", TOUS, contient="<feed"),
    Attendu("recrutement:campus", TOUS, arguments=_campus, contient="Campus de test"),
    Attendu("recrutement:potentiel", TOUS, contient="Méthode"),
    Attendu("recrutement:import", EQUIPE, contient="Importer"),
    Attendu("recrutement:import_detail", EQUIPE, arguments=_import, contient="c.xml"),
    Attendu("recrutement:besoins", BESOINS, contient="Besoins de recrutement"),
    Attendu("recrutement:besoin_nouveau", SAISIE, contient="Enregistrer un besoin"),
    # The firm's account edits its own needs only (tests/recrutement/test_vues.py): another firm's is a 404.
    Attendu("recrutement:besoin_modifier", EQUIPE, arguments=_besoin, contient="Modifier le besoin"),
    Attendu("recrutement:offre_saisir", EQUIPE, contient="Saisir une offre"),
    Attendu("recrutement:offre_clore", EQUIPE, arguments=_offre_saisie, methode_get=False),
    Attendu("recrutement:campus_modifier", EQUIPE, arguments=_campus, contient="Modifier le Campus"),
    Attendu("recrutement:appariement", EQUIPE_PILOTAGE, contient="formations et offres"),
    Attendu("recrutement:ecart", EQUIPE_PILOTAGE, contient="Besoins sans formation"),
    Attendu("recrutement:ecart_export", EQUIPE_PILOTAGE,
            arguments=lambda t: {"territoire": t.slug, "format": "csv"}),
    Attendu("recrutement:classement", EQUIPE, contient="Classement industriel"),
    Attendu("recrutement:regle_apercu", EQUIPE, methode_get=False),
    Attendu("recrutement:regle_desactiver", EQUIPE, arguments=_regle, methode_get=False),
    Attendu("recrutement:apparition", SAISIE, arguments=_entreprise, methode_get=False),
]
