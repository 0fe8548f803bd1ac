"""The data migrations into the shared history keep every entry of the three old models.

The old tables (reseau.Historique, programme.Historique, guichet.Transition) are recreated
from the migration state just before they were dropped, filled, then copied by the
migrations' own functions; the test drops them again."""

from __future__ import annotations

from datetime import datetime
from importlib import import_module

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from territoire.guichet.models import Demande
from territoire.historique.models import Entree
from tests.guichet import factories as gf
from tests.reseau import factories as f

AVANT = [("reseau", "0003_interactions_evenements_historique"), ("programme", "0001_initial"),
         ("guichet", "0002_sujets_par_defaut"), ("historique", "0001_journal_commun")]


def _moment(jour, heure=10):
    return timezone.make_aware(datetime(2026, 3, jour, heure, 0))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_les_trois_historiques_passent_dans_le_journal_commun_sans_perte(territoire, alice):
    from territoire.programme.models import FicheAction, Programme

    etat = MigrationLoader(connection).project_state(AVANT).apps
    anciens = [etat.get_model("reseau", "Historique"), etat.get_model("programme", "Historique"),
               etat.get_model("guichet", "Transition")]
    with connection.schema_editor() as editeur:
        for modele in anciens:
            editeur.create_model(modele)
    try:
        AncienReseau, AncienProgramme, Transition = anciens
        ContentType = etat.get_model("contenttypes", "ContentType")
        orga = f.organisation(territoire, nom="Fonderie")
        gf.sujets_par_defaut()
        demande = Demande.objects.create(territoire=territoire, organisation=orga, sujet=gf.sujet(), description="Soudeurs",
                                         origine="equipe", deposee_le=_moment(2))
        programme = Programme.objects.create(territoire=territoire, nom="Plan 2023-2027", debut=datetime(2023, 1, 1).date(),
                                             fin=datetime(2027, 12, 31).date())
        fiche = FicheAction.objects.create(programme=programme, numero="1", titre="Recruter")
        ct_orga = ContentType.objects.get(app_label="reseau", model="organisation")
        ct_demande = ContentType.objects.get(app_label="guichet", model="demande")
        AncienReseau.objects.create(content_type=ct_orga, object_id=orga.pk, le=_moment(1), auteur_id=alice.pk,
                                    action="Organisation créée", changements={"nom": [None, "Fonderie"]})
        AncienReseau.objects.create(content_type=ct_demande, object_id=demande.pk, le=_moment(2), action="Demande déposée",
                                    changements={"statut": [None, "nouvelle"]})
        AncienReseau.objects.create(content_type=ct_demande, object_id=demande.pk, le=_moment(4), auteur_id=alice.pk,
                                    action="Statut : Prise en charge", changements={"statut": ["nouvelle", "prise_en_charge"]})
        # Two transitions with their entries (same instant), one without (a note only it kept).
        Transition.objects.create(demande_id=demande.pk, de="", vers="nouvelle", le=_moment(2), note="Déposée (Équipe)")
        Transition.objects.create(demande_id=demande.pk, de="nouvelle", vers="prise_en_charge", le=_moment(4),
                                  par_id=alice.pk, note="Rendez-vous le 6")
        Transition.objects.create(demande_id=demande.pk, de="prise_en_charge", vers="faite", le=_moment(9),
                                  par_id=alice.pk, note="Deux candidats reçus")
        for objet, objet_id, action, sur_fiche in (("fiche", fiche.pk, "modification", True),
                                                   ("jalon", 77, "creation", True), ("séance", 5, "creation", False),
                                                   ("objet inconnu", 9, "suppression", False)):
            h = AncienProgramme.objects.create(fiche_id=fiche.pk if sur_fiche else None, territoire_id=territoire.pk,
                                               objet=objet, objet_id=objet_id, action=action, auteur_id=alice.pk,
                                               changements={"titre": ["A", "B"]})
            AncienProgramme.objects.filter(pk=h.pk).update(quand=_moment(10))
        Entree.objects.all().delete()  # only the copies remain to be seen

        for module in ("territoire.reseau.migrations.0004_historique_vers_journal_commun",
                       "territoire.programme.migrations.0002_historique_vers_journal_commun",
                       "territoire.guichet.migrations.0003_transitions_vers_journal_commun"):
            import_module(module).copier(etat, None)

        assert Entree.objects.count() == 3 + 1 + 4, "3 du réseau, 1 transition sans jumelle, 4 du programme"
        cree = Entree.objects.de(orga).get()
        assert cree.le == _moment(1) and cree.auteur == alice and cree.nature == "creation"
        etapes = list(Entree.objects.de(demande).order_by("le"))
        assert [e.changements["statut"] for e in etapes] == [[None, "nouvelle"], ["nouvelle", "prise_en_charge"],
                                                             ["prise_en_charge", "faite"]]
        assert [e.note for e in etapes] == ["Déposée (Équipe)", "Rendez-vous le 6", "Deux candidats reçus"]
        assert [e.nature for e in etapes] == ["creation", "statut", "statut"]
        assert all(e.territoire_id == territoire.pk for e in etapes)
        sur_fiche = Entree.objects.de(fiche)
        assert sorted(sur_fiche.values_list("element", "element_id")) == [("", None), ("jalon", 77)]
        assert all(e.le == _moment(10) and e.auteur == alice for e in sur_fiche)
        seance = Entree.objects.get(content_type__model="seance")
        assert seance.object_id == 5 and seance.action == "Création : séance"
        inconnu = Entree.objects.get(element="objet inconnu")
        assert inconnu.content_type.model == "territoire" and inconnu.object_id == territoire.pk
    finally:
        with connection.schema_editor() as editeur:
            for modele in anciens:
                editeur.delete_model(modele)
