"""Small-count protection: outside the team, a sector or size class with fewer than
SEUIL_PETITS_EFFECTIFS firms behind a finding is not counted exactly (it could point at one firm)."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from territoire.concertation import actions, queries
from tests.pdf_outils import texte_pdf

from . import factories


def test_le_seuil_regroupe_les_petites_filieres_et_masque_les_petites_tailles():
    assert queries.SEUIL_PETITS_EFFECTIFS == 3
    filieres = [("Métallurgie", 4), ("Plasturgie", 3), ("Agroalimentaire", 2), ("Chimie", 1)]
    assert queries.filieres_publiques(filieres) == [("Métallurgie", 4), ("Plasturgie", 3), ("Autres secteurs", 3)]
    assert queries.filieres_publiques([("Métallurgie", 4), ("Chimie", 1)]) == [
        ("Métallurgie", 4), ("Autres secteurs", "moins de 3")
    ]
    assert queries.filieres_publiques([("Métallurgie", 3)]) == [("Métallurgie", 3)]
    assert queries.filieres_publiques([]) == []
    assert queries.tailles_publiques([("10 à 49 salariés", 2), ("50 à 249 salariés", 3)]) == [
        ("10 à 49 salariés", "moins de 3"), ("50 à 249 salariés", 3)
    ]


@pytest.fixture
def metallurgie(territoire, consultation, jeu):
    """Three more metal firms behind the recruitment finding: metal reaches the threshold (4 firms)."""
    atelier = jeu["atelier"]
    contributions = [
        actions.enregistrer_contribution(
            atelier, organisation=factories.entreprise(territoire, f"Chaudronnerie {i}", naf="25.62A", tranche="12"),
            texte="Nous cherchons des chaudronniers.",
        )
        for i in range(3)
    ]
    actions.rattacher_contributions(jeu["constat_rec"], contributions)
    return jeu


def _synthese(client, territoire, consultation, user=None):
    client.logout()
    if user:
        client.force_login(user)
    return client.get(reverse("concertation:synthese", kwargs={"territoire": territoire.slug, "pk": consultation.pk})).content.decode()


def test_le_public_et_le_pilotage_ne_voient_pas_de_petits_nombres(client, territoire, consultation, metallurgie, bruno):
    for user in (None, bruno):
        page = _synthese(client, territoire, consultation, user)
        assert "Métallurgie, travail des métaux (4)" in page
        assert "Autres secteurs (moins de 3)" in page  # plastics and food: one firm each
        assert "Plasturgie" not in page and "Industries alimentaires" not in page
        assert "10 à 49 salariés (4)" in page and "50 à 249 salariés (moins de 3)" in page


def test_l_equipe_voit_les_nombres_exacts(client, territoire, consultation, metallurgie, alice):
    page = _synthese(client, territoire, consultation, alice)
    assert "Plasturgie, caoutchouc (1)" in page and "50 à 249 salariés (1)" in page
    assert "Autres secteurs" not in page
    constat = client.get(metallurgie["constat_rec"].get_absolute_url()).content.decode()
    assert "Plasturgie, caoutchouc" in constat


def test_la_page_du_constat_publique_protege_les_petits_nombres(client, territoire, metallurgie):
    page = client.get(metallurgie["constat_rec"].get_absolute_url()).content.decode()
    assert "Métallurgie, travail des métaux" in page and "Autres secteurs" in page
    assert "Plasturgie" not in page
    assert '<td class="nombre">moins de 3</td>' in page


def test_les_exports_docx_et_pdf_protegent_les_petits_nombres(client, territoire, consultation, metallurgie, alice):
    from docx import Document

    client.force_login(alice)  # the exports are the public version, whoever downloads them
    kwargs = {"territoire": territoire.slug, "pk": consultation.pk}
    doc = Document(io.BytesIO(client.get(reverse("concertation:synthese_docx", kwargs=kwargs)).content))
    texte = "\n".join(p.text for p in doc.paragraphs)
    assert "Métallurgie, travail des métaux (4), Autres secteurs (moins de 3)" in texte
    assert "Plasturgie" not in texte and "50 à 249 salariés (moins de 3)" in texte
    pdf = texte_pdf(client.get(reverse("concertation:synthese_pdf", kwargs=kwargs)).content)
    assert "Autres secteurs (moins de 3)" in pdf and "Plasturgie" not in pdf


def test_l_api_publique_protege_les_petits_nombres_mais_pas_pour_l_equipe(client, territoire, metallurgie, alice):
    url = reverse("api:concertation_synthese", kwargs={"slug": territoire.slug})
    constat = client.get(url).json()[0]["constats"][0]
    assert constat["filieres"] == {"Métallurgie, travail des métaux": 4, "Autres secteurs": "moins de 3"}
    assert constat["tailles"]["50 à 249 salariés"] == "moins de 3" and constat["tailles"]["10 à 49 salariés"] == 4
    client.force_login(alice)
    exact = client.get(url).json()[0]["constats"][0]
    assert exact["filieres"]["Plasturgie, caoutchouc"] == 1 and exact["tailles"]["50 à 249 salariés"] == 1
