"""Merging two duplicate organisations keeps every link, discovered from the model graph."""

from __future__ import annotations

from datetime import date

import pytest
from django.apps import apps
from django.contrib.contenttypes.fields import GenericForeignKey
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from territoire.comptes.models import Adhesion
from territoire.guichet.models import Dispositif, Institution
from territoire.historique.models import Entree
from territoire.reseau import actions
from territoire.reseau.actions.fusion import liens_vers_organisation
from territoire.reseau.models import Contact, Etiquette, Organisation, OrganisationFusionnee
from tests.guichet import factories as gf
from tests.reseau import factories as f

pytestmark = pytest.mark.django_db


def _url(nom, territoire, **kw):
    return reverse(f"reseau:{nom}", kwargs={"territoire": territoire.slug, **kw})


def test_chaque_relation_du_projet_vers_organisation_est_trouvee_sans_liste_ecrite():
    """Every FK, one-to-one and many-to-many of every installed app that points at
    Organisation, and every generic key, is a link the merge moves (apps added later too)."""
    trouves = {(lien.modele, lien.champ) for lien in liens_vers_organisation()}
    for modele in apps.get_models():
        for champ in modele._meta.concrete_fields:
            if champ.is_relation and champ.related_model is Organisation:
                assert (modele, champ.attname) in trouves, f"{modele._meta.label}.{champ.name}"
        for m2m in modele._meta.local_many_to_many:
            if m2m.related_model is Organisation or modele is Organisation:
                through = m2m.remote_field.through
                assert any(m is through for m, _ in trouves), f"{modele._meta.label}.{m2m.name}"
        for prive in modele._meta.private_fields:
            if isinstance(prive, GenericForeignKey):
                assert (modele, prive.fk_field) in trouves


def _doublons(territoire):
    vraie = f.organisation(territoire, nom="CCI Artois", type="partenaire", naf="", tranche="")
    fictive = f.organisation(territoire, nom="CCI ARTOIS", type="partenaire", naf="94.11Z", tranche="", fictif=True,
                             description="Partenaire du programme (antennes fictives).")
    return vraie, fictive


def test_la_fusion_reprend_tous_les_liens_et_supprime_le_doublon(territoire, alice, david):
    vraie, fictive = _doublons(territoire)
    camille = f.contact(fictive)
    actions.enregistrer_interaction(territoire, fictive, type="visite", date=date(2026, 5, 4), objet="Visite")
    institution = Institution.objects.create(territoire=territoire, organisation=fictive, nom="CCI Artois")
    demande = gf.demande(territoire, fictive)
    aide = Dispositif.objects.create(nom="Prêt", type_aide="pret", financeur=fictive)
    etiquette = Etiquette.objects.create(nom="Club")
    fictive.etiquettes.add(etiquette)
    vraie.etiquettes.add(etiquette)  # already on both: kept once
    ev = f.evenement(territoire)
    actions.inscrire(ev, fictive)
    Adhesion.objects.filter(utilisateur=david).update(organisation=fictive)
    entrees_avant = Entree.objects.de(fictive).count()

    apercu = actions.apercu_fusion(vraie, fictive)
    assert not apercu.conflits and apercu.total >= 7
    assert apercu.champs["naf"] == ("", "94.11Z")
    resultat = actions.fusionner_organisations(vraie, fictive, auteur=alice)

    assert not Organisation.objects.filter(pk=fictive.pk).exists()
    camille.refresh_from_db()
    institution.refresh_from_db()
    demande.refresh_from_db()
    aide.refresh_from_db()
    assert camille.organisation == vraie and institution.organisation == vraie and demande.organisation == vraie
    assert aide.financeur == vraie and vraie.interactions.count() == 1 and vraie.inscriptions.count() == 1
    assert list(vraie.etiquettes.all()) == [etiquette]
    assert Adhesion.objects.get(utilisateur=david).organisation == vraie
    vraie.refresh_from_db()
    assert vraie.naf == "94.11Z", "un champ vide de la gardée prend la valeur du doublon"
    # Its history came along, and the merge is in it.
    assert Entree.objects.de(vraie).count() == entrees_avant + 1  # the duplicate's entries, and the merge
    fusion = Entree.objects.de(vraie).get(nature="fusion")
    assert fusion.auteur == alice and "CCI ARTOIS" in fusion.action
    assert resultat.total == apercu.total
    assert OrganisationFusionnee.objects.get(ancien_id=fictive.pk).organisation == vraie


def test_l_ancienne_adresse_du_doublon_mene_a_l_organisation_gardee(client, territoire, alice):
    vraie, fictive = _doublons(territoire)
    ancien = fictive.pk
    actions.fusionner_organisations(vraie, fictive, auteur=alice)
    client.force_login(alice)
    reponse = client.get(_url("organisation", territoire, pk=ancien))
    assert reponse.status_code == 302 and reponse["Location"] == _url("organisation", territoire, pk=vraie.pk)


