"""Attirer's pages through the test client: content, permissions, forms, bad input."""

from __future__ import annotations

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from territoire.attractivite import cnig, tableschema
from territoire.attractivite.models import Local, PhotoLocal, Prospect, SiteEconomique
from tests.attractivite import factories as f

INCONNUE = "@@VARIABLE_INCONNUE"


def _url(nom, territoire, **kw):
    return reverse(f"attractivite:{nom}", kwargs={"territoire": territoire.slug, **kw})


@pytest.fixture
def offre(territoire):
    site = f.site(territoire, public=True, site_nom="Parc des industries (test)", desserte_route_nom="D941",
                  autoroute_nom="A26", reseau_fibre_optique="oui")
    publics = f.terrain(site, "T-PUBLIC", 3.5, public=True, terr_m2_prix=12.0)
    cache = f.terrain(site, "T-INTERNE", 8.0)
    vendu = f.terrain(site, "T-VENDU", 2.0, public=True, terr_stade_comm="vendu", terr_etat_occup="occupé")
    local = f.local(territoire, nom="Atelier public", public=True, site=site, longitude=2.59, latitude=50.47)
    interne = f.local(territoire, nom="Entrepôt interne")
    return {"site": site, "public": publics, "cache": cache, "vendu": vendu, "local": local, "interne": interne}


def test_les_pages_de_l_equipe_s_affichent_sans_variable_inconnue(client, alice, offre):
    from territoire.attractivite.actions import etablir_inventaire
    from territoire.attractivite.models import Friche

    territoire = offre["site"].territoire
    inv = etablir_inventaire(territoire, auteur=alice)
    friche = Friche.objects.create(territoire=territoire, site_id="F1", site_nom="Cokerie", longitude=2.59, latitude=50.47)
    p = f.prospect(territoire)
    client.force_login(alice)
    for url in [_url("espace", territoire), _url("sites", territoire), _url("site", territoire, pk=offre["site"].pk),
                _url("site_modifier", territoire, pk=offre["site"].pk), _url("terrain", territoire, pk=offre["public"].pk),
                _url("inventaires", territoire), _url("inventaire", territoire, pk=inv.pk), _url("locaux", territoire),
                _url("local", territoire, pk=offre["local"].pk), _url("local_nouveau", territoire), _url("friches", territoire),
                _url("friche", territoire, pk=friche.pk), _url("prospects", territoire), _url("prospect", territoire, pk=p.pk),
                _url("prospect_nouveau", territoire), _url("entonnoir", territoire), _url("import", territoire)]:
        texte = client.get(url).content.decode()
        assert INCONNUE not in texte, (url, texte[texte.find(INCONNUE) - 200:texte.find(INCONNUE) + 100])


def test_le_public_ne_voit_que_ce_qui_est_public_et_disponible(client, offre, django_assert_max_num_queries):
    territoire = offre["site"].territoire
    # 6 for the page, 2 for the anonymous page cache (the territory's key, the tokens), and the
    # first page kept gives a token row to a domain never written yet (2, once).
    with django_assert_max_num_queries(10):
        reponse = client.get(_url("implanter", territoire))
    texte = reponse.content.decode()
    assert "T-PUBLIC" in texte and "Atelier public" in texte
    assert "T-INTERNE" not in texte and "T-VENDU" not in texte and "Entrepôt interne" not in texte
    assert INCONNUE not in texte
    donnees = json.loads(texte.split('id="carte-offre-donnees" type="application/json">')[1].split("</script>")[0])
    assert {ft["properties"]["libelle"] for ft in donnees["features"]} == {"T-PUBLIC", "Atelier public"}
    assert client.get(_url("offre_terrain", territoire, pk=offre["cache"].pk)).status_code == 404
    assert client.get(_url("offre_terrain", territoire, pk=offre["vendu"].pk)).status_code == 404
    assert client.get(_url("offre_local", territoire, pk=offre["interne"].pk)).status_code == 404
    assert client.get(_url("sites", territoire)).status_code == 302


def test_la_recherche_publique_filtre_et_garde_ses_requetes_constantes(client, offre, django_assert_max_num_queries):
    territoire = offre["site"].territoire
    for i in range(15):
        f.terrain(offre["site"], f"T-EN-PLUS-{i}", 1.0 + i, public=True)
        f.local(territoire, nom=f"Local {i}", public=True)
    with django_assert_max_num_queries(10):  # as above: 6, the page cache's 2, a token row's 2
        texte = client.get(_url("implanter", territoire), {"genre": "terrain", "surface_min_ha": "10",
                                                           "reseaux": ["reseau_fibre_optique"]}).content.decode()
    assert "T-EN-PLUS-9" in texte and "T-EN-PLUS-8" not in texte and "Local 3" not in texte
    texte = client.get(_url("implanter", territoire), {"reseaux": ["reseau_gaz"]}).content.decode()
    assert "Aucune offre ne répond" in texte


