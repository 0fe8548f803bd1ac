"""The network's writes: interactions and follow-ups, events, portfolio, GDPR export and erasure."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from territoire.reseau import actions
from territoire.reseau.models import Contact, Historique, Organisation
from tests.guichet import factories as gf
from tests.reseau import factories as f

pytestmark = pytest.mark.django_db


def test_interaction_avec_suite_et_historique(territoire, alice):
    orga = f.organisation(territoire)
    camille = f.contact(orga)
    i = actions.enregistrer_interaction(
        territoire, orga, type="visite", date=date(2026, 10, 2), objet="Visite de l'atelier",
        contacts=[camille], auteur=alice,
        suivi={"action": "Envoyer la liste des formations", "echeance": date(2026, 10, 16)},
    )
    suivi = i.suivis.get()
    assert suivi.responsable == alice and not suivi.fait
    assert suivi.en_retard(date(2026, 10, 17))
    actions.marquer_suivi_fait(suivi, alice)
    assert suivi.fait and not suivi.en_retard(date(2026, 10, 17))
    assert list(actions.historique_de(orga).values_list("action", flat=True)) == [
        "Suite faite : Envoyer la liste des formations", "Visite enregistrée : Visite de l'atelier",
    ]


def test_entreprises_non_rencontrees_depuis_12_mois(territoire):
    vue = f.organisation(territoire, nom="Vue récemment")
    ancienne = f.organisation(territoire, nom="Vue il y a deux ans")
    jamais = f.organisation(territoire, nom="Jamais vue")
    ecrite = f.organisation(territoire, nom="Seulement un courriel")
    f.organisation(territoire, nom="CCI", type="partenaire")
    aujourdhui = timezone.localdate()
    actions.enregistrer_interaction(territoire, vue, type="appel", date=aujourdhui - timedelta(days=30), objet="Appel")
    actions.enregistrer_interaction(territoire, ancienne, type="visite", date=aujourdhui - timedelta(days=700), objet="Visite")
    actions.enregistrer_interaction(territoire, ecrite, type="courriel", date=aujourdhui, objet="Info")
    noms = set(Organisation.objects.non_rencontrees(territoire).values_list("nom", flat=True))
    assert noms == {ancienne.nom, jamais.nom, ecrite.nom}


def test_inscription_et_presence(territoire, alice):
    orga = f.organisation(territoire)
    ev = f.evenement(territoire)
    ins = actions.inscrire(ev, orga, auteur=alice)
    assert actions.inscrire(ev, orga) == ins  # une seule inscription
    actions.noter_presence(ins, "present", "Souhaite visiter le Technopôle", auteur=alice)
    ins.refresh_from_db()
    assert ins.presence == "present"
    assert Historique.objects.filter(action__startswith="Présence").get().changements["presence"] == ["inscrit", "present"]


def test_export_rgpd_contient_tout_ce_qui_concerne_la_personne(territoire):
    orga = f.organisation(territoire, nom="Atelier Dupuis")
    camille = f.contact(orga, telephone="03 21 00 00 00")
    actions.enregistrer_interaction(territoire, orga, type="appel", date=date(2026, 9, 1), objet="Appel", contacts=[camille])
    gf.demande(territoire, orga).__class__.objects.update(contact=camille)
    export = actions.exporter_contact(camille)
    assert export["personne"]["courriel"] == "camille.martin@example.org"
    assert export["organisation"] == "Atelier Dupuis"
    assert [i["objet"] for i in export["interactions"]] == ["Appel"]
    assert export["demandes"][0]["sujet"] == "Recruter, former"


def test_effacement_rgpd_garde_la_forme_de_l_historique_sans_la_personne(territoire, alice):
    orga = f.organisation(territoire)
    camille = f.contact(orga, telephone="03 21 00 00 00")
    actions.enregistrer_historique(camille, alice, "Courriel corrigé", {"email": ["ancien@example.org", camille.email]})
    i = actions.enregistrer_interaction(territoire, orga, type="visite", date=date(2026, 9, 1), objet="Visite", contacts=[camille])
    d = gf.demande(territoire, orga)
    d.contact = camille
    d.save()
    actions.effacer_contact(camille, alice)
    camille.refresh_from_db()
    assert (camille.prenom, camille.email, camille.telephone, str(camille)) == ("", "", "", "Personne effacée")
    assert list(i.contacts.all()) == [camille]  # l'interaction garde « une personne »
    d.refresh_from_db()
    assert d.contact == camille
    textes = str(list(Historique.objects.values_list("changements", flat=True)))
    assert "Martin" not in textes and "camille" not in textes and "ancien@example.org" not in textes
    assert Historique.objects.filter(action__contains="effacées", auteur=alice).exists()
    assert Contact.objects.count() == 1


def test_organisation_copie_le_profil_de_son_etablissement(territoire):
    from territoire.etablissements.models import Etablissement

    ruitz = territoire.communes.get(nom="Ruitz")
    etab = Etablissement.objects.create(
        siret="73282932000074", siren="732829320", nic="00074", code_commune="62729", commune=ruitz,
        naf="27.11Z", tranche_effectifs="22", latitude=50.47, longitude=2.59,
    )
    orga = actions.creer_organisation_entreprise(territoire, nom="Moteurs du Nord", etablissement=etab)
    assert (orga.siret, orga.commune, orga.naf, orga.tranche_effectifs) == ("73282932000074", ruitz, "27.11Z", "22")
    assert list(orga.territoires.all()) == [territoire]
