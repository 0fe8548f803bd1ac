"""The observatory's pages: the series page (constant queries), the actualité and its feed, the
team's event workflow, the watch list, visits and follow-ups, the plan, the bilan documents."""

from __future__ import annotations

import datetime as dt
import html
import io
import xml.etree.ElementTree as ET
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone

from territoire.etablissements.importer.historique import importer_historique
from territoire.guichet.models import Demande
from territoire.observatoire import evenements, veille, visites
from territoire.observatoire.models import Evenement, LabelOrganisation, SuiteProposee
from territoire.reseau.models import Organisation
from tests.etablissements import factories
from tests.guichet import factories as guichet
from tests.observatoire.fichiers import ecrire, periode
from tests.pdf_outils import texte_pdf

pytestmark = pytest.mark.django_db

AUJOURDHUI = timezone.localdate()


def url(nom, territoire, **kw):
    return reverse(f"observatoire:{nom}", kwargs={"territoire": territoire.slug, **kw})


def _recensement(territoire, tmp_path, n=3):
    ruitz = territoire.communes.get(code_insee="62729")
    etabs = [factories.etablissement(ruitz, tranche_effectifs="21", naf="25.62A") for _ in range(n)]
    lignes = [periode(e.siret, "2010-01-01") for e in etabs]
    importer_historique(territoire, ecrire(tmp_path / f"h{n}.csv", lignes))
    return etabs


def _publie(territoire, **kw):
    champs = {"type": "fermeture", "titre": "Fermeture de l'usine de pneus", "date": dt.date(2021, 4, 30),
              "visibilite": "public", "source_url": "https://www.example.org/article", "source_libelle": "Presse"}
    champs.update(kw)
    return evenements.creer(territoire, None, **champs)


def test_la_page_des_series_montre_la_courbe_son_tableau_et_ses_evenements(client, territoire, tmp_path):
    _recensement(territoire, tmp_path)
    _publie(territoire)
    _publie(territoire, titre="Projet interne", visibilite="equipe", source_url="")
    page = client.get(url("accueil", territoire)).content.decode()
    assert '<svg class="courbes" role="img"' in page and "repere-evenement" in page
    assert "Fermeture de l&#x27;usine de pneus" in page and "https://www.example.org/article" in page
    assert "Projet interne" not in page
    assert "effectifs : tranche de l&#x27;année 2023 appliquée aux établissements actifs à la date" in page
    # Every series says it: the monthly table and each comparison (by filière, by zone).
    assert page.count("(effectifs : tranche de l&#x27;année 2023 appliquée aux établissements actifs à la date)") >= 3
    assert "<th scope=\"row\">01/2019</th>" in page
    assert "Historique fictif" not in page


def test_un_historique_fictif_est_dit_sur_les_series(client, territoire, tmp_path):
    ruitz = territoire.communes.get(code_insee="62729")
    e = factories.etablissement(ruitz, tranche_effectifs="21", naf="25.62A")
    importer_historique(territoire, ecrire(tmp_path / "h.csv", [periode(e.siret, "2010-01-01")]), fictif=True)
    assert "<strong>Historique fictif</strong> (démonstration)" in client.get(url("accueil", territoire)).content.decode()


def test_la_page_des_series_garde_un_nombre_constant_de_requetes(client, territoire, tmp_path, alice,
                                                                    django_assert_max_num_queries):
    from django.core.cache import cache

    _recensement(territoire, tmp_path, n=2)
    _publie(territoire)
    client.force_login(alice)
    client.get(url("accueil", territoire))
    with django_assert_max_num_queries(12):  # warm: the body comes from the cache
        client.get(url("accueil", territoire))
    cache.clear()
    with django_assert_max_num_queries(40) as petit:
        client.get(url("accueil", territoire))
    _recensement(territoire, tmp_path, n=25)
    for i in range(8):
        _publie(territoire, titre=f"Événement {i}")
    cache.clear()
    with django_assert_max_num_queries(len(petit.captured_queries)):
        assert "Événement 7" in client.get(url("accueil", territoire)).content.decode()


