"""The territory's public home page: key figures with their definitions, charts with tables."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from territoire.etablissements.chiffres import definitions
from territoire.observatoire.cache import domaines_suivis, invalider_chiffres
from tests.etablissements import factories as f

pytestmark = pytest.mark.django_db


def _accueil(client, territoire) -> str:
    reponse = client.get(reverse("portail:accueil", kwargs={"territoire": territoire.slug}))
    assert reponse.status_code == 200
    texte = reponse.content.decode()
    assert "@@VARIABLE_INCONNUE" not in texte
    return texte


def test_l_accueil_montre_chaque_chiffre_cle_avec_sa_definition(client, territoire):
    f.petit_recensement(territoire)
    texte = _accueil(client, territoire)
    for titre in ["Communes", "Population", "Établissements industriels suivis", "Emplois industriels",
                  "Zones industrielles", "Entreprises de services à l'industrie"]:
        assert f"<dt>{titre}</dt>" in texte, titre
    for definition in definitions(territoire).values():
        assert definition.replace("'", "&#x27;") in texte
    # 3 industrial establishments followed: 100–199, 20–49 and 50–99 employees.
    assert "<dd>3</dd>" in texte
    assert "170 (bas)" in texte and "347 (haut)" in texte and "258" in texte and "millésime 2023" in texte
    assert "26\xa0500" in texte  # population


def test_l_accueil_a_des_graphiques_accessibles_avec_leur_tableau(client, territoire):
    f.petit_recensement(territoire)
    texte = _accueil(client, territoire)
    svgs = re.findall(r"<svg[^>]*>.*?</svg>", texte, re.S)
    assert len(svgs) == 3
    for svg in svgs:
        assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
        ident = re.search(r'aria-labelledby="([^"]+)"', svg).group(1).split()
        assert all(f'id="{i}"' in svg for i in ident)
        for largeur in re.findall(r'<rect[^>]*width="([^"]+)"', svg):
            float(largeur)  # a French decimal comma would break the drawing
    assert texte.count("(données du graphique)") == 3
    assert "Métallurgie, travail des métaux" in texte and "ZI de Ruitz" in texte and "Hors zone" in texte
    assert "100 à 199 salariés" in texte


def test_l_accueil_mene_a_l_annuaire_et_a_la_carte(client, territoire):
    texte = _accueil(client, territoire)
    assert reverse("etablissements:liste", kwargs={"territoire": territoire.slug}) in texte
    assert reverse("etablissements:carte", kwargs={"territoire": territoire.slug}) in texte


def test_l_accueil_dit_quand_les_donnees_sont_fictives(client, territoire):
    assert "Données fictives" not in _accueil(client, territoire)
    territoire.donnees_fictives = True
    territoire.save()
    assert "Données fictives" in _accueil(client, territoire)


def test_l_accueil_sans_aucun_etablissement(client, territoire):
    texte = _accueil(client, territoire)
    assert "Aucun établissement industriel suivi" in texte


def test_le_nombre_de_requetes_de_l_accueil_ne_croit_pas(client, territoire):
    ruitz = territoire.communes.get(code_insee="62729")

    def compter():
        with CaptureQueriesContext(connection) as requetes:
            _accueil(client, territoire)
        return len(requetes)

    # Every domain holds its token row, as in a database that has lived (cache.py creates a missing
    # row at the first value that reads its domain: two queries, once, not a growth).
    invalider_chiffres(*domaines_suivis())
    compter()  # and the identity of the header is in the cache (no establishment changes it)
    for i in range(3):
        f.etablissement(ruitz, naf="25.62A" if i % 2 else "22.29A")
    petit = compter()
    for i in range(40):
        f.etablissement(ruitz, naf=["25.62A", "10.51A", "28.11Z", "62.01Z"][i % 4], tranche_effectifs=["11", "12", "21"][i % 3])
    assert compter() == petit


def test_l_accueil_deja_vue_coute_deux_requetes_quelles_que_soient_les_donnees(client, territoire):
    """Once computed, the page comes from the cache (exploitation/pages_en_cache.py): the
    territory's key and the data's tokens, whatever the number of establishments."""
    ruitz = territoire.communes.get(code_insee="62729")

    def compter_a_chaud():
        _accueil(client, territoire)  # computes and keeps the figures
        with CaptureQueriesContext(connection) as requetes:
            _accueil(client, territoire)
        return [q["sql"] for q in requetes]

    f.petit_recensement(territoire)
    petit = compter_a_chaud()
    for i in range(40):
        f.etablissement(ruitz, naf=["25.62A", "10.51A", "28.11Z", "62.01Z"][i % 4], tranche_effectifs=["11", "12", "21"][i % 3])
    grand = compter_a_chaud()
    assert len(petit) == len(grand) == 2, grand


def test_l_accueil_montre_aussitot_un_chiffre_change(client, territoire):
    """The cache never shows a figure older than the data: an establishment added shows at once."""
    ruitz = territoire.communes.get(code_insee="62729")
    f.petit_recensement(territoire)
    assert "<dd>3</dd>" in _accueil(client, territoire)
    f.etablissement(ruitz, naf="28.11Z", tranche_effectifs="21")
    assert "<dd>4</dd>" in _accueil(client, territoire)
