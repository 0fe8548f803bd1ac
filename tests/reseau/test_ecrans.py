"""The network's screens: organisations (create, edit), events (create, edit, cancel), the
CRM list, a firm's timeline."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from territoire.guichet import actions as guichet
from territoire.historique.models import Entree
from territoire.reseau import actions
from territoire.reseau.models import EvenementReseau, Organisation
from tests.guichet import factories as gf
from tests.reseau import factories as f

pytestmark = pytest.mark.django_db


def _url(nom, territoire, **kw):
    return reverse(f"reseau:{nom}", kwargs={"territoire": territoire.slug, **kw})


def test_l_equipe_cree_puis_modifie_une_organisation_et_l_historique_le_dit(client, territoire, alice):
    client.force_login(alice)
    ruitz = territoire.communes.get(nom="Ruitz")
    reponse = client.post(_url("organisation_nouvelle", territoire), {
        "nom": "  Usinage   des Flandres ", "type": "entreprise", "siret": "12345678901234", "commune": ruitz.pk,
        "naf": "25.62a", "tranche_effectifs": "12"})
    assert reponse.status_code == 400 and "clé valide" in reponse.content.decode()
    assert not Organisation.objects.exists()
    reponse = client.post(_url("organisation_nouvelle", territoire), {
        "nom": "  Usinage   des Flandres ", "type": "entreprise", "siret": "", "commune": ruitz.pk,
        "naf": "25.62a", "tranche_effectifs": "12"})
    orga = Organisation.objects.get()
    assert reponse["Location"] == _url("organisation", territoire, pk=orga.pk)
    assert orga.nom == "Usinage des Flandres" and orga.naf == "25.62A" and territoire in orga.territoires.all()
    client.post(_url("organisation_modifier", territoire, pk=orga.pk), {
        "nom": "Usinage des Flandres", "type": "entreprise", "commune": ruitz.pk, "naf": "25.62B", "tranche_effectifs": "21"})
    entree = actions.historique_de(orga).get(action="Organisation modifiée")
    assert entree.auteur == alice and entree.changements["naf"] == ["25.62A", "25.62B"]
    page = client.get(_url("organisation_historique", territoire, pk=orga.pk)).content.decode()
    assert "Organisation modifiée" in page and "25.62A" in page


def test_evenement_cree_modifie_annule_puis_retabli(client, territoire, alice):
    client.force_login(alice)
    orga = f.organisation(territoire, nom="Fonderie")
    reponse = client.post(_url("evenement_nouveau", territoire), {"titre": "", "type": "club", "date": "2026-06-04T18:00"})
    assert reponse.status_code == 400 and not EvenementReseau.objects.exists()
    client.post(_url("evenement_nouveau", territoire), {"titre": "Club des DRH", "type": "club", "date": "2026-06-04T18:00",
                                                       "lieu": "Technopôle"})
    ev = EvenementReseau.objects.get()
    assert timezone.localtime(ev.date).hour == 18
    client.post(_url("inscrire", territoire, pk=ev.pk), {"organisation": orga.pk})
    client.post(_url("evenement_modifier", territoire, pk=ev.pk), {"titre": "Club des DRH", "type": "atelier",
                                                                   "date": "2026-06-04T18:30", "lieu": "Technopôle"})
    ev.refresh_from_db()
    assert ev.type == "atelier"
    assert client.post(_url("evenement_annuler", territoire, pk=ev.pk), {"motif": ""}).status_code == 400
    client.post(_url("evenement_annuler", territoire, pk=ev.pk), {"motif": "Salle indisponible"})
    ev.refresh_from_db()
    assert ev.annule and ev.motif_annulation == "Salle indisponible" and ev.inscriptions.count() == 1
    page = client.get(_url("organisation", territoire, pk=orga.pk)).content.decode()
    assert "Annulé : Salle indisponible" in page
    client.post(_url("inscrire", territoire, pk=ev.pk), {"organisation": f.organisation(territoire).pk})
    assert ev.inscriptions.count() == 1, "on ne s'inscrit pas à un événement annulé"
    client.post(_url("evenement_retablir", territoire, pk=ev.pk))
    ev.refresh_from_db()
    assert not ev.annule
    assert [e.action for e in actions.historique_de(ev).order_by("le", "pk")] == [
        "Événement créé", "Événement modifié", "Événement annulé", "Annulation levée : l'événement a lieu"]


def test_la_presence_change_sans_recharger_la_page_avec_htmx(client, territoire, alice):
    orga = f.organisation(territoire, nom="Fonderie")
    ev = f.evenement(territoire)
    ins = actions.inscrire(ev, orga)
    client.force_login(alice)
    reponse = client.post(_url("presence", territoire, pk=ins.pk), {f"i{ins.pk}-presence": "present", f"i{ins.pk}-suite": ""},
                          HTTP_HX_REQUEST="true")
    contenu = reponse.content.decode()
    assert reponse.status_code == 200 and contenu.lstrip().startswith(f'<tr id="inscription-{ins.pk}"')
    assert "Enregistré" in contenu and "<html" not in contenu
    ins.refresh_from_db()
    assert ins.presence == "present"
    mauvais = client.post(_url("presence", territoire, pk=ins.pk), {f"i{ins.pk}-presence": "<b>x</b>"}, HTTP_HX_REQUEST="true")
    assert mauvais.status_code == 400 and "<b>x</b>" not in mauvais.content.decode()


def test_la_liste_crm_filtre_par_etiquette_trie_a_la_francaise_et_garde_tout_dans_l_url(client, territoire, alice):
    from territoire.reseau.models import Etiquette

    club = Etiquette.objects.create(nom="Club industrie")
    for nom in ("Beuvry Usinage", "Béthune Métal", "Beugin Fonderie", "Noeud Tôlerie", "Nœux Plasturgie"):
        o = f.organisation(territoire, nom=nom)
        if nom != "Beugin Fonderie":
            o.etiquettes.add(club)
    client.force_login(alice)
    page = client.get(_url("organisations", territoire), {"etiquette": club.pk, "tri": "nom"}).content.decode()
    ordre = [n for n in ("Béthune Métal", "Beuvry Usinage", "Noeud Tôlerie", "Nœux Plasturgie") if n in page]
    assert ordre == sorted(ordre, key=page.index) and "Beugin Fonderie" not in page
    assert page.index("Béthune Métal") < page.index("Beuvry Usinage") < page.index("Noeud Tôlerie") < page.index("Nœux Plasturgie")
    assert "4 organisations" in page
    fragment = client.get(_url("organisations", territoire), {"etiquette": club.pk}, HTTP_HX_REQUEST="true",
                          HTTP_HX_TARGET="liste").content.decode()
    assert "<html" not in fragment and "Béthune Métal" in fragment
    mauvais = client.get(_url("organisations", territoire), {"naf": "<script>", "etiquette": "abc"}).content.decode()
    assert "Certains filtres n'ont pas été appliqués" in mauvais and "<script>" not in mauvais


def test_la_liste_crm_en_nombre_de_requetes_constant(client, territoire, alice):
    client.force_login(alice)

    def requetes():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(_url("organisations", territoire)).status_code == 200
        return len(ctx.captured_queries)

    f.organisation(territoire)
    avant = requetes()
    from territoire.reseau.models import Etiquette

    e = Etiquette.objects.create(nom="Club")
    for i in range(30):
        o = f.organisation(territoire, commune=territoire.communes.first())
        o.etiquettes.add(e)
        actions.enregistrer_interaction(territoire, o, type="appel", date=date(2026, 1, 1 + i % 28), objet="Appel")
    assert requetes() == avant


def test_la_chronologie_d_une_entreprise_reunit_tout_avec_statut_et_age(client, territoire, alice):
    ruitz = territoire.communes.get(nom="Ruitz")
    orga = f.organisation(territoire, nom="Moteurs du Nord", commune=ruitz)
    aujourdhui = timezone.localdate()
    actions.enregistrer_interaction(territoire, orga, type="visite", date=aujourdhui - timedelta(days=12),
                                    objet="Visite de l'usine", auteur=alice,
                                    suivi={"action": "Envoyer l'offre", "echeance": aujourdhui - timedelta(days=2)})
    d = gf.demande(territoire, orga, commune=ruitz)
    guichet.changer_statut(d, "prise_en_charge", par=alice, note="Rendez-vous fixé")
    actions.inscrire(f.evenement(territoire, titre="Semaine de l'industrie"), orga)
    actions.commenter(orga, alice, "Projet d'extension en 2027.", territoire=territoire)
    client.force_login(alice)
    page = client.get(_url("organisation", territoire, pk=orga.pk)).content.decode()
    debut = page.index('id="chronologie"')
    chrono = page[debut:page.index("</section>", debut)]
    for attendu in ("Visite de l&#x27;usine", "J+12", "Envoyer l&#x27;offre", "En retard", f"Demande n° {d.pk}",
                    "Statut : Prise en charge", "Rendez-vous fixé", "Semaine de l&#x27;industrie",
                    "Projet d&#x27;extension en 2027.", "Par alice"):
        assert attendu in chrono, attendu


def test_l_entreprise_voit_sa_chronologie_sans_les_notes_internes(client, territoire, david):
    orga = f.organisation(territoire, nom="Moteurs du Nord")
    f.rattacher(david, territoire, "entreprise", orga)
    actions.enregistrer_interaction(territoire, orga, type="visite", date=date(2026, 3, 1), objet="Visite confidentielle")
    actions.commenter(orga, None, "Commentaire interne", territoire=territoire)
    d = gf.demande(territoire, orga)
    guichet.changer_statut(d, "pas_pour_nous", note="Note interne du conseiller")
    client.force_login(david)
    page = client.get(_url("organisation", territoire, pk=orga.pk)).content.decode()
    assert f"Demande n° {d.pk}" in page
    for cache in ("Visite confidentielle", "Commentaire interne", "Note interne du conseiller"):
        assert cache not in page
    assert not Entree.objects.filter(action__contains="consult").exists()


def test_un_commentaire_vide_ou_d_un_etranger_n_est_pas_enregistre(client, territoire, alice, eve, david):
    orga = f.organisation(territoire)
    client.force_login(alice)
    client.post(_url("commenter", territoire, pk=orga.pk), {"texte": "   "})
    assert not Entree.objects.filter(nature="commentaire").exists()
    for qui in (eve, david):
        client.force_login(qui)
        assert client.post(_url("commenter", territoire, pk=orga.pk), {"texte": "Intrusion"}).status_code == 403
    assert not Entree.objects.filter(nature="commentaire").exists()


def test_aucun_formulaire_du_reseau_n_offre_des_tirets_comme_choix_vide(client, territoire, alice):
    orga = f.organisation(territoire)
    camille = f.contact(orga)
    ev = f.evenement(territoire)
    actions.inscrire(ev, orga)
    client.force_login(alice)
    for nom, kw in (("organisations", {}), ("organisation_nouvelle", {}), ("organisation", {"pk": orga.pk}),
                    ("contact_modifier", {"pk": camille.pk}), ("evenement_nouveau", {}), ("evenement", {"pk": ev.pk}),
                    ("fusion", {})):
        assert "---------" not in client.get(_url(nom, territoire, **kw)).content.decode(), nom


def test_l_equipe_pose_des_etiquettes_nouvelles_et_existantes(client, territoire, alice):
    from territoire.reseau.models import Etiquette

    club = Etiquette.objects.create(nom="Club industrie")
    orga = f.organisation(territoire, nom="Fonderie")
    client.force_login(alice)
    client.post(_url("organisation_modifier", territoire, pk=orga.pk), {
        "nom": "Fonderie", "type": "entreprise", "naf": "24.51Z", "etiquettes": [club.pk],
        "nouvelles_etiquettes": " Export , club INDUSTRIE, export"})
    assert sorted(orga.etiquettes.values_list("nom", flat=True)) == ["Club industrie", "Export"]
    assert Etiquette.objects.count() == 2
    entree = actions.historique_de(orga).get(action="Organisation modifiée")
    assert entree.changements["etiquettes"] == [[], ["Club industrie", "Export"]]
    # A refused form creates no tag.
    client.post(_url("organisation_modifier", territoire, pk=orga.pk), {
        "nom": "", "type": "entreprise", "nouvelles_etiquettes": "Fantôme"})
    assert not Etiquette.objects.filter(nom="Fantôme").exists()
