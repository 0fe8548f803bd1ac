"""Zones uploaded from the web: preview (map and table) without writing, then all or nothing."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from territoire.historique.models import Entree
from territoire.referentiel.models import ZoneActivite

pytestmark = pytest.mark.django_db


def _url(territoire):
    return reverse("referentiel:zones", kwargs={"territoire": territoire.slug})


def _carre(lon, lat, d=0.004):
    return {"type": "Polygon", "coordinates": [[[lon - d, lat - d], [lon + d, lat - d], [lon + d, lat + d],
                                                 [lon - d, lat + d], [lon - d, lat - d]]]}


def _fichier(*features, nom="zones.geojson", encodage="utf-8", prefixe=b""):
    corps = json.dumps({"type": "FeatureCollection", "features": list(features)}, ensure_ascii=False)
    return SimpleUploadedFile(nom, prefixe + corps.encode(encodage), content_type="application/geo+json")


def _zone(nom, lon=2.64, lat=50.53, **props):
    return {"type": "Feature", "properties": {"nom": nom, **props}, "geometry": _carre(lon, lat)}


def test_l_apercu_montre_la_carte_et_n_enregistre_rien_puis_la_confirmation_charge_tout(client, territoire, alice):
    client.force_login(alice)
    reponse = client.post(_url(territoire), {"fichier": _fichier(_zone("ZA de Béthune <Est>"), _zone("ZI de Ruitz", 2.59, 50.47),
                                                                 prefixe=b"\xef\xbb\xbf")})
    page = reponse.content.decode()
    assert reponse.status_code == 200 and "Aperçu : 2 zones" in page and "<svg" in page
    assert "ZA de Béthune &lt;Est&gt;" in page and "remplacée" in page and "nouvelle" in page
    assert list(ZoneActivite.objects.values_list("nom", flat=True)) == ["ZI de Ruitz"], "l'aperçu n'écrit rien"
    jeton = page.split('name="jeton" value="')[1].split('"')[0]
    reponse = client.post(_url(territoire), {"jeton": jeton})
    assert reponse.status_code == 302
    assert set(ZoneActivite.objects.values_list("nom", flat=True)) == {"ZI de Ruitz", "ZA de Béthune <Est>"}
    nouvelle = Entree.objects.get(action="Zone chargée depuis « zones.geojson »", auteur=alice)
    assert nouvelle.objet.nom == "ZA de Béthune <Est>" and nouvelle.changements["surface_ha"][0] is None
    remplacee = Entree.objects.get(action="Zone remplacée depuis « zones.geojson »", auteur=alice)
    assert remplacee.objet.nom == "ZI de Ruitz" and remplacee.changements["surface_ha"][0] == "80.0"
    assert Entree.objects.filter(territoire=territoire).count() == 2, "l'aperçu n'a rien laissé dans l'historique"
    # The same token cannot load twice (its file is gone).
    assert client.post(_url(territoire), {"jeton": jeton}).status_code == 302
    assert ZoneActivite.objects.count() == 2


def test_un_fichier_refuse_dit_quel_objet_et_ne_change_rien(client, territoire, alice):
    client.force_login(alice)
    lambert = {"type": "Feature", "properties": {"nom": "Zone en Lambert"},
               "geometry": {"type": "Polygon", "coordinates": [[[650000, 7000000], [651000, 7000000], [651000, 7001000],
                                                                [650000, 7000000]]]}}
    for fichier, attendu in (
        (_fichier(_zone("Bonne zone"), lambert), "objet n°2 (Zone en Lambert)"),
        (_fichier(_zone("Bonne zone"), {"type": "Feature", "properties": {}, "geometry": _carre(2.64, 50.53)}),
         "propriété « nom » manquante"),
        (_fichier(_zone("Loin d'ici", 5.0, 45.0)), "ne touche aucune commune"),
        (_fichier(_zone("Zone é", type="aéroport")), "type « aéroport » inconnu"),
        (_fichier(_zone("Zone en latin-1 é"), encodage="latin-1"), "illisible"),
        (SimpleUploadedFile("zones.geojson", b'{"type": "Feature"}'), "FeatureCollection"),
    ):
        reponse = client.post(_url(territoire), {"fichier": fichier})
        contenu = reponse.content.decode()
        assert reponse.status_code == 400 and attendu in contenu.replace("&#x27;", "'"), attendu
        assert "« zones.geojson »" in contenu and "televersements" not in contenu, "le nom du fichier, jamais le chemin temporaire"
    assert list(ZoneActivite.objects.values_list("nom", flat=True)) == ["ZI de Ruitz"]


def test_un_jeton_forge_ou_d_un_autre_compte_ne_charge_rien(client, territoire, alice):
    from django.contrib.auth import get_user_model

    from territoire.comptes.models import Adhesion

    client.force_login(alice)
    page = client.post(_url(territoire), {"fichier": _fichier(_zone("Nouvelle zone"))}).content.decode()
    jeton = page.split('name="jeton" value="')[1].split('"')[0]
    autre = get_user_model().objects.create_user("autre-equipe")
    Adhesion.objects.create(utilisateur=autre, territoire=territoire, role="equipe")
    client.force_login(autre)
    client.post(_url(territoire), {"jeton": jeton})
    client.post(_url(territoire), {"jeton": "faux:jeton"})
    assert not ZoneActivite.objects.filter(nom="Nouvelle zone").exists()


def test_un_fichier_demesure_est_refuse_avant_d_etre_lu(client, territoire, alice, settings):
    from territoire.referentiel import vues_zones

    client.force_login(alice)
    gros = SimpleUploadedFile("zones.geojson", b" " * (vues_zones.TAILLE_MAX + 1))
    reponse = client.post(_url(territoire), {"fichier": gros})
    assert reponse.status_code == 400 and "Fichier trop lourd" in reponse.content.decode()


def test_la_commande_ecrit_l_historique_et_un_meme_fichier_renvoye_n_ajoute_rien(territoire, tmp_path):
    from territoire.referentiel.actions import charger_zones_geojson

    chemin = tmp_path / "zones-2026.geojson"
    chemin.write_bytes(_fichier(_zone("ZA des Alouettes", gestionnaire="CABBALR")).read())
    charger_zones_geojson(territoire, chemin)
    entree = Entree.objects.get()
    assert entree.action == "Zone chargée depuis « zones-2026.geojson »" and entree.auteur is None
    assert entree.changements["gestionnaire"] == [None, "CABBALR"]
    charger_zones_geojson(territoire, chemin)
    assert Entree.objects.count() == 1, "rien n'a changé : pas d'entrée"
    chemin.write_bytes(_fichier(_zone("ZA des Alouettes", gestionnaire="Région")).read())
    charger_zones_geojson(territoire, chemin)
    assert Entree.objects.latest("pk").changements == {"gestionnaire": ["CABBALR", "Région"]}