def test_une_confirmation_renouvelle_la_page_des_series(client, territoire, tmp_path, alice):
    _recensement(territoire, tmp_path, n=2)
    e = evenements.creer(territoire, alice, statut="propose", type="ouverture", titre="Usine nouvelle",
                         date=dt.date(2022, 3, 1), visibilite="public", source_url="https://www.example.org/u")
    assert "Usine nouvelle" not in client.get(url("accueil", territoire)).content.decode()
    evenements.confirmer(e, alice)
    assert "Usine nouvelle" in client.get(url("accueil", territoire)).content.decode()


def test_le_public_ne_voit_que_les_evenements_confirmes_et_publics(client, territoire, alice):
    _publie(territoire)
    propose = evenements.creer(territoire, alice, statut="propose", type="procedure", titre="Redressement de X",
                               date=AUJOURDHUI, visibilite="equipe")
    page = client.get(url("actualite", territoire)).content.decode()
    assert "Fermeture de l&#x27;usine de pneus" in page and "Redressement de X" not in page
    assert client.get(url("evenement", territoire, pk=propose.pk)).status_code == 404
    client.force_login(alice)
    page = client.get(url("actualite", territoire)).content.decode()
    assert "Redressement de X" in page and "Confirmer" in page


def test_le_flux_atom_est_du_xml_valide_avec_les_seuls_evenements_publies(client, territoire, alice):
    _publie(territoire, titre="Fermeture <b>de</b> l'usine & co")
    evenements.creer(territoire, alice, statut="propose", type="label", titre="Label secret", date=AUJOURDHUI,
                     visibilite="equipe")
    reponse = client.get(url("flux", territoire))
    assert reponse["Content-Type"].startswith("application/atom+xml")
    racine = ET.fromstring(reponse.content)
    titres = [e.text for e in racine.iter("{http://www.w3.org/2005/Atom}title")]
    assert "Fermeture <b>de</b> l'usine & co" in titres and "Label secret" not in titres


def test_les_filtres_de_l_actualite(client, territoire):
    zone = territoire.zones.first()
    _publie(territoire, titre="Dans la zone", zone=zone)
    _publie(territoire, titre="Un label", type="label")
    page = client.get(url("actualite", territoire), {"zone": zone.pk}).content.decode()
    assert "Dans la zone" in page and "Un label" not in page
    page = client.get(url("actualite", territoire), {"type": "label"}).content.decode()
    assert "Un label" in page and "Dans la zone" not in page


def test_l_equipe_confirme_ou_ecarte_une_proposition(client, territoire, alice, bruno):
    e = evenements.creer(territoire, alice, statut="propose", type="ouverture", titre="Nouvelle usine",
                         date=AUJOURDHUI, visibilite="equipe")
    client.force_login(bruno)
    assert client.post(url("evenement_confirmer", territoire, pk=e.pk)).status_code == 403
    client.force_login(alice)
    assert client.post(url("evenement_confirmer", territoire, pk=e.pk)).status_code == 302
    e.refresh_from_db()
    assert e.statut == "confirme" and not e.publie
    autre = evenements.creer(territoire, alice, statut="propose", type="ouverture", titre="Doublon",
                             date=AUJOURDHUI, visibilite="equipe")
    client.post(url("evenement_ecarter", territoire, pk=autre.pk))
    autre.refresh_from_db()
    assert autre.statut == "ecarte"


@pytest.mark.parametrize("champs, message", [
    ({"date": (AUJOURDHUI + dt.timedelta(days=30)).isoformat()}, "ne peut pas être dans le futur"),
    ({"emplois_min": "-3", "emplois_source": "x"}, "supérieure ou égale à 0"),
    ({"source_url": "ceci n'est pas une adresse"}, "Saisissez une URL valide"),
    ({"source_url": ""}, "doit citer sa source"),
])
def test_le_formulaire_d_evenement_refuse_une_saisie_incoherente(client, territoire, alice, champs, message):
    client.force_login(alice)
    donnees = {"type": "fermeture", "titre": "Fermeture", "date": "2021-04-30", "precision_date": "jour",
               "visibilite": "public", "source_url": "https://www.example.org/a", "emplois_source": ""}
    donnees.update(champs)
    reponse = client.post(url("evenement_nouveau", territoire), donnees)
    assert reponse.status_code == 400 and message in reponse.content.decode()
    assert not Evenement.objects.exists()