def test_la_fiche_pdf_d_une_offre_dit_l_acces_les_reseaux_et_l_industrie(client, offre):
    from pypdf import PdfReader

    reponse = client.get(_url("offre_terrain_pdf", offre["site"].territoire, pk=offre["public"].pk))
    assert reponse["Content-Type"] == "application/pdf"
    pdf = PdfReader(io.BytesIO(reponse.content))
    texte = " ".join(p.extract_text() for p in pdf.pages)
    assert len(pdf.pages) == 1
    assert "3,50 ha" in texte and "A26" in texte and "D941" in texte and "Fibre optique" in texte
    assert "établissements industriels suivis" in texte and "formations" in texte


def test_la_fiche_pdf_tient_sur_une_page_quand_tout_est_renseigne(client, offre):
    """Every access and network of the site filled, eight trainings listed: still one A4 page
    (on the demo the sheet ran onto a second page)."""
    from pypdf import PdfReader

    from territoire.attractivite.views.public import DESSERTES, RESEAUX
    from tests.recrutement import factories as recrutement

    site = offre["site"]
    for nom, distance, _ in DESSERTES:
        setattr(site, nom, "Nom d'une desserte assez long pour la ligne")
        if distance:
            setattr(site, distance, 12.0)
    for nom, _ in RESEAUX:
        setattr(site, nom, "oui")
    site.save()
    for i in range(8):
        recrutement.formation(site.territoire, intitule=f"BTS Conception et réalisation en chaudronnerie industrielle {i}",
                              organisme_nom="Lycée des métiers de l'industrie du Béthunois")
    reponse = client.get(_url("offre_terrain_pdf", site.territoire, pk=offre["public"].pk))
    pdf = PdfReader(io.BytesIO(reponse.content))
    texte = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
    assert "Transports en commun" in texte and "Port" in texte and "chaudronnerie industrielle 7" in texte
    assert len(pdf.pages) == 1


def test_le_formulaire_de_contact_cree_un_projet_sous_nom_de_code(client, territoire):
    donnees = {"entreprise": "Batteries du Nord", "activite": "Modules de batteries", "message": "Il nous faut 3 ha.",
               "surface_terrain_ha": "3", "acces_ferre": "on", "nom": "Claire Martin", "email": "claire@exemple.fr",
               "consentement": "on"}
    reponse = client.post(_url("contact", territoire), donnees)
    assert reponse.status_code == 302
    p = Prospect.objects.get()
    assert p.nom_de_code.startswith("Projet ") and p.nom_reel == "Batteries du Nord" and p.source == "formulaire"
    assert p.acces_ferre and p.contact_email == "claire@exemple.fr" and len(p.ip_empreinte) == 64
    assert "127.0.0.1" not in p.ip_empreinte


def test_un_robot_est_remercie_et_rien_n_est_cree(client, territoire):
    reponse = client.post(_url("contact", territoire), {"activite": "x", "message": "x", "nom": "x", "email": "x@x.fr",
                                                        "consentement": "on", "site_internet": "http://spam.example"})
    assert reponse.status_code == 302 and not Prospect.objects.exists()


def test_un_formulaire_inonde_est_limite_par_heure(client, territoire, settings):
    settings.GUICHET_DEPOTS_PAR_HEURE = 2
    donnees = {"activite": "Logistique", "message": "Entrepôt", "nom": "A", "email": "a@exemple.fr", "consentement": "on"}
    assert [client.post(_url("contact", territoire), donnees).status_code for _ in range(3)] == [302, 302, 429]
    reponse = client.post(_url("contact", territoire), donnees)
    assert "Trop de demandes" in reponse.content.decode() and Prospect.objects.count() == 2


def test_un_formulaire_de_contact_incomplet_dit_quoi_corriger(client, territoire):
    reponse = client.post(_url("contact", territoire), {"activite": "x", "message": "x", "nom": "x", "email": "pas-un-courriel"})
    texte = reponse.content.decode()
    assert reponse.status_code == 400 and "nom@domaine.fr" in texte and "Sans votre accord" in texte
    assert not Prospect.objects.exists()


def _fichier(classe, lignes):
    schema = cnig.schema_site(classe)
    return SimpleUploadedFile(cnig.FICHIERS[classe], tableschema.ecrire_csv(schema, lignes).encode())


