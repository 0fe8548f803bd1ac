"""The network through the test client: firm page, directory filters, exports, GDPR, events."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from territoire.reseau import actions
from territoire.reseau.models import Contact, Interaction, Organisation
from tests.guichet import factories as gf
from tests.reseau import factories as f

pytestmark = pytest.mark.django_db


def _url(nom, territoire, **kw):
    return reverse(f"reseau:{nom}", kwargs={"territoire": territoire.slug, **kw})


def test_la_fiche_raconte_toute_l_histoire_de_l_entreprise(client, territoire, alice):
    orga = f.organisation(territoire, nom="Moteurs du Nord")
    camille = f.contact(orga)
    actions.enregistrer_interaction(territoire, orga, type="visite", date=date(2026, 10, 2), objet="Visite de l'usine",
                                    contacts=[camille], suivi={"action": "Envoyer l'offre", "echeance": date(2026, 10, 9)})
    gf.demande(territoire, orga)
    actions.inscrire(f.evenement(territoire, titre="Semaine de l'industrie 2026"), orga)
    client.force_login(alice)
    page = client.get(_url("organisation", territoire, pk=orga.pk)).content.decode()
    for attendu in ("Moteurs du Nord", "Camille Martin", "Visite de l&#x27;usine", "Envoyer l&#x27;offre", "En retard",
                    "Demandes au guichet", "Recruter, former", "Semaine de l&#x27;industrie 2026", "Historique"):
        assert attendu in page, attendu


def test_fiche_en_nombre_de_requetes_constant(client, territoire, alice):
    orga = f.organisation(territoire)
    camille = f.contact(orga)

    def requetes():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(_url("organisation", territoire, pk=orga.pk)).status_code == 200
        return len(ctx.captured_queries)

    client.force_login(alice)
    actions.enregistrer_interaction(territoire, orga, type="appel", date=date(2026, 1, 5), objet="Premier appel",
                                    contacts=[camille], suivi={"action": "Rappeler", "echeance": date(2026, 2, 1)})
    gf.demande(territoire, orga)
    avant = requetes()
    for i in range(12):
        actions.enregistrer_interaction(territoire, orga, type="visite", date=date(2026, 3, 1 + i), objet=f"Visite {i}",
                                        contacts=[camille], suivi={"action": f"Suite {i}", "echeance": date(2026, 4, 1)})
        gf.demande(territoire, orga)
        actions.inscrire(f.evenement(territoire, titre=f"Club {i}"), orga)
    assert requetes() == avant


def test_entreprise_ne_voit_que_sa_fiche_sans_notes_internes(client, territoire, david):
    mienne = f.organisation(territoire, nom="Ma fonderie")
    autre = f.organisation(territoire, nom="Concurrent")
    actions.enregistrer_interaction(territoire, mienne, type="visite", date=date(2026, 9, 1), objet="Note interne confidentielle")
    f.rattacher(david, territoire, "entreprise", mienne)
    client.force_login(david)
    page = client.get(_url("organisation", territoire, pk=mienne.pk)).content.decode()
    assert "Ma fonderie" in page and "Note interne confidentielle" not in page
    assert client.get(_url("organisation", territoire, pk=autre.pk)).status_code == 404
    assert client.get(_url("organisations", territoire)).status_code == 403


def test_contacts_jamais_publics(client, territoire, bruno):
    orga = f.organisation(territoire, nom="Fonderie")
    f.contact(orga, email="secret@fonderie.example")
    assert client.get(_url("organisation", territoire, pk=orga.pk)).status_code == 302
    client.force_login(bruno)  # le pilotage voit la fiche, pas les personnes
    page = client.get(_url("organisation", territoire, pk=orga.pk)).content.decode()
    assert "Fonderie" in page and "secret@fonderie.example" not in page


def test_filtres_de_l_annuaire_et_carte_avec_tableau(client, territoire, alice):
    ruitz = territoire.communes.get(nom="Ruitz")
    bethune = territoire.communes.get(nom="Béthune")
    f.organisation(territoire, nom="Décolletage Ruitz", commune=ruitz, naf="25.62A", tranche="21")
    f.organisation(territoire, nom="Petite mécanique", commune=ruitz, naf="25.62B", tranche="02")
    f.organisation(territoire, nom="Plasturgie Béthune", commune=bethune, naf="22.29A", tranche="22")
    client.force_login(alice)
    page = client.get(_url("organisations", territoire), {"naf": "25", "tranche_min": "11"}).content.decode()
    assert "Décolletage Ruitz" in page and "Petite mécanique" not in page and "Plasturgie Béthune" not in page
    assert "<svg" in page and "Ruitz : 1" in page and "Organisations sélectionnées par commune" in page
    page = client.get(_url("organisations", territoire), {"commune": bethune.pk}).content.decode()
    assert "Plasturgie Béthune" in page and "Décolletage Ruitz" not in page
    erreur = client.get(_url("organisations", territoire), {"naf": "=1+1"}).content.decode()
    assert "Code NAF attendu" in erreur


def test_export_des_entreprises_filtre_et_neutralise(client, territoire, alice):
    ruitz = territoire.communes.get(nom="Ruitz")
    f.organisation(territoire, nom="@Formule SA", commune=ruitz, naf="25.62A")
    f.organisation(territoire, nom="Hors filtre", commune=ruitz, naf="10.71A")
    client.force_login(alice)
    brut = client.get(_url("organisations_export", territoire, format="csv"), {"naf": "25"}).content
    assert brut[:3] == b"\xef\xbb\xbf"
    lignes = list(csv.reader(io.StringIO(brut.decode("utf-8-sig")), delimiter=";"))
    assert [ligne[0] for ligne in lignes[1:]] == ["'@Formule SA"]
    geo = json.loads(client.get(_url("organisations_export", territoire, format="geojson"), {"naf": "25"}).content)
    assert geo["features"][0]["geometry"]["coordinates"] == [2.59, 50.47]  # centre de la commune


def test_portefeuille_des_entreprises_non_rencontrees(client, territoire, alice):
    vue = f.organisation(territoire, nom="Vue cette année")
    f.organisation(territoire, nom="Jamais vue")
    actions.enregistrer_interaction(territoire, vue, type="visite", date=date.today() - timedelta(days=10), objet="Visite")
    ecrite = f.organisation(territoire, nom="Écrite seulement")
    actions.enregistrer_interaction(territoire, ecrite, type="courriel", date=date.today() - timedelta(days=3), objet="Relance")
    ancienne = f.organisation(territoire, nom="Vue il y a longtemps")
    actions.enregistrer_interaction(territoire, ancienne, type="appel", date=date(2020, 3, 9), objet="Appel")
    client.force_login(alice)
    page = client.get(_url("non_rencontrees", territoire)).content.decode()
    assert "Jamais vue" in page and "Vue cette année" not in page
    # The page says which exchanges count; an email does not, and its row says when the last meeting was.
    assert "Comptent comme rencontre : une visite, un appel ou une réunion" in page and "Un courriel ne compte pas" in page
    ligne = page.split("Écrite seulement")[1].split("</tr>")[0]
    assert "jamais" in ligne and (date.today() - timedelta(days=3)).strftime("%d/%m/%Y") in ligne
    assert "09/03/2020" in page.split("Vue il y a longtemps")[1].split("</tr>")[0]


def test_enregistrer_un_echange_depuis_la_fiche(client, territoire, alice):
    orga = f.organisation(territoire)
    client.force_login(alice)
    reponse = client.post(_url("interaction_nouvelle", territoire, pk=orga.pk), {
        "type": "appel", "date": "2026-11-02", "objet": "Point recrutement", "notes": "<i>ok</i>",
        "suite": "Envoyer la fiche", "echeance": "",
    })
    assert reponse.status_code == 400 and "Donnez une échéance" in reponse.content.decode()
    assert Interaction.objects.count() == 0
    client.post(_url("interaction_nouvelle", territoire, pk=orga.pk), {
        "type": "appel", "date": "2026-11-02", "objet": "Point recrutement", "notes": "<i>ok</i>",
        "suite": "Envoyer la fiche", "echeance": "2026-11-09",
    })
    i = Interaction.objects.get()
    assert i.auteur == alice and i.suivis.get().action == "Envoyer la fiche"


def test_export_et_effacement_rgpd_par_l_equipe(client, territoire, alice, chloe):
    orga = f.organisation(territoire)
    camille = f.contact(orga)
    client.force_login(chloe)
    assert client.get(_url("contact_export", territoire, pk=camille.pk)).status_code == 403
    client.force_login(alice)
    # A GET of the export page never writes (it says what the file holds); the POST hands it over.
    for _ in range(2):
        assert "Télécharger le fichier" in client.get(_url("contact_export", territoire, pk=camille.pk)).content.decode()
    assert not actions.historique_de(camille).filter(action__contains="exportées").exists()
    reponse = client.post(_url("contact_export", territoire, pk=camille.pk))
    assert reponse["Content-Disposition"].startswith("attachment")
    export = json.loads(reponse.content)
    assert export["personne"]["nom"] == "Martin"
    assert actions.historique_de(camille).filter(action__contains="exportées", auteur=alice).count() == 1
    client.post(_url("contact_effacer", territoire, pk=camille.pk))
    camille.refresh_from_db()
    assert camille.efface_le and camille.email == ""
    assert "Personne effacée" in client.get(_url("organisation", territoire, pk=orga.pk)).content.decode()


def test_presence_aux_evenements(client, territoire, alice):
    orga = f.organisation(territoire, nom="Fonderie")
    ev = f.evenement(territoire)
    client.force_login(alice)
    client.post(_url("inscrire", territoire, pk=ev.pk), {"organisation": orga.pk})
    ins = ev.inscriptions.get()
    client.post(_url("presence", territoire, pk=ins.pk), {f"i{ins.pk}-presence": "present", f"i{ins.pk}-suite": "Visite"})
    ins.refresh_from_db()
    assert ins.presence == "present"
    page = client.get(_url("evenements", territoire)).content.decode()
    assert "Club des industriels" in page


def test_chiffres_du_reseau(territoire):
    from territoire.observatoire.chiffres import chiffres_cles

    vue = f.organisation(territoire)
    f.organisation(territoire)
    f.organisation(territoire, type="partenaire")
    f.contact(vue)
    effacee = f.contact(vue)
    actions.effacer_contact(effacee)
    actions.enregistrer_interaction(territoire, vue, type="visite", date=date.today(), objet="Visite")
    r = chiffres_cles(territoire)["reseau"]
    assert r == {"organisations": 3, "contacts": 1, "interactions_12_mois": 1, "entreprises_non_rencontrees_12_mois": 1}
    assert Organisation.objects.count() == 3 and Contact.objects.count() == 2


def test_piece_jointe_deposee_puis_servie_aux_seuls_internes(client, territoire, alice, david, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from territoire.reseau.models import PieceJointe

    settings.MEDIA_ROOT = tmp_path
    orga = f.organisation(territoire)
    f.rattacher(david, territoire, "entreprise", orga)
    client.force_login(alice)
    client.post(_url("interaction_nouvelle", territoire, pk=orga.pk), {
        "type": "visite", "date": "2026-11-02", "objet": "Visite", "notes": "",
        "fichier": SimpleUploadedFile("compte rendu.pdf", b"%PDF-1.4 fictif", content_type="application/pdf"),
    })
    piece = PieceJointe.objects.get()
    reponse = client.get(_url("piece_jointe", territoire, pk=piece.pk))
    assert reponse.status_code == 200 and b"".join(reponse.streaming_content) == b"%PDF-1.4 fictif"
    assert "attachment" in reponse["Content-Disposition"]
    client.force_login(david)  # l'entreprise elle-même ne voit pas les notes internes
    assert client.get(_url("piece_jointe", territoire, pk=piece.pk)).status_code == 403


def test_piece_jointe_trop_lourde_refusee_sans_rien_enregistrer(client, territoire, alice, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from territoire.reseau import forms
    from territoire.reseau.models import Interaction, PieceJointe

    settings.MEDIA_ROOT = tmp_path
    orga = f.organisation(territoire)
    client.force_login(alice)
    trop = b"x" * (forms.TAILLE_MAX_PIECE + 1)
    reponse = client.post(_url("interaction_nouvelle", territoire, pk=orga.pk), {
        "type": "visite", "date": "2026-11-02", "objet": "Visite", "notes": "",
        "fichier": SimpleUploadedFile("enorme.bin", trop, content_type="application/octet-stream"),
    })
    assert reponse.status_code == 400 and "Fichier trop lourd" in reponse.content.decode()
    assert not PieceJointe.objects.exists() and not Interaction.objects.exists()
    assert not any(tmp_path.rglob("*.bin"))


def test_select_rapide_garde_le_choix_et_les_attributs_d_accessibilite():
    from territoire.reseau.forms import SelectRapide

    w = SelectRapide(choices=[("", "Toutes"), ("1", "Béthune"), ("2", "<b>Ruitz</b>")])
    html = w.render("commune", "2", attrs={"id": "id_commune", "aria-describedby": "id_commune_helptext"})
    assert html.startswith("<select ") and 'id="id_commune"' in html and 'name="commune"' in html
    assert 'aria-describedby="id_commune_helptext"' in html
    assert '<option value="2" selected>&lt;b&gt;Ruitz&lt;/b&gt;</option>' in html
    assert '<option value="1">Béthune</option>' in html and html.count("selected") == 1