def test_le_formulaire_enregistre_un_evenement_avec_ses_fiches(client, territoire, alice):
    client.force_login(alice)
    reponse = client.post(url("evenement_nouveau", territoire), {
        "type": "label", "titre": "Label <script>alert(1)</script>", "date": "2018-01-01", "precision_date": "annee",
        "visibilite": "public", "source_url": "https://www.example.org/label", "emplois_min": "150",
        "emplois_max": "150", "emplois_source": "Presse",
    })
    e = Evenement.objects.get()
    assert reponse.status_code == 302 and e.publie and e.date_affichee() == "2018"
    page = client.get(url("evenement", territoire, pk=e.pk)).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_la_veille_est_reservee_a_l_equipe_et_montre_les_raisons(client, territoire, alice, david, chloe):
    ruitz = territoire.communes.get(code_insee="62729")
    e = factories.etablissement(ruitz, denomination="Forges en difficulté")
    veille.creer_signaux(territoire, [{"regle": "procedure_collective", "siren": e.siren, "date": AUJOURDHUI,
                                       "cle": "bodacc:1", "preuve": "BODACC : redressement judiciaire ouvert."}])
    for persona in (david, chloe):
        client.force_login(persona)
        assert client.get(url("veille", territoire)).status_code == 403
    client.force_login(alice)
    page = client.get(url("veille", territoire)).content.decode()
    assert "Forges en difficulté" in page and "BODACC : redressement judiciaire ouvert." in page


def test_la_veille_mene_a_la_page_de_l_entreprise_a_son_dernier_echange_et_aux_suites(client, territoire, alice):
    ruitz = territoire.communes.get(code_insee="62729")
    e = factories.etablissement(ruitz, tranche_effectifs="22")
    orga = Organisation.objects.create(nom="Forges de Ruitz", type="entreprise", etablissement=e,
                                       unite_legale=e.unite_legale)
    orga.territoires.add(territoire)
    veille.creer_signaux(territoire, [{"regle": "procedure_collective", "siren": e.siren, "date": AUJOURDHUI,
                                       "cle": "bodacc:2", "preuve": "BODACC : sauvegarde ouverte."}])
    visites.enregistrer_visite(territoire, orga, date=AUJOURDHUI - dt.timedelta(days=10), reponses={})
    client.force_login(alice)
    page = client.get(url("veille", territoire)).content.decode()
    fiche = reverse("reseau:organisation", kwargs={"territoire": territoire.slug, "pk": orga.pk})
    assert f'href="{fiche}"' in page
    assert f'href="{fiche}#echanges">{AUJOURDHUI - dt.timedelta(days=10):%d/%m/%Y}</a>' in page
    assert reverse("reseau:interaction_nouvelle", kwargs={"territoire": territoire.slug, "pk": orga.pk}) in page
    assert url("visite_nouvelle", territoire, organisation=orga.pk) in page


def test_l_equipe_change_le_poids_d_une_regle(client, territoire, alice):
    from territoire.observatoire.models import RegleSignal

    client.force_login(alice)
    regles = list(RegleSignal.objects.order_by("ordre", "libelle"))
    donnees = {"form-TOTAL_FORMS": str(len(regles)), "form-INITIAL_FORMS": str(len(regles))}
    for i, r in enumerate(regles):
        donnees.update({f"form-{i}-id": str(r.pk), f"form-{i}-poids": "55" if i == 0 else str(r.poids),
                        f"form-{i}-actif": "on"})
    assert client.post(url("regles", territoire), donnees).status_code == 302
    assert RegleSignal.objects.get(pk=regles[0].pk).poids == 55
    donnees["form-0-poids"] = "500"
    assert client.post(url("regles", territoire), donnees).status_code == 400