def test_l_import_par_le_web_dit_les_erreurs_et_ne_garde_rien(client, alice, territoire):
    from tests.attractivite.test_import_sites import _pole_ligne, _site_ligne, _terrain_ligne

    client.force_login(alice)
    mauvais = [_fichier("pole-eco", [_pole_ligne()]), _fichier("site-eco", [_site_ligne()]),
               _fichier("terrain-eco", [_terrain_ligne(site_id="INCONNU")])]
    reponse = client.post(_url("import", territoire), {"fichiers": mauvais})
    texte = reponse.content.decode()
    assert reponse.status_code == 400 and "Import refusé" in texte and "site inconnu" in texte
    assert not SiteEconomique.objects.filter(site_id="62729_SITE-ECO_00001").exists()
    bons = [_fichier("pole-eco", [_pole_ligne()]), _fichier("site-eco", [_site_ligne()]), _fichier("terrain-eco", [_terrain_ligne()])]
    reponse = client.post(_url("import", territoire), {"fichiers": bons})
    assert reponse.status_code == 200 and "Import enregistré" in reponse.content.decode()
    assert SiteEconomique.objects.get(site_id="62729_SITE-ECO_00001").terrains.count() == 1


def test_l_export_web_est_un_zip_des_fichiers_du_standard(client, bruno, offre):
    import zipfile

    client.force_login(bruno)
    reponse = client.get(_url("export", offre["site"].territoire))
    noms = zipfile.ZipFile(io.BytesIO(reponse.content)).namelist()
    assert {"site-eco.csv", "terrain-eco.csv", "pole-eco.csv", "etablissement.csv", "sites_economiques.gpkg", "friches.csv"} <= set(noms)


def _png() -> bytes:
    from PIL import Image

    tampon = io.BytesIO()
    Image.new("RGB", (120, 80), (200, 30, 30)).save(tampon, format="PNG")
    return tampon.getvalue()


def test_le_partenaire_proprietaire_modifie_son_local_et_ajoute_une_photo(client, chloe, territoire, settings, tmp_path):
    from territoire.comptes.models import Adhesion
    from territoire.reseau.models import Organisation

    settings.MEDIA_ROOT = tmp_path
    epf = Organisation.objects.create(nom="EPF (test)", type="partenaire")
    epf.territoires.add(territoire)
    Adhesion.objects.filter(utilisateur=chloe).update(organisation=epf)
    local = f.local(territoire, proprietaire=epf)
    autre = f.local(territoire, nom="Pas à elle")
    client.force_login(chloe)
    assert client.get(_url("local_modifier", territoire, pk=local.pk)).status_code == 200
    assert client.get(_url("local_modifier", territoire, pk=autre.pk)).status_code == 403
    reponse = client.post(_url("local_photo", territoire, pk=local.pk),
                          {"image": SimpleUploadedFile("x.png", _png()), "texte_alternatif": "Vue du quai couvert"})
    assert reponse.status_code == 302 and PhotoLocal.objects.filter(local=local).count() == 1
    reponse = client.post(_url("local_photo", territoire, pk=local.pk),
                          {"image": SimpleUploadedFile("x.png", b"GIF89a pas une image"), "texte_alternatif": "Vue du quai"})
    assert reponse.status_code == 400 and "pas une image lisible" in reponse.content.decode()
    assert client.post(_url("local_photo", territoire, pk=autre.pk),
                       {"image": SimpleUploadedFile("x.png", _png()), "texte_alternatif": "Vue du quai"}).status_code == 403


def test_la_photo_d_un_local_non_public_n_est_pas_servie_au_public(client, territoire, settings, tmp_path):
    from territoire.attractivite.actions.locaux import ajouter_photo

    settings.MEDIA_ROOT = tmp_path
    local = f.local(territoire)
    photo = ajouter_photo(local, SimpleUploadedFile("x.png", _png()), "Vue du quai couvert")
    assert client.get(_url("photo", territoire, pk=photo.pk)).status_code == 404
    Local.objects.filter(pk=local.pk).update(public=True)
    reponse = client.get(_url("photo", territoire, pk=photo.pk))
    assert reponse.status_code == 200 and reponse["Content-Type"] == "image/png"


