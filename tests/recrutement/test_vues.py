"""Recruter through the test client: the issue's "done when" path, confidentiality, hostile input."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse
from lxml import etree

from territoire.recrutement import actions
from territoire.recrutement.models import BesoinRecrutement, Formation, OffreEmploi, RegleClassement
from territoire.recrutement.sections import section_demande, section_organisation
from tests.recrutement import factories as f
from tests.recrutement.factories import document_lheo, offre_lheo
from tests.reseau import factories as reseau

pytestmark = pytest.mark.django_db


def _url(nom, territoire, **kw):
    return reverse(f"recrutement:{nom}", kwargs={"territoire": territoire.slug, **kw})


def _offres_json():
    return json.dumps({"resultats": [{
        "id": "FT001", "intitule": "Régleur sur commande numérique H/F", "romeCode": "H2903",
        "romeLibelle": "Conduite d'équipement d'usinage", "typeContrat": "CDI", "typeContratLibelle": "CDI",
        "lieuTravail": {"libelle": "62 - BETHUNE", "commune": "62119"}, "dateCreation": "2026-11-20T08:00:00Z",
        "origineOffre": {"urlOrigine": "https://candidat.francetravail.fr/offres/recherche/detail/FT001"},
    }]}).encode()


def _importer_par_le_web(client, territoire, nature: str, nom: str, contenu: bytes, **options):
    """Upload from the import page, then run the job as `territoire worker` would: the job."""
    from territoire.taches.execution import executer
    from territoire.taches.models import Tache

    reponse = client.post(_url("import", territoire), {"nature": nature, "fichier": SimpleUploadedFile(nom, contenu),
                                                      **options})
    tache = Tache.objects.latest("pk")
    assert reponse.status_code == 302 and reponse["Location"] == reverse(
        "taches:tache", kwargs={"territoire": territoire.slug, "pk": tache.pk})
    assert tache.genre == ("import_formations" if nature == "lheo" else "import_offres")
    executer(tache.pk, fil=False)
    tache.refresh_from_db()
    return tache


def test_parcours_de_l_issue_import_web_besoin_cnc_appariement_ecart_et_portail(client, territoire, alice, settings,
                                                                                 tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(alice)
    lheo = document_lheo(offre_lheo("F1", intitule="Technicien d'usinage en commande numérique"),
                         offre_lheo("F2", intitule="Peintre industriel", rome="H3404"))
    tache = _importer_par_le_web(client, territoire, "lheo", "c.xml", lheo.encode())
    assert tache.statut == "reussie" and tache.progression == 100, tache.message
    assert Formation.objects.filter(industrielle=True).count() == 2
    assert set(Formation.objects.values_list("fichier", flat=True)) == {"c.xml"}  # the upload's name is the source
    assert "2 créés" in tache.message and not (tmp_path / "taches" / str(tache.pk)).exists()
    page = client.get(reverse("taches:tache", kwargs={"territoire": territoire.slug, "pk": tache.pk})).content.decode()
    assert "Tâche terminée" in page and _url("import_detail", territoire, pk=tache.resultat["import_recrutement"]) in page
    tache = _importer_par_le_web(client, territoire, "offres", "o.json", _offres_json())
    assert tache.statut == "reussie", tache.message
    assert OffreEmploi.objects.filter(ouverte=True).count() == 1
    entreprise = reseau.organisation(territoire, nom="Usinage du Marais", commune=territoire.communes.get(nom="Ruitz"))
    reponse = client.post(_url("besoin_nouveau", territoire), {
        "organisation": entreprise.pk, "rome": "h2903", "nombre": 5, "type_contrat": "CDI", "niveau": "4",
        "difficulte": 3, "origine": "visite", "date_debut": (date.today() + timedelta(days=30)).isoformat(),
    })
    assert reponse.status_code == 302
    besoin = BesoinRecrutement.objects.get()
    assert (besoin.rome, besoin.nombre, besoin.publiable) == ("H2903", 5, False)
    page = client.get(_url("appariement", territoire)).content.decode()
    assert "Technicien d&#x27;usinage en commande numérique" in page and "5 postes" in page and "1 poste en offres" in page
    ecart = client.get(_url("ecart", territoire)).content.decode()
    assert "Peintre industriel" in ecart  # a training no need asks for
    export = client.get(_url("ecart_export", territoire, format="csv"))
    assert export["Content-Type"].startswith("text/csv") and "Peintre industriel" in export.content.decode("utf-8-sig")
    client.logout()
    public = client.get(_url("formations", territoire), {"rome": "H2903"}).content.decode()
    assert "Technicien d&#x27;usinage" in public and "Peintre industriel" not in public
    assert "Usinage du Marais" not in client.get(_url("accueil", territoire)).content.decode()


def test_le_contact_d_une_formation_n_est_montre_qu_a_l_equipe(client, territoire, alice, bruno, chloe):
    formation = f.formation(territoire, contact_nom="Camille Martin", contact_courriel="camille.martin@example.org")
    for user, voit in ((None, False), (bruno, False), (chloe, False), (alice, True)):
        client.logout()
        if user:
            client.force_login(user)
        page = client.get(_url("formation", territoire, pk=formation.pk)).content.decode()
        assert ("camille.martin@example.org" in page) is voit


def test_un_besoin_confidentiel_n_est_vu_que_de_l_equipe_et_de_l_entreprise(client, territoire, alice, bruno, david):
    mienne = reseau.organisation(territoire, nom="Atelier de David")
    autre = reseau.organisation(territoire, nom="Forges voisines")
    reseau.rattacher(david, territoire, "entreprise", mienne)
    actions.enregistrer_besoin(territoire, mienne, rome="H2913", nombre=2)
    actions.enregistrer_besoin(territoire, autre, rome="H2902", nombre=3)
    client.force_login(david)
    page = client.get(_url("besoins", territoire)).content.decode()
    assert "Atelier de David" in page and "Forges voisines" not in page
    client.force_login(bruno)
    page = client.get(_url("besoins", territoire)).content.decode()
    assert "Forges voisines" not in page and "H2902" in page  # steering: aggregates only
    client.force_login(alice)
    assert "Forges voisines" in client.get(_url("besoins", territoire)).content.decode()


def test_la_page_d_appariement_garde_un_nombre_de_requetes_constant(client, territoire, alice, django_assert_max_num_queries):
    client.force_login(alice)
    bethune = territoire.communes.get(nom="Béthune")
    for i in range(30):
        orga = reseau.organisation(territoire, commune=bethune)
        actions.enregistrer_besoin(territoire, orga, rome=f"H29{i % 14 + 1:02d}", nombre=1)
        f.formation(territoire, romes=(f"H29{i % 9 + 1:02d}",), commune=bethune)
        f.offre(territoire, rome=f"H29{i % 5 + 1:02d}", commune=bethune)
    with django_assert_max_num_queries(12):
        assert client.get(_url("appariement", territoire)).status_code == 200


def test_flux_atom_bien_forme_avec_les_offres_ouvertes(client, territoire):
    f.offre(territoire, intitule="Soudeur TIG <H/F>", commune=territoire.communes.get(nom="Ruitz"))
    f.offre(territoire, intitule="Offre close", ouverte=False)
    reponse = client.get(_url("offres_atom", territoire))
    assert reponse["Content-Type"].startswith("application/atom+xml")
    flux = etree.fromstring(reponse.content)
    titres = [e.text for e in flux.iter("{http://www.w3.org/2005/Atom}title")]
    assert "Soudeur TIG <H/F>" in titres and "Offre close" not in titres


def test_le_html_d_un_intitule_importe_est_echappe(client, territoire):
    formation = f.formation(territoire, intitule='<script>alert("x")</script>Soudeur')
    page = client.get(_url("formation", territoire, pk=formation.pk)).content.decode()
    assert '<script>alert("x")</script>' not in page and "&lt;script&gt;" in page


def test_un_fichier_trop_gros_pour_le_navigateur_est_refuse_en_disant_quoi_faire(client, territoire, alice, monkeypatch):
    from territoire.recrutement import forms

    monkeypatch.setattr(forms, "TAILLE_MAX_WEB", 10)
    client.force_login(alice)
    reponse = client.post(_url("import", territoire), {"nature": "lheo", "fichier": SimpleUploadedFile("c.xml", b"x" * 100)})
    assert reponse.status_code == 400 and "territoire formations import" in reponse.content.decode()
    assert not Formation.objects.exists()


def test_un_fichier_refuse_par_le_web_montre_le_message(client, territoire, alice, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    formation = f.formation(territoire, intitule="Soudeur déjà au catalogue")
    client.force_login(alice)
    tache = _importer_par_le_web(client, territoire, "lheo", "c.xml", b"<html/>")
    assert tache.statut == "echouee" and "commence par <lheo>" in tache.message
    page = client.get(reverse("taches:tache", kwargs={"territoire": territoire.slug, "pk": tache.pk})).content.decode()
    assert "La tâche a échoué" in page and "commence par &lt;lheo&gt;" in page
    assert list(Formation.objects.all()) == [formation]  # the previous catalogue is intact
    liste = client.get(_url("import", territoire)).content.decode()
    assert "c.xml" in liste and "Refusé" in liste


def test_une_seconde_demande_d_import_attend_la_premiere(client, territoire, alice, settings, tmp_path):
    from territoire.taches.models import Tache

    settings.MEDIA_ROOT = tmp_path
    client.force_login(alice)
    lheo = document_lheo(offre_lheo("F1")).encode()
    client.post(_url("import", territoire), {"nature": "lheo", "fichier": SimpleUploadedFile("a.xml", lheo)})
    premiere = Tache.objects.get()
    reponse = client.post(_url("import", territoire), {"nature": "offres", "fichier": SimpleUploadedFile("o.json", _offres_json())},
                          follow=True)
    assert Tache.objects.count() == 1 and reponse.redirect_chain[-1][0].endswith(f"/taches/{premiere.pk}/")
    assert "Une tâche est déjà en attente" in reponse.content.decode()


def test_apercu_d_une_regle_puis_enregistrement(client, territoire, alice):
    plaquiste = f.formation(territoire, intitule="Plaquiste", romes=("F1604",), industrielle=False)
    client.force_login(alice)
    donnees = {"critere": "rome", "prefixe": "f16", "filiere": "", "industriel": "on", "note": "essai"}
    page = client.post(_url("regle_apercu", territoire), donnees).content.decode()
    assert "Plaquiste" in page and "1 formation changerait" in page
    assert not RegleClassement.objects.filter(prefixe="F16").exists()
    client.post(_url("regle_apercu", territoire), {**donnees, "prefixe": "F16", "confirmer": "1"})
    plaquiste.refresh_from_db()
    assert RegleClassement.objects.filter(prefixe="F16").exists() and plaquiste.industrielle


def test_section_de_la_demande_montre_les_formations_au_conseiller(territoire, chloe):
    from django.utils import timezone

    from territoire.guichet.models import Demande, Sujet
    from territoire.guichet.sujets_defaut import installer_sujets

    installer_sujets(Sujet)
    orga = reseau.organisation(territoire, nom="Usinage du Marais")
    demande = Demande.objects.create(territoire=territoire, organisation=orga, sujet=Sujet.objects.get(code="recrutement"),
                                     description="Cinq régleurs CN", origine="equipe", deposee_le=timezone.now())
    actions.enregistrer_besoin(territoire, orga, rome="H2903", nombre=5, demande=demande)
    f.formation(territoire, intitule="Opérateur régleur CN", commune=territoire.communes.get(nom="Béthune"))
    requete = RequestFactory().get("/")
    requete.user, requete.territoire = chloe, territoire
    section = section_demande(requete, demande)
    assert section is not None and section.contexte["lignes"][0]["formations"][0]["intitule"] == "Opérateur régleur CN"
    requete.user = type("Anonyme", (), {"is_authenticated": False, "is_superuser": False})()
    assert section_demande(requete, demande) is None
    requete.user = chloe
    assert section_organisation(requete, orga) is None  # partners see published needs only: none here


def test_tuiles_de_l_espace_equipe_et_entreprise(client, territoire, alice, david):
    mienne = reseau.organisation(territoire, nom="Atelier de David")
    reseau.rattacher(david, territoire, "entreprise", mienne)
    actions.enregistrer_besoin(territoire, mienne, rome="H2913", nombre=2)
    client.force_login(alice)
    page = client.get(reverse("comptes:espace", kwargs={"territoire": territoire.slug})).content.decode()
    assert "Besoins de recrutement ouverts" in page and "Métiers demandés sans formation" in page and "H2913" in page
    client.force_login(david)
    page = client.get(reverse("comptes:espace", kwargs={"territoire": territoire.slug})).content.decode()
    assert "Mes besoins de recrutement" in page and "Atelier de David" in page


def test_l_entreprise_modifie_son_besoin_et_pas_celui_d_une_autre(client, territoire, alice, david):
    mienne = reseau.organisation(territoire, nom="Atelier de David")
    autre = reseau.organisation(territoire, nom="Forges voisines")
    reseau.rattacher(david, territoire, "entreprise", mienne)
    besoin = actions.enregistrer_besoin(territoire, mienne, rome="H2903", nombre=5, origine="compte")
    etranger = actions.enregistrer_besoin(territoire, autre, rome="H2902", nombre=3)
    client.force_login(david)
    assert client.get(_url("besoin_modifier", territoire, pk=etranger.pk)).status_code == 404
    donnees = {"organisation": mienne.pk, "rome": "H2903", "nombre": 4, "type_contrat": "CDI", "niveau": "4",
               "difficulte": 2, "origine": "compte", "statut": "pourvu"}
    assert client.post(_url("besoin_modifier", territoire, pk=besoin.pk), {**donnees, "rome": "X1"}).status_code == 400
    reponse = client.post(_url("besoin_modifier", territoire, pk=besoin.pk), donnees)
    assert reponse.status_code == 302
    besoin.refresh_from_db()
    assert (besoin.nombre, besoin.statut) == (4, "pourvu")
    from territoire.historique.models import Entree

    assert Entree.objects.filter(object_id=besoin.pk, action="Besoin de recrutement modifié").exists()
    # Another firm's published need is listed to David, without a link he may not follow.
    etranger.publiable = True
    etranger.save(update_fields=["publiable"])
    page = client.get(_url("besoins", territoire)).content.decode()
    assert "Forges voisines" in page and _url("besoin_modifier", territoire, pk=etranger.pk) not in page
    assert _url("besoin_modifier", territoire, pk=besoin.pk) in page
    client.force_login(alice)
    page = client.get(_url("besoins", territoire)).content.decode()
    assert _url("besoin_modifier", territoire, pk=etranger.pk) in page


def test_l_equipe_saisit_une_offre_pour_une_entreprise_puis_la_clot(client, territoire, alice):
    entreprise = reseau.organisation(territoire, nom="Usinage du Marais", commune=territoire.communes.get(nom="Ruitz"))
    client.force_login(alice)
    donnees = {"organisation": entreprise.pk, "intitule": "Opérateur régleur CN", "rome": "h2903", "type_contrat": "CDD",
               "nombre_postes": 2}
    assert client.post(_url("offre_saisir", territoire), {**donnees, "nombre_postes": 0}).status_code == 400
    reponse = client.post(_url("offre_saisir", territoire), donnees)
    assert reponse.status_code == 302
    offre = OffreEmploi.objects.get()
    assert (offre.source, offre.rome, offre.nombre_postes, offre.organisation, offre.code_commune) == (
        "saisie", "H2903", 2, entreprise, "62729")
    page = client.get(_url("offres", territoire)).content.decode()
    assert "Opérateur régleur CN" in page and _url("offre_clore", territoire, pk=offre.pk) in page
    client.logout()
    assert "Opérateur régleur CN" in client.get(_url("offres", territoire)).content.decode()
    assert _url("offre_clore", territoire, pk=offre.pk) not in client.get(_url("offres", territoire)).content.decode()

    client.force_login(alice)
    assert client.post(_url("offre_clore", territoire, pk=offre.pk)).status_code == 302
    offre.refresh_from_db()
    assert not offre.ouverte and offre.close_le is not None


def test_l_equipe_modifie_le_campus_et_ses_formations(client, territoire, alice):
    from territoire.recrutement.models import Campus

    campus = Campus.objects.create(territoire=territoire, nom="Campus industrie")
    usinage = f.formation(territoire, intitule="Usinage CN")
    f.formation(territoire, intitule="Cuisine", industrielle=False)
    client.force_login(alice)
    page = client.get(_url("campus_modifier", territoire, pk=campus.pk)).content.decode()
    assert "Usinage CN" in page and "Cuisine" not in page  # only industrial trainings are offered
    reponse = client.post(_url("campus_modifier", territoire, pk=campus.pk), {
        "nom": "Campus des métiers de l'industrie", "thematique": "Industrie du futur", "label": "",
        "description": "", "fiche_action": "", "formations": [usinage.pk]})
    assert reponse.status_code == 302
    campus.refresh_from_db()
    assert campus.nom == "Campus des métiers de l'industrie" and list(campus.formations.all()) == [usinage]
    public = client.get(_url("campus", territoire, pk=campus.pk)).content.decode()
    assert "Usinage CN" in public and _url("campus_modifier", territoire, pk=campus.pk) in public
    client.logout()
    assert _url("campus_modifier", territoire, pk=campus.pk) not in client.get(_url("campus", territoire, pk=campus.pk)).content.decode()


def test_un_besoin_au_code_rome_inconnu_du_repertoire_est_refuse_en_francais(client, territoire, alice):
    from territoire.recrutement.models import MetierRome

    MetierRome.objects.create(code="H2903", libelle="Conduite d'équipement d'usinage")
    entreprise = reseau.organisation(territoire, nom="Usinage du Marais")
    client.force_login(alice)
    donnees = {"organisation": entreprise.pk, "rome": "H9999", "nombre": 5, "type_contrat": "CDI", "niveau": "4",
               "difficulte": 3, "origine": "visite"}
    reponse = client.post(_url("besoin_nouveau", territoire), donnees)
    assert "« H9999 » inconnu du répertoire ROME" in reponse.content.decode() and not BesoinRecrutement.objects.exists()
    assert client.post(_url("besoin_nouveau", territoire), {**donnees, "rome": "H2903"}).status_code == 302