def test_une_visite_qui_veut_partir_propose_une_suite_acceptee_par_l_equipe(client, territoire, alice):
    ruitz = territoire.communes.get(code_insee="62729")
    antenne = guichet.antenne(guichet.institution(territoire, nom="Agence régionale"))
    conseiller = guichet.conseiller(antenne, sujets=("foncier",), communes=[ruitz], nom="Leroy")
    e = factories.etablissement(ruitz, tranche_effectifs="22")
    orga = Organisation.objects.create(nom="Transmissions de l'Artois", type="entreprise", etablissement=e,
                                       commune=ruitz, unite_legale=e.unite_legale)
    orga.territoires.add(territoire)
    client.force_login(alice)
    reponse = client.post(url("visite_nouvelle", territoire, organisation=orga.pk), {
        "date": AUJOURDHUI.isoformat(), "objet": "Visite annuelle", "q_risque_depart": "oui",
        "q_effectifs_projet": "stable",
    })
    assert reponse.status_code == 302
    suite = SuiteProposee.objects.get()
    assert list(suite.conseillers.all()) == [conseiller]
    page = client.get(url("suites", territoire)).content.decode()
    assert "Projet de départ du territoire" in page and "Leroy" in page
    reponse = client.post(url("suite_accepter", territoire, pk=suite.pk))
    demande = Demande.objects.get()
    assert reponse["Location"] == demande.url() and demande.orientations.get().conseiller == conseiller
    fiche = client.get(reverse("reseau:organisation", kwargs={"territoire": territoire.slug, "pk": orga.pk}))
    assert "Alerte d&#x27;une visite" in fiche.content.decode()


def test_une_reponse_inconnue_est_refusee_par_le_formulaire_de_visite(client, territoire, alice):
    orga = Organisation.objects.create(nom="Firme", type="entreprise")
    orga.territoires.add(territoire)
    client.force_login(alice)
    reponse = client.post(url("visite_nouvelle", territoire, organisation=orga.pk),
                          {"date": AUJOURDHUI.isoformat(), "objet": "Visite", "q_risque_depart": "peut-etre"})
    assert reponse.status_code == 400 and "peut-etre" in reponse.content.decode()


def test_les_partenaires_ne_voient_pas_la_veille_sur_la_page_d_une_entreprise(client, territoire, alice, chloe):
    ruitz = territoire.communes.get(code_insee="62729")
    e = factories.etablissement(ruitz)
    orga = Organisation.objects.create(nom="Firme signalée", type="entreprise", etablissement=e,
                                       unite_legale=e.unite_legale)
    orga.territoires.add(territoire)
    veille.creer_signaux(territoire, [{"regle": "baisse_tranche", "siren": e.siren, "date": AUJOURDHUI,
                                       "cle": "c:1", "preuve": "Baisse de tranche vue à l'import."}])
    page_url = reverse("reseau:organisation", kwargs={"territoire": territoire.slug, "pk": orga.pk})
    client.force_login(chloe)
    assert "Baisse de tranche vue" not in client.get(page_url).content.decode()
    client.force_login(alice)
    assert "Baisse de tranche vue" in client.get(page_url).content.decode()


def test_le_plan_de_visites_ajoute_et_retire(client, territoire, alice):
    ruitz = territoire.communes.get(code_insee="62729")
    e = factories.etablissement(ruitz, tranche_effectifs="22")
    orga = Organisation.objects.create(nom="Grande Mécanique", type="entreprise", etablissement=e,
                                       unite_legale=e.unite_legale)
    orga.territoires.add(territoire)
    client.force_login(alice)
    assert "Grande Mécanique" in client.get(url("plan", territoire)).content.decode()
    client.post(url("plan_ajouter", territoire), {"organisation": orga.pk, "annee": AUJOURDHUI.year, "motif": "150 emplois"})
    page = client.get(url("plan", territoire)).content.decode()
    assert "À visiter" in page and "150 emplois" in page
    client.post(url("plan_retirer", territoire), {"organisation": orga.pk, "annee": AUJOURDHUI.year})
    assert not visites.plan_de(territoire, AUJOURDHUI.year).visites.exists()


