"""Who may open the network's pages. Contacts and interactions are never public."""

from tests.acces_outils import INTERNES, Attendu

EQUIPE = frozenset({"alice"})


def _orga(territoire):
    from tests.reseau import factories as f

    return {"territoire": territoire.slug, "pk": f.organisation(territoire, nom="Fonderie du Marais").pk}


def _contact(territoire):
    from tests.reseau import factories as f

    return {"territoire": territoire.slug, "pk": f.contact(f.organisation(territoire)).pk}


def _evenement(territoire):
    from tests.reseau import factories as f

    return {"territoire": territoire.slug, "pk": f.evenement(territoire).pk}


def _inscription(territoire):
    from territoire.reseau.models import Inscription
    from tests.reseau import factories as f

    ins = Inscription.objects.create(evenement=f.evenement(territoire), organisation=f.organisation(territoire))
    return {"territoire": territoire.slug, "pk": ins.pk}


def _suivi(territoire):
    from datetime import date

    from territoire.reseau.models import Suivi
    from tests.reseau import factories as f

    s = Suivi.objects.create(organisation=f.organisation(territoire), action="Rappeler", echeance=date(2026, 12, 1))
    return {"territoire": territoire.slug, "pk": s.pk}


def _piece_jointe(territoire):
    from datetime import date

    from django.core.files.base import ContentFile

    from territoire.reseau.models import Interaction, PieceJointe
    from tests.reseau import factories as f

    i = Interaction.objects.create(territoire=territoire, organisation=f.organisation(territoire), type="visite",
                                   date=date(2026, 10, 1), objet="Visite")
    piece = PieceJointe(interaction=i, nom="compte-rendu.txt")
    piece.fichier.save("compte-rendu.txt", ContentFile(b"Compte rendu de visite"), save=True)
    return {"territoire": territoire.slug, "pk": piece.pk}


def _doublon(territoire):
    from tests.reseau import factories as f

    existante = f.organisation(territoire, nom="Fonderie du Marais")
    return {"territoire": territoire.slug, "pk": f.organisation(territoire, nom="FONDERIE DU MARAIS",
                                                                doublon_probable=existante).pk}


ATTENDUS = [
    Attendu("reseau:piece_jointe", voient=INTERNES, arguments=_piece_jointe),
    Attendu("reseau:organisations", voient=INTERNES, contient="Organisations du réseau"),
    Attendu("reseau:organisations_export", voient=INTERNES,
            arguments=lambda t: {"territoire": t.slug, "format": "csv"}),
    Attendu("reseau:non_rencontrees", voient=INTERNES, contient="non rencontrées"),
    # David (entreprise) is not this firm's user here: 404. Its own page is tested in test_vues.py.
    Attendu("reseau:organisation", voient=INTERNES, arguments=_orga, contient="Fonderie du Marais"),
    Attendu("reseau:interaction_nouvelle", voient=frozenset({"alice", "chloe"}), arguments=_orga, methode_get=False),
    Attendu("reseau:suivi_fait", voient=frozenset({"alice", "chloe"}), arguments=_suivi, methode_get=False),
    Attendu("reseau:evenements", voient=INTERNES, contient="Événements du réseau"),
    Attendu("reseau:evenement", voient=INTERNES, arguments=_evenement, contient="Club des industriels"),
    Attendu("reseau:inscrire", voient=EQUIPE, arguments=_evenement, methode_get=False),
    Attendu("reseau:presence", voient=EQUIPE, arguments=_inscription, methode_get=False),
    # GET shows what the export holds and writes nothing; its button posts (test_vues.py).
    Attendu("reseau:contact_export", voient=EQUIPE, arguments=_contact, contient="Télécharger le fichier"),
    # GET lists the person's mentions to redact; its button posts (test_vues.py).
    Attendu("reseau:contact_effacer", voient=EQUIPE, arguments=_contact, contient="mentions dans les textes libres"),
    Attendu("reseau:contact_nouveau", voient=EQUIPE, arguments=_orga, contient="Base légale"),
    Attendu("reseau:contact_modifier", voient=EQUIPE, arguments=_contact, contient="Historique du contact"),
    Attendu("reseau:organisation_nouvelle", voient=EQUIPE, contient="Nouvelle organisation"),
    Attendu("reseau:organisation_modifier", voient=EQUIPE, arguments=_orga, contient="Fonderie du Marais"),
    Attendu("reseau:organisation_historique", voient=INTERNES, arguments=_orga, contient="Organisation"),
    Attendu("reseau:commenter", voient=INTERNES, arguments=_orga, methode_get=False),
    Attendu("reseau:fusion", voient=EQUIPE, contient="Doublons probables"),
    Attendu("reseau:rapprochement_ecarter", voient=EQUIPE, arguments=_doublon, methode_get=False),
    Attendu("reseau:evenement_nouveau", voient=EQUIPE, contient="Nouvel événement"),
    Attendu("reseau:evenement_modifier", voient=EQUIPE, arguments=_evenement, contient="Club des industriels"),
    Attendu("reseau:evenement_annuler", voient=EQUIPE, arguments=_evenement, contient="Motif de l&#x27;annulation"),
    Attendu("reseau:evenement_retablir", voient=EQUIPE, arguments=_evenement, methode_get=False),
]
