"""Who may open the desk's pages. A partner sees only requests routed to their branch,
a firm user only its own: here the request belongs to nobody's organisation and is routed
nowhere, so only the team and steering see it (the other cases are in test_vues.py)."""

from tests.acces_outils import EQUIPE_PILOTAGE, INTERNES, MEMBRES, TOUS, Attendu

EQUIPE = frozenset({"alice"})
PERSONNE = frozenset()


def _demande(territoire):
    from tests.guichet import factories as f

    return {"territoire": territoire.slug, "pk": f.demande(territoire).pk}


def _aide(territoire):
    from territoire.guichet.models import AideProposee, Dispositif
    from tests.guichet import factories as f

    aide = AideProposee.objects.create(
        demande=f.demande(territoire), dispositif=Dispositif.objects.create(nom="Prêt", type_aide="pret")
    )
    return {"territoire": territoire.slug, "pk": aide.pk}


def _slug(territoire):
    from territoire.guichet.models import Dispositif

    Dispositif.objects.create(nom="Pret d'honneur industrie", type_aide="pret")
    return {"slug": territoire.slug}


def _institution(territoire):
    from tests.guichet import factories as f

    return {"territoire": territoire.slug, "pk": f.institution(territoire, "Bpifrance").pk}


def _antenne(territoire):
    from tests.guichet import factories as f

    return {"territoire": territoire.slug, "pk": f.antenne(f.institution(territoire, "Bpifrance"), "Lille").pk}


def _conseiller(territoire):
    from tests.guichet import factories as f

    ant = f.antenne(f.institution(territoire, "Bpifrance"), "Lille")
    return {"territoire": territoire.slug, "pk": f.conseiller(ant, nom="Petit").pk}


def _dispositif(territoire):
    from territoire.guichet.models import Dispositif

    d = Dispositif.objects.create(nom="Prêt d'amorçage industriel", type_aide="pret")
    d.territoires.add(territoire)
    return {"territoire": territoire.slug, "pk": d.pk}


ATTENDUS = [
    Attendu("api:guichet_dispositifs", voient=TOUS, arguments=_slug, contient="Pret d'honneur industrie"),
    # The requests of the API: members only (the public gets 401, an outsider 403).
    Attendu("api:guichet_demandes", voient=MEMBRES, arguments=lambda t: {"slug": t.slug}),
    Attendu("guichet:demandes", voient=MEMBRES, contient="Demandes des entreprises"),
    Attendu("guichet:demande_nouvelle", voient=frozenset({"alice", "david"}), contient="Déposer une demande"),
    Attendu("guichet:deposer", voient=TOUS, contient="une question, un besoin"),
    Attendu("guichet:merci", voient=TOUS, contient="bien reçue"),
    Attendu("guichet:demande", voient=EQUIPE_PILOTAGE, arguments=_demande, contient="Nous cherchons trois régleurs"),
    Attendu("guichet:orienter", voient=EQUIPE, arguments=_demande, methode_get=False),
    Attendu("guichet:changer_statut", voient=frozenset({"alice", "chloe"}), arguments=_demande, methode_get=False),
    Attendu("guichet:aide_proposer", voient=frozenset({"alice", "chloe"}), arguments=_demande, methode_get=False),
    Attendu("guichet:aide_issue", voient=frozenset({"alice", "chloe"}), arguments=_aide, methode_get=False),
    # A forged token opens nothing; the real link is walked in test_vues.py.
    Attendu("guichet:satisfaction", voient=PERSONNE,
            arguments=lambda t: {"territoire": t.slug, "jeton": "faux-jeton"}),
    Attendu("guichet:annuaire", voient=INTERNES, contient="Sujets et communes que personne ne couvre"),
    Attendu("guichet:mesures", voient=INTERNES, contient="jours ouvrés"),
    Attendu("guichet:dispositifs", voient=TOUS, contient="Catalogue des aides"),
    Attendu("guichet:demandes_export", voient=EQUIPE_PILOTAGE,
            arguments=lambda t: {"territoire": t.slug, "format": "xlsx"}),
    Attendu("guichet:confirmer_rattachement", voient=EQUIPE, arguments=_demande, methode_get=False),
    Attendu("guichet:institution_nouvelle", voient=EQUIPE, contient="Nouvelle institution"),
    Attendu("guichet:institution_modifier", voient=EQUIPE, arguments=_institution, contient="Bpifrance"),
    Attendu("guichet:antenne_nouvelle", voient=EQUIPE, arguments=_institution, contient="Nouvelle antenne"),
    Attendu("guichet:antenne_modifier", voient=EQUIPE, arguments=_antenne, contient="Lille"),
    Attendu("guichet:conseiller_nouveau", voient=EQUIPE, arguments=_antenne, contient="règles d&#x27;orientation"),
    Attendu("guichet:conseiller_modifier", voient=EQUIPE, arguments=_conseiller, contient="Petit"),
    Attendu("guichet:regles", voient=INTERNES, contient="Aperçu : où irait une demande ?"),
    Attendu("guichet:dispositif_nouveau", voient=EQUIPE, contient="Nouveau dispositif"),
    Attendu("guichet:dispositif_modifier", voient=EQUIPE, arguments=_dispositif, contient="Prêt d&#x27;amorçage"),
    Attendu("guichet:dispositif_archiver", voient=EQUIPE, arguments=_dispositif, methode_get=False),
]
