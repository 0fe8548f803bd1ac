"""INSEE legal categories (level III): the shipped table, and the label beside the code everywhere."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from django.urls import reverse

from territoire.etablissements import categories_juridiques as cj
from tests.etablissements import factories as f

# The codes that make most of a territory's legal units, with their official INSEE labels.
PRINCIPALES = {
    "1000": "Entrepreneur individuel",
    "5202": "Société en nom collectif",
    "5498": "SARL unipersonnelle",
    "5499": "Société à responsabilité limitée (sans autre indication)",
    "5599": "SA à conseil d'administration (s.a.i.)",
    "5699": "SA à directoire (s.a.i.)",
    "5710": "SAS, société par actions simplifiée",
    "5720": "Société par actions simplifiée à associé unique ou société par actions simplifiée unipersonnelle",
    "6220": "Groupement d'intérêt économique (GIE)",
    "6540": "Société civile immobilière",
    "7210": "Commune et commune nouvelle",
    "7346": "Communauté de communes",
    "7348": "Communauté d'agglomération",
    "9220": "Association déclarée",
}


def test_la_table_tient_les_codes_de_niveau_iii_de_l_insee():
    table = cj.libelles()
    assert 250 <= len(table) <= 300
    assert all(re.fullmatch(r"\d{4}", code) for code in table)
    assert all(libelle and libelle == libelle.strip() for libelle in table.values())
    for code, libelle in PRINCIPALES.items():
        assert table[code] == libelle, code


def test_un_code_inconnu_se_montre_seul():
    assert cj.code_et_libelle("5710") == "5710 — SAS, société par actions simplifiée"
    assert cj.code_et_libelle("1234") == "1234"
    assert cj.code_et_libelle("") == ""
    assert cj.libelle("1234") == "" and cj.libelle("") == ""


@pytest.mark.django_db
def test_la_fiche_l_export_et_l_api_donnent_le_libelle_a_cote_du_code(client, territoire, alice):
    ruitz = territoire.communes.get(code_insee="62729")
    sas = f.etablissement(ruitz, denomination="Forges de Ruitz", categorie_juridique="5710")
    inconnue = f.etablissement(ruitz, denomination="Forme Future", categorie_juridique="1234")

    page = client.get(sas.url(territoire)).content.decode()
    assert "<dt>Catégorie juridique</dt><dd>5710 — SAS, société par actions simplifiée</dd>" in page
    page = client.get(inconnue.url(territoire)).content.decode()
    assert "<dt>Catégorie juridique</dt><dd>1234</dd>" in page

    client.force_login(alice)
    reponse = client.get(reverse("etablissements:export_csv", kwargs={"territoire": territoire.slug}))
    brut = b"".join(reponse.streaming_content).decode("utf-8")[1:]
    lignes = {ligne["siret"]: ligne for ligne in csv.DictReader(io.StringIO(brut), delimiter=";")}
    assert lignes[sas.siret]["categorie_juridique"] == "5710"
    assert lignes[sas.siret]["libelle_categorie_juridique"] == "SAS, société par actions simplifiée"
    assert lignes[inconnue.siret]["libelle_categorie_juridique"] == ""

    fiche = json.loads(client.get(f"/api/v1/territoires/{territoire.slug}/etablissements/{sas.siret}").content)
    assert fiche["categorie_juridique"] == "5710"
    assert fiche["libelle_categorie_juridique"] == "SAS, société par actions simplifiée"