def test_un_label_s_ajoute_avec_sa_source(client, territoire, alice):
    orga = Organisation.objects.create(nom="Lenze (site de Ruitz)", type="entreprise")
    orga.territoires.add(territoire)
    client.force_login(alice)
    from territoire.observatoire.models import Label

    label = Label.objects.get(code="vitrine-industrie-du-futur")
    adresse = url("label_nouveau", territoire, organisation=orga.pk)
    assert client.post(adresse, {"label": label.pk, "date": "2018-01-01", "precision_date": "annee"}).status_code == 400
    client.post(adresse, {"label": label.pk, "date": "2018-01-01", "precision_date": "annee",
                          "source_url": "https://tournee-innovation.fr/evenement.htm?event=45194"})
    attribution = LabelOrganisation.objects.get()
    assert attribution.annee_ou_date() == "2018" and attribution.organisation == orga


def test_le_bilan_annuel_en_pdf_et_en_docx(client, territoire, alice, tmp_path):
    _recensement(territoire, tmp_path)
    _publie(territoire, date=dt.date(AUJOURDHUI.year, 1, 15), titre="Inauguration de l'usine de cellules",
            type="ouverture")
    client.force_login(alice)
    pdf = client.get(url("bilan_pdf", territoire, annee=AUJOURDHUI.year))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    texte = texte_pdf(pdf.content)
    assert f"Bilan industriel {AUJOURDHUI.year}" in texte and "Inauguration de l" in texte
    assert "janvier 2019" in texte
    docx = client.get(url("bilan_docx", territoire, annee=AUJOURDHUI.year))
    with zipfile.ZipFile(io.BytesIO(docx.content)) as archive:
        xml = archive.read("word/document.xml").decode()
    assert "Inauguration de l" in xml and "Avancement du plan d" in xml
    assert client.get(url("bilan_pdf", territoire, annee=2012)).status_code == 404


def test_l_espace_de_l_equipe_montre_qui_est_du_au_plan_de_visites(client, territoire, alice, david,
                                                                  django_assert_max_num_queries):
    from territoire.comptes.espace import tuiles_pour
    from territoire.observatoire.espace import tuiles

    ruitz = territoire.communes.get(code_insee="62729")
    plan = visites.plan_de(territoire, AUJOURDHUI.year)
    orgas = []
    for nom in ("Forges de Ruitz", "Mécanique de l'Artois", "Plasturgie du Béthunois"):
        e = factories.etablissement(ruitz, tranche_effectifs="22")
        orga = Organisation.objects.create(nom=nom, type="entreprise", etablissement=e, unite_legale=e.unite_legale)
        orga.territoires.add(territoire)
        visites.ajouter_au_plan(plan, orga, "50 emplois ou plus", alice)
        orgas.append(orga)
    visites.enregistrer_visite(territoire, orgas[1], date=AUJOURDHUI, reponses={})
    client.force_login(alice)
    page = html.unescape(client.get(reverse("comptes:espace", kwargs={"territoire": territoire.slug})).content.decode())
    assert f"Visites d'entreprise à faire en {AUJOURDHUI.year}" in page
    assert "Forges de Ruitz" in page and "Plasturgie du Béthunois" in page and "Mécanique de l'Artois" not in page
    requete = type("R", (), {"territoire": territoire, "user": alice})()
    with django_assert_max_num_queries(1):
        [tuile] = tuiles(requete, "equipe")
    assert tuile.compte == 2
    assert tuiles(requete, "partenaire") == [] and tuiles(requete, "entreprise") == []
    requete.user = david
    assert all("Visites d'entreprise" not in t.titre for t in tuiles_pour(requete, "entreprise"))
