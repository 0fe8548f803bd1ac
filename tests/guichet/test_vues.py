"""The desk through the test client: public form, routing, lifecycle, satisfaction, exports."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from django.core import mail
from django.urls import reverse

from territoire.guichet import actions
from territoire.guichet.models import Demande
from territoire.reseau.models import Contact, Organisation
from tests.guichet import factories as f
from tests.reseau import factories as reseau

pytestmark = pytest.mark.django_db


def _url(nom, territoire, **kw):
    return reverse(f"guichet:{nom}", kwargs={"territoire": territoire.slug, **kw})


def _saisie(communes, **modifs):
    donnees = {
        "entreprise": "Atelier Dupuis", "siret": "", "commune": communes["Ruitz"].pk,
        "sujet": f.sujet("recrutement").pk, "description": "Nous cherchons deux soudeurs pour janvier.",
        "prenom": "Camille", "nom": "Dupuis", "fonction": "Gérante", "email": "camille@atelier-dupuis.example",
        "telephone": "03 21 00 00 00", "consentement": "on", "site_internet": "",
    }
    donnees.update(modifs)
    return donnees


def test_formulaire_public_sans_javascript_cree_la_demande_et_le_contact(client, territoire, communes):
    page = client.get(_url("deposer", territoire)).content.decode()
    # No inline script: the form posts and answers without JavaScript (scripts only load files).
    assert not re.search(r"<script(?![^>]*\bsrc=)", page) and 'name="description"' in page
    reponse = client.post(_url("deposer", territoire), _saisie(communes))
    assert reponse.status_code == 302 and reponse["Location"] == _url("merci", territoire)
    d = Demande.objects.get()
    assert (d.organisation.nom, d.commune, d.statut, d.origine) == ("Atelier Dupuis", communes["Ruitz"], "nouvelle", "formulaire")
    assert d.contact.email == "camille@atelier-dupuis.example"
    assert d.contact.base_legale == Contact.BaseLegale.CONSENTEMENT and d.contact.date_consentement
    assert list(d.organisation.territoires.all()) == [territoire]


def test_formulaire_public_refuse_champ_par_champ_et_garde_la_saisie(client, territoire, communes):
    saisie = _saisie(communes, email="pas-un-courriel", siret="12345678901234", description="court",
                     consentement="", telephone="appelez-moi")
    reponse = client.post(_url("deposer", territoire), saisie)
    page = reponse.content.decode()
    assert reponse.status_code == 400
    assert Demande.objects.count() == 0 and Contact.objects.count() == 0
    assert "Adresse de courriel attendue" in page
    assert "Ce numéro n&#x27;est pas un SIRET valide" in page
    assert "20 caractères" in page
    assert "Sans votre accord" in page
    assert "Numéro de téléphone attendu" in page
    assert 'value="Atelier Dupuis"' in page and 'value="pas-un-courriel"' in page  # la saisie est gardée
    # Les messages sont à côté de chaque champ : le message SIRET précède le champ SIRET.
    assert page.index("pas un SIRET valide") < page.index('name="siret"') < page.index('name="commune"')


def test_formulaire_public_retrouve_l_etablissement_par_son_siret(client, territoire, communes):
    from territoire.etablissements.models import Etablissement

    etab = Etablissement.objects.create(siret="73282932000074", siren="732829320", nic="00074", code_commune="62729",
                                        commune=communes["Ruitz"], naf="27.11Z", tranche_effectifs="22")
    client.post(_url("deposer", territoire), _saisie(communes, siret="732 829 320 00074"))
    orga = Demande.objects.get().organisation
    assert orga.etablissement == etab and orga.naf == "27.11Z" and orga.tranche_effectifs == "22"


def test_pot_de_miel_ecarte_les_robots_sans_rien_enregistrer(client, territoire, communes):
    reponse = client.post(_url("deposer", territoire), _saisie(communes, site_internet="http://spam.example"))
    assert reponse.status_code == 302
    assert Demande.objects.count() == 0 and Organisation.objects.count() == 0


def test_limite_de_depots_par_adresse_ip(client, territoire, communes, settings):
    settings.GUICHET_DEPOTS_PAR_HEURE = 2
    for _ in range(2):
        assert client.post(_url("deposer", territoire), _saisie(communes)).status_code == 302
    reponse = client.post(_url("deposer", territoire), _saisie(communes, description="Troisième demande, même connexion."))
    assert reponse.status_code == 429
    assert "Trop de demandes" in reponse.content.decode() and "Troisième demande" in reponse.content.decode()
    assert Demande.objects.count() == 2
    autre = client.post(_url("deposer", territoire), _saisie(communes), REMOTE_ADDR="192.0.2.77")
    assert autre.status_code == 302 and Demande.objects.count() == 3


def test_html_dans_la_description_est_garde_tel_quel_et_affiche_sans_danger(client, territoire, communes, alice):
    texte = 'Bonjour <script>alert("x")</script> <img src=x onerror=alert(1)> merci'
    client.post(_url("deposer", territoire), _saisie(communes, description=texte, entreprise="<b>Gras</b> SA"))
    d = Demande.objects.get()
    assert d.description == texte
    client.force_login(alice)
    page = client.get(_url("demande", territoire, pk=d.pk)).content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "<img src=x" not in page and "<b>Gras</b>" not in page


def test_l_equipe_oriente_le_conseiller_prend_en_charge_l_entreprise_repond(client, territoire, annuaire, communes, alice, chloe):
    client.post(_url("deposer", territoire), _saisie(communes))
    d = Demande.objects.get()
    client.force_login(alice)
    page = client.get(_url("demande", territoire, pk=d.pk)).content.decode()
    assert "proposé : sujet, commune et profil conviennent" in page
    client.post(_url("orienter", territoire, pk=d.pk), {"conseillers": [annuaire["lea"].pk]})
    assert mail.outbox[-1].to == ["durand@partenaire.example"]
    client.force_login(chloe)
    assert client.get(_url("demandes", territoire)).content.decode().count(f'pk={d.pk}') == 0  # sanity: links by URL
    assert f"/guichet/demandes/{d.pk}/" in client.get(_url("demandes", territoire)).content.decode()
    client.post(_url("changer_statut", territoire, pk=d.pk), {"vers": "prise_en_charge", "note": "Appel fait"})
    client.post(_url("changer_statut", territoire, pk=d.pk), {"vers": "faite", "note": ""})
    d.refresh_from_db()
    assert d.statut == "faite" and d.prise_en_charge_le and d.cloturee_le
    lien = [ligne for ligne in mail.outbox[-1].body.splitlines() if "/satisfaction/" in ligne][0].split(" : ")[-1]
    assert lien.startswith("http://testserver/")
    client.logout()
    assert "Êtes-vous satisfait" in client.get(lien).content.decode()
    client.post(lien, {"note": "5", "commentaire": "Très utile"})
    d.refresh_from_db()
    assert (d.satisfaction, d.satisfaction_commentaire) == (5, "Très utile")
    client.post(lien, {"note": "1"})
    d.refresh_from_db()
    assert d.satisfaction == 5  # une seule réponse


def test_partenaire_d_une_autre_antenne_ne_peut_pas_traiter(client, territoire, annuaire, communes, chloe):
    d = f.demande(territoire, code_sujet="financement", commune=communes["Béthune"])
    actions.orienter_demande(d, [annuaire["paul"]])
    client.force_login(chloe)
    assert client.get(_url("demande", territoire, pk=d.pk)).status_code == 404
    assert client.post(_url("changer_statut", territoire, pk=d.pk), {"vers": "prise_en_charge"}).status_code == 404
    d.refresh_from_db()
    assert d.statut == "nouvelle"


def test_entreprise_voit_ses_demandes_et_pas_celles_des_autres(client, territoire, communes, david):
    mienne = f.demande(territoire, commune=communes["Ruitz"])
    autre = f.demande(territoire, commune=communes["Ruitz"])
    reseau.rattacher(david, territoire, "entreprise", mienne.organisation)
    client.force_login(david)
    assert client.get(_url("demande", territoire, pk=mienne.pk)).status_code == 200
    assert client.get(_url("demande", territoire, pk=autre.pk)).status_code == 404
    reponse = client.post(_url("demande_nouvelle", territoire), {
        "organisation": autre.organisation.pk, "sujet": f.sujet().pk, "description": "Pour une autre entreprise",
    })
    assert reponse.status_code == 400 and "Sélectionnez un choix valide" in reponse.content.decode()
    client.post(_url("demande_nouvelle", territoire), {
        "organisation": mienne.organisation.pk, "sujet": f.sujet("export").pk, "description": "Salon à Hanovre",
    })
    assert Demande.objects.filter(organisation=mienne.organisation, origine="compte").count() == 1


def _export(client, territoire, fmt):
    return client.get(_url("demandes_export", territoire, format=fmt))


def test_exports_des_demandes_neutralisent_les_formules(client, territoire, communes, alice):
    orga = reseau.organisation(territoire, nom="=HYPERLINK(\"http://x\")", commune=communes["Ruitz"])
    d = f.demande(territoire, orga)
    Demande.objects.filter(pk=d.pk).update(description="+33 6 00 00 00 00; @SUM(1)")
    client.force_login(alice)
    brut = _export(client, territoire, "csv").content
    assert brut.startswith("\ufeff".encode())
    lignes = list(csv.reader(io.StringIO(brut.decode("utf-8-sig")), delimiter=";"))
    assert lignes[0][:3] == ["Numéro", "Déposée le", "Entreprise"]
    assert lignes[1][2] == "'=HYPERLINK(\"http://x\")" and lignes[1][6] == "'+33 6 00 00 00 00; @SUM(1)"
    from openpyxl import load_workbook

    feuille = load_workbook(io.BytesIO(_export(client, territoire, "xlsx").content)).active
    assert feuille.cell(2, 3).value == "'=HYPERLINK(\"http://x\")" and feuille.cell(2, 3).data_type == "s"
    geo = json.loads(_export(client, territoire, "geojson").content)
    assert geo["features"][0]["geometry"]["coordinates"] == [2.59, 50.47]
    assert geo["features"][0]["properties"]["Entreprise"].startswith("'=")
    assert _export(client, territoire, "exe").status_code == 404


def test_mesures_et_annuaire(client, territoire, annuaire, communes, alice):
    d = f.demande(territoire, commune=communes["Ruitz"])
    actions.orienter_demande(d, [annuaire["lea"]])
    actions.changer_statut(d, "prise_en_charge")
    client.force_login(alice)
    page = client.get(_url("mesures", territoire)).content.decode()
    assert 'id="part-5-jours">100 %' in page and "CCI Artois" in page and "<table>" in page
    annuaire_page = client.get(_url("annuaire", territoire)).content.decode()
    # 10 sujets × 2 communes = 20 couples ; couverts : recrutement et export partout, financement à Béthune.
    assert "<strong>15</strong> couples" in annuaire_page


def test_chiffres_du_guichet(territoire, annuaire, communes):
    from territoire.observatoire.chiffres import chiffres_cles

    d = f.demande(territoire, commune=communes["Ruitz"])
    actions.changer_statut(d, "pas_pour_nous")
    g = chiffres_cles(territoire)["guichet"]
    assert set(g) == {"demandes", "par_statut", "prises_en_charge_5_jours", "delai_median_cloture_jours",
                      "communes_sujets_non_couverts"}
    assert g["demandes"] == 1 and g["par_statut"]["pas_pour_nous"] == 1 and g["par_statut"]["nouvelle"] == 0
    assert g["prises_en_charge_5_jours"] is None  # pas encore évaluable
    assert g["communes_sujets_non_couverts"] == 15
    assert g["delai_median_cloture_jours"] == pytest.approx(0, abs=0.01)


@pytest.mark.parametrize("description, message", [
    ("x" * 100_000, "5000 caractères"),
    ("Texte avec un caractère nul \x00 au milieu, assez long", "Le caractère nul n’est pas autorisé"),
])
def test_saisies_hostiles_refusees_sans_rien_perdre(client, territoire, communes, description, message):
    reponse = client.post(_url("deposer", territoire), _saisie(communes, description=description))
    assert reponse.status_code == 400 and message in reponse.content.decode()
    assert Demande.objects.count() == 0
    assert 'value="camille@atelier-dupuis.example"' in reponse.content.decode()


def test_commune_hors_du_territoire_refusee(client, territoire, communes, autre_territoire):
    from territoire.referentiel.models import Commune

    ailleurs = Commune.objects.create(code_insee="59350", nom="Lille")
    reponse = client.post(_url("deposer", territoire), _saisie(communes, commune=ailleurs.pk))
    assert reponse.status_code == 400 and "Choisissez une commune du territoire" in reponse.content.decode()


def test_un_second_depot_anonyme_attend_que_l_equipe_confirme_le_rattachement(client, territoire, communes, alice):
    client.post(_url("deposer", territoire), _saisie(communes))
    premiere = Organisation.objects.get()
    client.post(_url("deposer", territoire), _saisie(communes, entreprise="ATELIER DUPUIS", description="Deuxième besoin : un terrain."))
    assert Demande.objects.count() == 2
    # The second filing does not land on the first firm: its own organisation, pending link.
    seconde = Organisation.objects.exclude(pk=premiere.pk).get()
    assert seconde.doublon_probable == premiere and Contact.objects.count() == 2
    d = Demande.objects.get(organisation=seconde)
    client.force_login(alice)
    page = client.get(_url("demande", territoire, pk=d.pk)).content.decode()
    assert "Rattachement à confirmer" in page
    client.post(_url("confirmer_rattachement", territoire, pk=d.pk))
    assert Organisation.objects.get() == premiere
    assert set(premiere.demandes.values_list("pk", flat=True)) == set(Demande.objects.values_list("pk", flat=True))
    assert premiere.contacts.count() == 2


def test_api_des_demandes_suit_les_droits_de_chacun(client, territoire, annuaire, communes, chloe, bruno):
    pour_cci = f.demande(territoire, commune=communes["Ruitz"])
    actions.orienter_demande(pour_cci, [annuaire["lea"]])
    f.demande(territoire, code_sujet="financement", commune=communes["Béthune"])
    url = reverse("api:guichet_demandes", kwargs={"slug": territoire.slug})
    assert client.get(url).status_code == 401
    client.force_login(chloe)
    assert [d["numero"] for d in client.get(url).json()] == [pour_cci.pk]
    assert client.get(url).json()[0]["partenaires"] == ["CCI Artois"]
    client.force_login(bruno)
    assert len(client.get(url).json()) == 2


def test_l_entreprise_trouve_sa_fiche_depuis_le_guichet(client, territoire, david):
    orga = reseau.organisation(territoire, nom="Fonderie Dupont")
    reseau.rattacher(david, territoire, "entreprise", orga)
    client.force_login(david)
    page = client.get(_url("demandes", territoire)).content.decode()
    assert reverse("reseau:organisation", kwargs={"territoire": territoire.slug, "pk": orga.pk}) in page