def test_deux_liens_qui_se_contrediraient_font_refuser_la_fusion_sans_rien_changer(territoire, alice):
    vraie, fictive = _doublons(territoire)
    Institution.objects.create(territoire=territoire, organisation=vraie, nom="CCI Artois")
    inst = Institution.objects.create(territoire=territoire, organisation=fictive, nom="CCI Artois (fictive)")
    gf.antenne(inst)
    camille = f.contact(fictive)
    with pytest.raises(ValidationError, match="existe pour les deux organisations"):
        actions.fusionner_organisations(vraie, fictive, auteur=alice)
    camille.refresh_from_db()
    assert Organisation.objects.filter(pk=fictive.pk).exists() and camille.organisation == fictive


def test_une_ligne_identique_des_deux_cotes_est_gardee_une_fois(territoire, alice):
    vraie, fictive = _doublons(territoire)
    ev = f.evenement(territoire)
    actions.inscrire(ev, vraie)
    actions.inscrire(ev, fictive)
    actions.fusionner_organisations(vraie, fictive, auteur=alice)
    assert ev.inscriptions.get().organisation == vraie


def test_une_personne_hors_de_l_equipe_d_un_des_territoires_ne_fusionne_pas(territoire, autre_territoire, alice):
    vraie, fictive = _doublons(territoire)
    fictive.territoires.add(autre_territoire)
    with pytest.raises(PermissionDenied, match="Autre territoire"):
        actions.fusionner_organisations(vraie, fictive, auteur=alice)
    assert Organisation.objects.filter(pk=fictive.pk).exists()


def test_la_page_de_fusion_propose_les_doublons_compare_puis_fusionne(client, territoire, alice):
    vraie, fictive = _doublons(territoire)
    f.contact(fictive)
    client.force_login(alice)
    page = client.get(_url("fusion", territoire)).content.decode()
    assert "Doublons probables" in page and f"?gardee={vraie.pk}&amp;doublon={fictive.pk}" in page
    apercu = client.get(_url("fusion", territoire), {"gardee": vraie.pk, "doublon": fictive.pk}).content.decode()
    assert "Liens repris" in apercu and "contacts" in apercu and "94.11Z" in apercu
    assert Organisation.objects.filter(pk=fictive.pk).exists(), "un GET ne fusionne rien"
    reponse = client.post(_url("fusion", territoire), {"gardee": vraie.pk, "doublon": fictive.pk, "nom": "gardee",
                                                       "naf": "gardee", "description": "doublon", "fictif": "gardee"})
    assert reponse.status_code == 302
    vraie.refresh_from_db()
    assert vraie.naf == "" and vraie.description.startswith("Partenaire du programme") and not vraie.fictif
    assert Contact.objects.get().organisation == vraie


def test_la_fusion_d_une_organisation_avec_elle_meme_est_refusee(client, territoire, alice):
    vraie, _ = _doublons(territoire)
    client.force_login(alice)
    reponse = client.post(_url("fusion", territoire), {"gardee": vraie.pk, "doublon": vraie.pk})
    assert reponse.status_code == 400 and "deux organisations différentes" in reponse.content.decode()


def test_le_pilotage_et_les_partenaires_ne_fusionnent_pas(client, territoire, bruno, chloe):
    vraie, fictive = _doublons(territoire)
    for qui in (bruno, chloe):
        client.force_login(qui)
        assert client.post(_url("fusion", territoire), {"gardee": vraie.pk, "doublon": fictive.pk}).status_code == 403
    assert Organisation.objects.filter(pk=fictive.pk).exists()


def test_deux_siret_differents_ou_un_entrepreneur_masque_ne_sont_pas_des_doublons(territoire):
    """The demo holds two masked sole traders, both « Entrepreneur individuel », with their own SIRET."""
    from territoire.reseau.views.fusion import doublons_probables

    f.organisation(territoire, nom="Entrepreneur individuel", siret="05846246600010")
    f.organisation(territoire, nom="Entrepreneur individuel", siret="71523707900010")
    f.organisation(territoire, nom="Entrepreneur individuel")
    f.organisation(territoire, nom="Entrepreneur individuel")
    f.organisation(territoire, nom="Boulangerie Dupont", siret="05846246600028")
    f.organisation(territoire, nom="BOULANGERIE DUPONT", siret="71523707900028")
    vraie = f.organisation(territoire, nom="Fonderie de l'Artois", siret="05846246600036")
    fictive = f.organisation(territoire, nom="FONDERIE DE L'ARTOIS", fictif=True)
    assert [[o.pk for o in g] for g in doublons_probables(territoire)] == [[vraie.pk, fictive.pk]]
