"""The programme's section of a firm's page: its fiches-actions, by role, per the programme's rules."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from territoire.comptes.models import Adhesion
from territoire.programme import actions

from . import factories

pytestmark = pytest.mark.django_db


def _page(client, territoire, orga) -> str:
    reponse = client.get(
        reverse("reseau:organisation", kwargs={"territoire": territoire.slug, "pk": orga.pk})
    )
    assert reponse.status_code == 200
    return reponse.content.decode()


def _section(page: str) -> str:
    debut = page.index('id="programme"')
    return page[debut : page.index("</section>", debut)]


def test_la_page_de_l_organisation_liste_ses_fiches_par_role(client, territoire, programme, alice):
    orga = factories.organisation(territoire, "Moteurs du Nord")
    factories.fiche(programme, alice, "1", titre="Fiche pilotée", statut_code="en-cours", pilote_organisation=orga)
    factories.fiche(programme, alice, "2", titre="Fiche en partenariat", partenaires=[orga])
    factories.fiche(programme, alice, "3", titre="Fiche bénéficiaire", beneficiaires="PME dont Moteurs du Nord")
    financee = factories.fiche(programme, alice, "4", titre="Fiche financée")
    actions.ajouter_cofinancement(financee, alice, financeur=orga, montant=Decimal("1000"), etape="accorde")
    factories.fiche(programme, alice, "5", titre="Fiche sans lien")
    client.force_login(alice)
    section = _section(_page(client, territoire, orga))
    assert "Fiches-actions du programme" in _page(client, territoire, orga)
    assert "Fiche pilotée" in section and "Pilote" in section and "En cours" in section
    assert "Fiche en partenariat" in section and "Partenaire" in section
    assert "Fiche bénéficiaire" in section and "Bénéficiaire" in section
    assert "Fiche financée" in section and "Cofinanceur" in section
    assert "Fiche sans lien" not in section
    assert financee.get_absolute_url() in section


def test_fiche_confidentielle_seulement_pour_equipe_et_pilotage(client, territoire, programme, alice, bruno, chloe, cci):
    factories.fiche(programme, alice, "1", titre="Fiche secrète", confidentiel=True, pilote_organisation=cci)
    for qui, voit in ((alice, True), (bruno, True), (chloe, False)):
        client.force_login(qui)
        assert ("Fiche secrète" in _section(_page(client, territoire, cci))) is voit, qui.username


def test_entreprise_voit_la_version_publiee_sans_le_role_de_financeur(client, territoire, programme, alice, david):
    orga = factories.organisation(territoire, "Fonderie de l'Artois")
    Adhesion.objects.filter(utilisateur=david, territoire=territoire).update(organisation=orga)
    autre = factories.organisation(territoire, "Autre industriel")
    publiee = factories.fiche(programme, alice, "1", titre="Titre publié", statut_code="en-cours", partenaires=[autre],
                              beneficiaires="Fonderie de l'Artois")
    actions.ajouter_cofinancement(publiee, alice, financeur=orga, montant=Decimal("5000"), etape="verse")
    actions.publier_fiche(publiee, alice)
    publiee.titre = "Titre en brouillon"
    publiee.save()
    factories.fiche(programme, alice, "2", titre="Brouillon non publié", beneficiaires="Fonderie de l'Artois")
    client.force_login(david)
    section = _section(_page(client, territoire, orga))
    assert "Titre publié" in section and "Titre en brouillon" not in section
    assert "Bénéficiaire" in section and "version publiée" in section
    assert "Cofinanceur" not in section
    assert "Brouillon non publié" not in section


def test_entreprise_pilote_voit_sa_fiche_en_cours(client, territoire, programme, alice, david):
    orga = factories.organisation(territoire, "Usine pilote")
    Adhesion.objects.filter(utilisateur=david, territoire=territoire).update(organisation=orga)
    factories.fiche(programme, alice, "1", titre="Fiche encore en brouillon", statut_code="en-cours", pilote_organisation=orga)
    client.force_login(david)
    section = _section(_page(client, territoire, orga))
    assert "Fiche encore en brouillon" in section and "Pilote" in section and "version publiée" not in section


def test_nom_injecte_est_echappe(client, territoire, programme, alice):
    orga = factories.organisation(territoire, "<script>alert(1)</script>")
    factories.fiche(programme, alice, "1", titre="<b>gras</b>", pilote_organisation=orga)
    client.force_login(alice)
    section = _section(_page(client, territoire, orga))
    assert "<b>gras</b>" not in section and "&lt;b&gt;gras&lt;/b&gt;" in section


@pytest.mark.parametrize("qui", ["alice", "chloe"])
def test_section_en_nombre_de_requetes_constant(client, territoire, programme, alice, chloe, cci, qui):
    def requetes():
        with CaptureQueriesContext(connection) as ctx:
            _page(client, territoire, cci)
        return len(ctx.captured_queries)

    def ajouter(numero):
        fiche = factories.fiche(programme, alice, numero, statut_code="en-cours", pilote_organisation=cci,
                                partenaires=[cci], beneficiaires="CCI Artois")
        actions.ajouter_cofinancement(fiche, alice, financeur=cci, montant=Decimal("10"), etape="demande")
        actions.publier_fiche(fiche, alice)
        autre = factories.fiche(programme, alice, f"{numero}b", partenaires=[cci])
        actions.publier_fiche(autre, alice)

    client.force_login(alice if qui == "alice" else chloe)
    ajouter("1")
    avant = requetes()
    for i in range(2, 10):
        ajouter(str(i))
    assert requetes() == avant
    assert _section(_page(client, territoire, cci)).count("Pilote") == 9
