"""Pages of the consultation: who sees what, the synthesis, contribution entry, answers, exports."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse

from territoire.concertation import actions
from territoire.concertation.models import Contribution, ReponseConstat
from tests.pdf_outils import texte_pdf

from . import factories

MARQUE = "@@VARIABLE_INCONNUE"
NOMS = ("Forges de l'Artois", "Forges de l&#x27;Artois", "Plastiques de la Lys", "Biscuits du Béthunois")


def _get(client, user, nom, **kwargs):
    client.logout()
    if user is not None:
        client.force_login(user)
    reponse = client.get(reverse(nom, kwargs=kwargs))
    assert reponse.status_code == 200, reponse.status_code
    contenu = reponse.content.decode()
    assert MARQUE not in contenu
    return contenu


def test_la_synthese_publique_classe_les_constats_sans_nommer_les_entreprises(client, territoire, consultation, jeu):
    page = _get(client, None, "concertation:synthese", territoire=territoire.slug, pk=consultation.pk)
    assert page.index("Les industriels peinent à recruter") < page.index("Les zones d&#x27;activités vieillissent")
    # Three sectors of one firm each: grouped (small-count protection, test_petits_effectifs.py).
    assert "Autres secteurs (3)" in page and "Métallurgie" not in page
    assert "Créer un Campus des métiers et des qualifications" in page
    assert "Aucune fiche-action publiée ne répond encore à ce constat." in page
    for nom in NOMS:
        assert nom not in page
    assert "Entretien avec un dirigeant" not in page  # interviews are one aggregated row
    assert "Entretiens individuels (1)" in page
    assert "fermer une ligne" not in page
    assert "<svg" in page and "Constats classés par soutien" in page  # the chart and its data table


def test_le_public_suit_un_constat_jusqu_aux_filieres_et_aux_fiches(client, territoire, jeu):
    page = _get(client, None, "concertation:constat", territoire=territoire.slug, pk=jeu["constat_rec"].pk)
    assert "Filières des entreprises derrière ce constat" in page
    assert "Autres secteurs" in page and "250 salariés et plus" in page
    assert "Plasturgie, caoutchouc" not in page  # one firm: grouped, not named
    assert "Fiche 3 — Créer un Campus" in page
    assert "Le campus forme aux métiers en tension." in page
    for nom in NOMS:
        assert nom not in page
    assert "soudeurs" not in page  # texts are not public


def test_une_fiche_non_publiee_est_comptee_sans_etre_nommee_au_public(client, territoire, jeu, bruno):
    brouillon = factories.fiche(territoire, numero="7", titre="Fiche en préparation secrète", publie=False)
    actions.repondre_constat(jeu["constat_zones"], brouillon)
    page = _get(client, None, "concertation:constat", territoire=territoire.slug, pk=jeu["constat_zones"].pk)
    assert "Fiche en préparation secrète" not in page
    assert "Et 1 fiche en préparation, non publiée." in page
    page = _get(client, bruno, "concertation:constat", territoire=territoire.slug, pk=jeu["constat_zones"].pk)
    assert "Fiche en préparation secrète" in page


def test_l_equipe_lit_les_contributions_confidentielles_pas_le_pilotage(client, territoire, jeu, alice, bruno, chloe):
    url = {"territoire": territoire.slug, "pk": jeu["constat_rec"].pk}
    assert "fermer une ligne" in _get(client, alice, "concertation:constat", **url)
    page_bruno = _get(client, bruno, "concertation:constat", **url)
    assert "fermer une ligne" not in page_bruno and "Biscuits du Béthunois" not in page_bruno
    assert "Nous ne trouvons pas de soudeurs." in _get(client, chloe, "concertation:constat", **url)


def test_l_entretien_individuel_reste_a_l_equipe(client, territoire, jeu, alice, bruno, chloe):
    url = reverse("concertation:reunion", kwargs={"territoire": territoire.slug, "pk": jeu["entretien"].pk})
    for user in (bruno, chloe):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.force_login(alice)
    assert "Biscuits du Béthunois" in client.get(url).content.decode()
    liste = _get(client, bruno, "concertation:reunions", territoire=territoire.slug, pk=jeu["atelier"].consultation_id)
    assert "Atelier recrutement" in liste and "Entretien avec un dirigeant" not in liste


def test_une_entreprise_voit_ses_contributions_et_pas_celles_des_autres(client, territoire, jeu, david):
    page = _get(client, david, "concertation:mes_contributions", territoire=territoire.slug)
    assert "Nous ne trouvons pas de soudeurs." in page
    assert "Il manque des régleurs." not in page
    assert "Les industriels peinent à recruter" in page
    reunion = _get(client, david, "concertation:reunion", territoire=territoire.slug, pk=jeu["atelier"].pk)
    assert "Nous ne trouvons pas de soudeurs." in reunion
    assert "Il manque des régleurs." not in reunion
    client.force_login(david)
    url = reverse("concertation:reunion", kwargs={"territoire": territoire.slug, "pk": jeu["entretien"].pk})
    assert client.get(url).status_code == 404


def test_le_texte_libre_est_affiche_sans_injection(client, territoire, consultation, jeu, alice):
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    c = actions.enregistrer_contribution(jeu["atelier"], organisation=jeu["forges"], texte=hostile)
    constat = actions.creer_constat(consultation, titre=f"Constat {hostile}", contributions=[c])
    for nom, pk in (("concertation:reunion", jeu["atelier"].pk), ("concertation:constat", constat.pk),
                    ("concertation:synthese", consultation.pk)):
        page = _get(client, alice, nom, territoire=territoire.slug, pk=pk)
        assert "<script>alert" not in page and "<img src=x" not in page
        assert "&lt;script&gt;" in page
    assert Contribution.objects.get(pk=c.pk).texte == hostile  # stored as typed, escaped when shown


def test_suggerer_coche_des_themes_sans_rien_enregistrer(client, territoire, jeu, alice):
    client.force_login(alice)
    url = reverse("concertation:contribuer", kwargs={"territoire": territoire.slug, "pk": jeu["atelier"].pk})
    avant = Contribution.objects.count()
    reponse = client.post(url, {
        "organisation": jeu["forges"].pk, "action": "suggerer",
        "texte": "Nous n'arrivons pas à recruter des techniciens de maintenance ni des apprentis.",
    })
    page = reponse.content.decode()
    assert reponse.status_code == 200 and MARQUE not in page
    assert "Thèmes suggérés" in page and "Formation et recrutement" in page
    theme = factories.theme("formation-recrutement")
    assert f'value="{theme.pk}" id="id_themes_' in page and "checked" in page
    assert Contribution.objects.count() == avant


def test_enregistrer_garde_les_themes_choisis_et_ceux_suggeres(client, territoire, jeu, alice):
    client.force_login(alice)
    url = reverse("concertation:contribuer", kwargs={"territoire": territoire.slug, "pk": jeu["entretien"].pk})
    zones = factories.theme("amenagement-zones")
    reponse = client.post(url, {
        "organisation": jeu["agro"].pk, "action": "enregistrer", "texte": "Le parking de la zone est trop petit.",
        "themes": [zones.pk], "themes_suggeres": "formation-recrutement", "confidentielle": "on",
    })
    assert reponse.status_code == 302
    c = Contribution.objects.latest("pk")
    assert list(c.themes.all()) == [zones]
    assert c.themes_suggeres == ["formation-recrutement"]
    assert c.confidentielle and c.auteur == alice


def test_le_formulaire_d_un_entretien_coche_confidentielle_par_defaut(client, territoire, jeu, alice):
    page = _get(client, alice, "concertation:contribuer", territoire=territoire.slug, pk=jeu["entretien"].pk)
    assert re.search(r'<input[^>]*name="confidentielle"[^>]*checked', page)
    page = _get(client, alice, "concertation:contribuer", territoire=territoire.slug, pk=jeu["atelier"].pk)
    assert not re.search(r'<input[^>]*name="confidentielle"[^>]*checked', page)


def test_une_contribution_vide_ou_d_une_organisation_inconnue_est_refusee_clairement(client, territoire, jeu, alice):
    client.force_login(alice)
    url = reverse("concertation:contribuer", kwargs={"territoire": territoire.slug, "pk": jeu["atelier"].pk})
    avant = Contribution.objects.count()
    page = client.post(url, {"organisation": 999999, "texte": "", "action": "enregistrer"}).content.decode()
    assert "Cette organisation n&#x27;est pas connue sur ce territoire" in page
    assert "Ce champ est obligatoire" in page
    assert Contribution.objects.count() == avant


def test_l_equipe_relie_une_fiche_a_un_constat(client, territoire, jeu, alice):
    client.force_login(alice)
    fiche = factories.fiche(territoire, numero="4", titre="Requalifier la zone")
    url = reverse("concertation:repondre", kwargs={"territoire": territoire.slug, "pk": jeu["constat_zones"].pk})
    reponse = client.post(url, {"fiche": fiche.pk, "type": "partielle", "commentaire": "Voirie refaite."})
    assert reponse.status_code == 302
    lien = ReponseConstat.objects.get(constat=jeu["constat_zones"])
    assert (lien.fiche, lien.type, lien.auteur) == (fiche, "partielle", alice)


def test_le_pilotage_ne_peut_pas_relier_une_fiche(client, territoire, jeu, bruno):
    client.force_login(bruno)
    url = reverse("concertation:repondre", kwargs={"territoire": territoire.slug, "pk": jeu["constat_zones"].pk})
    assert client.post(url, {"fiche": jeu["fiche"].pk, "type": "directe"}).status_code == 403
    assert not ReponseConstat.objects.filter(constat=jeu["constat_zones"]).exists()


def test_l_export_docx_est_public_et_lisible(client, territoire, consultation, jeu):
    from docx import Document

    reponse = client.get(reverse("concertation:synthese_docx", kwargs={"territoire": territoire.slug, "pk": consultation.pk}))
    assert reponse.status_code == 200
    doc = Document(io.BytesIO(reponse.content))
    texte = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
        c.text for t in doc.tables for r in t.rows for c in r.cells
    )
    assert "1. Les industriels peinent à recruter" in texte
    assert "Fiche 3 — Créer un Campus des métiers et des qualifications" in texte
    assert "Aucune fiche-action publiée ne répond encore à ce constat." in texte
    assert "Entretiens individuels (1)" in texte
    for nom in ("Forges de l'Artois", "Plastiques de la Lys", "Biscuits du Béthunois", "Entretien avec un dirigeant"):
        assert nom not in texte


@pytest.mark.parametrize("nom", ["concertation:synthese_pdf"])
def test_l_export_pdf_est_public_et_lisible(client, territoire, consultation, jeu, nom):
    reponse = client.get(reverse(nom, kwargs={"territoire": territoire.slug, "pk": consultation.pk}))
    assert reponse.status_code == 200 and reponse.content.startswith(b"%PDF")
    texte = texte_pdf(reponse.content)
    assert "Les industriels peinent à recruter" in texte
    assert "Plastiques de la Lys" not in texte and "Biscuits du Béthunois" not in texte


def test_la_synthese_ne_fait_pas_plus_de_requetes_quand_les_constats_se_multiplient(client, territoire, consultation, jeu):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("concertation:synthese", kwargs={"territoire": territoire.slug, "pk": consultation.pk})
    with CaptureQueriesContext(connection) as avant:
        assert client.get(url).status_code == 200
    for i in range(6):
        org = factories.entreprise(territoire, f"Nouvelle {i}")
        r = factories.reunion(consultation, f"Atelier {i}")
        c = actions.enregistrer_contribution(r, organisation=org, texte="Texte.", themes=[factories.theme("attirer")])
        k = actions.creer_constat(consultation, titre=f"Constat {i}", contributions=[c])
        actions.repondre_constat(k, factories.fiche(territoire, numero=f"1{i}", titre=f"Fiche {i}"))
    with CaptureQueriesContext(connection) as apres:
        assert client.get(url).status_code == 200
    assert len(apres.captured_queries) == len(avant.captured_queries)


@pytest.mark.parametrize("modele", ["consultation", "reunion", "contribution", "constat", "theme"])
def test_le_back_office_de_l_equipe_s_ouvre(admin_client, jeu, modele):
    assert admin_client.get(reverse(f"admin:concertation_{modele}_changelist")).status_code == 200
    objet = {"consultation": jeu["atelier"].consultation, "reunion": jeu["atelier"], "contribution": jeu["c1"],
             "constat": jeu["constat_rec"], "theme": factories.theme("attirer")}[modele]
    assert admin_client.get(reverse(f"admin:concertation_{modele}_change", args=[objet.pk])).status_code == 200


def test_l_api_sert_la_synthese_publique_sans_noms(client, territoire, jeu, bruno):
    brouillon = factories.fiche(territoire, numero="7", titre="Fiche en préparation", publie=False)
    actions.repondre_constat(jeu["constat_zones"], brouillon)
    url = reverse("api:concertation_synthese", kwargs={"slug": territoire.slug})
    donnees = client.get(url).json()
    constats = donnees[0]["constats"]
    assert [c["rang"] for c in constats] == [1, 2]
    assert constats[0]["entreprises"] == 3 and constats[0]["filieres"] == {"Autres secteurs": 3}
    assert constats[0]["fiches_actions"][0]["numero"] == "3"
    assert constats[1]["fiches_actions"] == [] and constats[1]["fiches_non_publiees"] == 1
    brut = client.get(url).content.decode()
    assert "Forges" not in brut and "Biscuits" not in brut and "soudeurs" not in brut
    client.force_login(bruno)
    assert client.get(url).json()[0]["constats"][1]["fiches_actions"][0]["titre"] == "Fiche en préparation"


def test_relier_une_fiche_et_contribuer_laissent_une_trace_datee_et_signee(client, territoire, jeu, alice):
    from territoire.reseau.actions import historique_de

    client.force_login(alice)
    url = reverse("concertation:repondre", kwargs={"territoire": territoire.slug, "pk": jeu["constat_zones"].pk})
    client.post(url, {"fiche": jeu["fiche"].pk, "type": "indirecte", "commentaire": "Lien indirect."})
    entree = historique_de(jeu["constat_zones"]).get()
    assert entree.auteur == alice and entree.action == "Fiche 3 reliée au constat"
    assert entree.changements["type"] == [None, "indirecte"]
    assert historique_de(jeu["c1"]).get().action == "Contribution enregistrée"
