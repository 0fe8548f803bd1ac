"""Personal data in the network: lawful basis, erasure that redacts free text, what steering
never sees, GETs that never write."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from territoire.historique.models import Entree
from territoire.reseau import actions
from territoire.reseau.models import Contact
from tests.guichet import factories as gf
from tests.reseau import factories as f

pytestmark = pytest.mark.django_db


def _url(nom, territoire, **kw):
    return reverse(f"reseau:{nom}", kwargs={"territoire": territoire.slug, **kw})


def test_l_equipe_cree_un_contact_avec_sa_base_legale_et_un_consentement_date(client, territoire, alice):
    orga = f.organisation(territoire, nom="Fonderie")
    client.force_login(alice)
    donnees = {"prenom": "Inès", "nom": "Roux", "fonction": "DRH", "email": "ines.roux@fonderie.example",
               "telephone": "03 21 11 22 33", "base_legale": "consentement", "date_consentement": ""}
    reponse = client.post(_url("contact_nouveau", territoire, pk=orga.pk), donnees)
    assert reponse.status_code == 400 and "Un consentement se date" in reponse.content.decode()
    assert not Contact.objects.exists()
    donnees["date_consentement"] = "2026-03-02"
    client.post(_url("contact_nouveau", territoire, pk=orga.pk), donnees)
    ines = Contact.objects.get()
    assert ines.base_legale == "consentement" and ines.date_consentement == date(2026, 3, 2)
    client.post(_url("contact_modifier", territoire, pk=ines.pk), {**donnees, "base_legale": "interet_legitime",
                                                                     "date_consentement": ""})
    entree = actions.historique_de(ines).get(action="Base légale changée")
    assert entree.auteur == alice and entree.changements["base_legale"] == ["consentement", "interet_legitime"]


def test_un_telephone_ou_du_html_hostile_sont_refuses_ou_gardes_inertes(client, territoire, alice):
    orga = f.organisation(territoire)
    client.force_login(alice)
    reponse = client.post(_url("contact_nouveau", territoire, pk=orga.pk), {
        "nom": "<script>alert(1)</script>", "telephone": "=1+1", "base_legale": "interet_legitime"})
    assert reponse.status_code == 400 and "Numéro attendu" in reponse.content.decode()
    client.post(_url("contact_nouveau", territoire, pk=orga.pk), {"nom": "<script>alert(1)</script>",
                                                                    "base_legale": "interet_legitime"})
    page = client.get(_url("organisation", territoire, pk=orga.pk)).content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_l_effacement_propose_d_expurger_le_nom_et_le_telephone_des_textes_libres(client, territoire, alice):
    orga = f.organisation(territoire, nom="Tôlerie Martin")
    camille = f.contact(orga, telephone="03 21 45 67 89")
    autre = f.contact(orga, prenom="Paul", nom="Durand", email="paul@example.org")
    d = gf.demande(territoire, orga)
    d.description = "Rappeler Camille Martin au 0321456789 pour le poste de soudeur. Paul Durand est en copie."
    d.save()
    i = actions.enregistrer_interaction(territoire, orga, type="appel", date=date(2026, 2, 3), objet="Appel",
                                        notes="MARTIN Camille absente ; joindre camille.martin@example.org")
    actions.commenter(orga, alice, "Camille Martin préfère être appelée le matin.", territoire=territoire)
    client.force_login(alice)
    page = client.get(_url("contact_effacer", territoire, pk=camille.pk)).content.decode()
    assert "Rappeler Camille Martin au 0321456789" in page and "MARTIN Camille absente" in page
    assert not Contact.objects.filter(efface_le__isnull=False).exists(), "un GET n'efface rien"
    mentions = actions.mentions_de(camille, territoire)
    cles = [m.cle for m in mentions]
    assert f"guichet.Demande:{d.pk}:description" in cles and f"reseau.Interaction:{i.pk}:notes" in cles
    # The team keeps one mention (unticked) and redacts the other.
    client.post(_url("contact_effacer", territoire, pk=camille.pk), {"expurger": [f"guichet.Demande:{d.pk}:description"]})
    d.refresh_from_db()
    i.refresh_from_db()
    assert d.description == "Rappeler [effacé] au [effacé] pour le poste de soudeur. Paul Durand est en copie."
    assert "MARTIN Camille" in i.notes
    camille.refresh_from_db()
    assert camille.efface_le and camille.nom == "[effacé]" and not camille.telephone
    autre.refresh_from_db()
    assert autre.nom == "Durand", "les autres personnes ne sont pas touchées"
    # The history (comments included) no longer names her.
    textes = " ".join(Entree.objects.values_list("action", flat=True)) + " ".join(Entree.objects.values_list("note", flat=True))
    assert "Camille Martin" not in textes and "[effacé] préfère" in textes
    assert actions.historique_de(d).filter(action__contains="effacées du champ", auteur=alice).exists()


def test_une_mention_forgee_hors_du_territoire_n_est_pas_expurgee(client, territoire, autre_territoire, alice):
    orga = f.organisation(territoire)
    camille = f.contact(orga)
    ailleurs = gf.demande(autre_territoire, f.organisation(autre_territoire))
    ailleurs.description = "Camille Martin, voir avec elle."
    ailleurs.save()
    client.force_login(alice)
    client.post(_url("contact_effacer", territoire, pk=camille.pk), {"expurger": [f"guichet.Demande:{ailleurs.pk}:description"]})
    ailleurs.refresh_from_db()
    assert ailleurs.description == "Camille Martin, voir avec elle."


def test_le_pilotage_ne_voit_pas_les_noms_des_personnes_sur_les_evenements_et_les_echanges(client, territoire, bruno, chloe):
    orga = f.organisation(territoire, nom="Fonderie")
    camille = f.contact(orga)
    ev = f.evenement(territoire)
    actions.inscrire(ev, orga, camille)
    actions.enregistrer_interaction(territoire, orga, type="visite", date=date(2026, 4, 1), objet="Visite",
                                    contacts=[camille])
    client.force_login(bruno)
    for page in (client.get(_url("evenement", territoire, pk=ev.pk)), client.get(_url("organisation", territoire, pk=orga.pk))):
        assert page.status_code == 200 and "Camille" not in page.content.decode() and "Martin" not in page.content.decode()
    client.force_login(chloe)
    assert "Camille Martin" in client.get(_url("evenement", territoire, pk=ev.pk)).content.decode()
    assert "Camille Martin" in client.get(_url("organisation", territoire, pk=orga.pk)).content.decode()


def test_un_get_d_une_page_du_reseau_n_ecrit_jamais_dans_l_historique(client, territoire, alice):
    orga = f.organisation(territoire)
    camille = f.contact(orga)
    ev = f.evenement(territoire)
    client.force_login(alice)
    avant = Entree.objects.count()
    for nom, kw in (("contact_export", {"pk": camille.pk}), ("contact_effacer", {"pk": camille.pk}),
                    ("organisation", {"pk": orga.pk}), ("evenement", {"pk": ev.pk}), ("fusion", {}),
                    ("evenement_annuler", {"pk": ev.pk})):
        assert client.get(_url(nom, territoire, **kw)).status_code == 200
    assert Entree.objects.count() == avant


def test_le_registre_dit_ou_les_donnees_personnelles_peuvent_se_trouver(client, territoire):
    """Every free text that erasure searches (TEXTES_LIBRES) is named on the register page."""
    from territoire.reseau.actions import textes_libres

    page = client.get(reverse("portail:donnees_personnelles", kwargs={"territoire": territoire.slug})).content.decode()
    page = page.replace("&#x27;", "'")
    noms = {
        ("reseau.Organisation", "description"): "description d'une organisation",
        ("reseau.Interaction", "objet"): "objet et notes d'un échange", ("reseau.Interaction", "notes"): "notes d'un échange",
        ("reseau.Suivi", "action"): "suites à donner",
        ("reseau.EvenementReseau", "description"): "description, compte rendu et motif d'annulation d'un événement",
        ("reseau.EvenementReseau", "compte_rendu"): "compte rendu", ("reseau.EvenementReseau", "motif_annulation"): "motif d'annulation",
        ("reseau.Inscription", "suite"): "suite d'une inscription",
        ("guichet.Demande", "description"): "texte d'une demande au guichet",
        ("guichet.Demande", "satisfaction_commentaire"): "commentaire de satisfaction",
    }
    declares = {(t.modele, champ) for t in textes_libres() for champ in t.champs}
    assert declares == set(noms), "un texte libre ajouté doit être nommé dans le registre (et ici)"
    for place, texte in noms.items():
        assert texte in page, place
    assert "« [effacé] »" in page