def test_un_partenaire_nomme_voit_le_projet_et_son_nom_reel(client, chloe, bruno, territoire):
    from territoire.comptes.models import Adhesion
    from territoire.reseau.models import Organisation

    agence = Organisation.objects.create(nom="Agence (test)", type="partenaire")
    Adhesion.objects.filter(utilisateur=chloe).update(organisation=agence)
    p = f.prospect(territoire, nom_de_code="Projet Héron")
    p.partenaires.add(agence)
    client.force_login(chloe)
    assert "Batteries du Nord SAS" in client.get(_url("prospect", territoire, pk=p.pk)).content.decode()
    client.force_login(bruno)
    texte = client.get(_url("prospect", territoire, pk=p.pk)).content.decode()
    assert "Projet Héron" in texte and "Batteries du Nord SAS" not in texte


def test_l_equipe_qualifie_propose_et_perd_avec_une_raison(client, alice, offre):
    territoire = offre["site"].territoire
    p = f.prospect(territoire, surface_terrain_ha=3, acces_ferre=True)
    client.force_login(alice)
    texte = client.get(_url("prospect", territoire, pk=p.pk)).content.decode()
    assert "Terrain T-PUBLIC" in texte and "Embranchement ferré (ITE) : ITE présente" in texte
    assert "T-INTERNE" in texte  # the team matches every plot, public or not
    reponse = client.post(_url("prospect_proposer", territoire, pk=p.pk),
                          {"terrains": [offre["public"].pk], "date": "2026-06-02", "notes": "Deux terrains possibles"})
    assert reponse.status_code == 302
    p.refresh_from_db()
    assert p.etape == "sites_proposes" and p.propositions.count() == 1
    reponse = client.post(_url("prospect_etape", territoire, pk=p.pk), {"etape": "perdu"})
    assert reponse.status_code == 400 and "Dites pourquoi" in reponse.content.decode()
    reponse = client.post(_url("prospect_etape", territoire, pk=p.pk), {"etape": "perdu", "raison_perte": "Site en Belgique"})
    assert reponse.status_code == 302


def test_la_carte_des_friches_les_range_par_phase(client, alice, territoire):
    import datetime as dt

    from territoire.attractivite.actions.friches import enregistrer_phase
    from territoire.attractivite.models import Friche

    a = Friche.objects.create(territoire=territoire, site_id="A", site_nom="Fonderie", longitude=2.59, latitude=50.47, public=True)
    enregistrer_phase(a, "depollution", date_debut=dt.date(2025, 3, 1))
    Friche.objects.create(territoire=territoire, site_id="B", site_nom="Filature", longitude=2.6, latitude=50.48)
    texte = client.get(_url("friches", territoire)).content.decode()
    assert "Fonderie" in texte and "Filature" not in texte  # the public: public brownfields only
    client.force_login(alice)
    texte = client.get(_url("friches", territoire)).content.decode()
    donnees = json.loads(texte.split('id="carte-friches-donnees" type="application/json">')[1].split("</script>")[0])
    assert {ft["properties"]["libelle"]: ft["properties"]["categorie"] for ft in donnees["features"]} == {
        "Fonderie": "depollution", "Filature": "sans_phase"}


def test_l_espace_de_l_equipe_montre_l_echeance_de_l_inventaire(client, alice, territoire):
    import datetime as dt

    from territoire.attractivite.actions import etablir_inventaire

    client.force_login(alice)
    url = reverse("comptes:espace", kwargs={"territoire": territoire.slug})
    assert "Aucun inventaire établi sur la plateforme" in client.get(url).content.decode()
    etablir_inventaire(territoire, date=dt.date(2024, 2, 1))
    texte = client.get(url).content.decode()
    assert "prochain au plus tard le 1 février 2030" in texte and INCONNUE not in texte


def test_modifier_un_site_suit_les_regles_du_standard(client, alice, offre):
    site = offre["site"]
    territoire = site.territoire
    client.force_login(alice)
    formulaire = client.get(_url("site_modifier", territoire, pk=site.pk)).context["form"]
    donnees = {k: ("" if v is None else v) for k, v in formulaire.initial.items() if k in formulaire.fields}
    donnees["pole"] = site.pole_id
    reponse = client.post(_url("site_modifier", territoire, pk=site.pk), donnees | {"site_url": "pas une adresse"})
    assert reponse.status_code == 400 and "ne suit pas la forme attendue" in reponse.content.decode()
    reponse = client.post(_url("site_modifier", territoire, pk=site.pk), donnees | {"site_nom": "=HYPERLINK(1)"})
    assert reponse.status_code == 400 and "formule de tableur" in reponse.content.decode()
    reponse = client.post(_url("site_modifier", territoire, pk=site.pk), donnees | {"site_surf_utile": "65.5",
                                                                                    "site_url": "https://exemple.fr/parc"})
    assert reponse.status_code == 302
    site.refresh_from_db()
    assert (site.site_surf_utile, site.site_url) == (65.5, "https://exemple.fr/parc")
