"""What Innover adds to a firm's page: its needs, projects, diagnostics and labels, in constant queries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.innovation import factories
from tests.reseau import factories as reseau


@pytest.mark.django_db
def test_la_fiche_d_une_entreprise_montre_ses_besoins_et_ses_diagnostics(client, territoire, alice, vocabulaire):
    orga = reseau.organisation(territoire, nom="Vernis du Nord")
    factories.besoin(territoire, organisation=orga, texte="Passer à un vernis à l'eau sur nos meubles.")
    factories.diagnostic(territoire, orga, factories.SCORES_MOYENS)
    client.force_login(alice)
    page = client.get(reverse("reseau:organisation", kwargs={"territoire": territoire.slug, "pk": orga.pk})).content.decode()
    assert "<h3>Besoins d'innovation</h3>" in page and "Diagnostic du 10/03/2026" in page
    assert "Noter un besoin d'innovation" in page


@pytest.mark.django_db
def test_la_section_garde_un_nombre_de_requetes_constant(client, territoire, alice, vocabulaire, django_assert_max_num_queries):
    from territoire.innovation.queries import resume_organisation

    orga = reseau.organisation(territoire)
    factories.besoin(territoire, organisation=orga)
    with django_assert_max_num_queries(12) as une:
        resume_organisation(alice, territoire, orga)
    for _ in range(5):
        factories.besoin(territoire, organisation=orga)
        factories.diagnostic(territoire, orga, factories.SCORES_MOYENS)
    with django_assert_max_num_queries(len(une.captured_queries)):
        resume_organisation(alice, territoire, orga)


@pytest.mark.django_db
def test_les_labels_de_l_observatoire_sont_montres_sur_l_entreprise(client, territoire, alice, vocabulaire):
    from datetime import date

    from territoire.observatoire.models import Label, LabelOrganisation

    orga = reseau.organisation(territoire, nom="Lenze (site de Ruitz)")
    label = Label.objects.create(code="vitrine-if", libelle="Vitrine Industrie du Futur", decerne_par="Alliance Industrie du Futur")
    LabelOrganisation.objects.create(organisation=orga, label=label, date=date(2019, 6, 1), source_url="https://example.org/lenze")
    client.force_login(alice)
    page = client.get(reverse("reseau:organisation", kwargs={"territoire": territoire.slug, "pk": orga.pk})).content.decode()
    assert "Vitrine Industrie du Futur" in page


@pytest.mark.django_db
def test_le_public_ne_trouve_pas_un_detenteur_par_une_competence_cachee(client, territoire, alice, vocabulaire):
    from territoire.innovation import actions

    centre = factories.detenteur(territoire, nom="Centre discret", competences=())
    actions.ajouter_competence(centre, factories.competence("cybersecurite"), source="Échange", public=False)
    url = reverse("innovation:accueil", kwargs={"territoire": territoire.slug}) + "?q=cybersécurité"
    assert "Centre discret" not in client.get(url).content.decode()
    client.force_login(alice)
    assert "Centre discret" in client.get(url).content.decode()


@pytest.mark.django_db
def test_un_detenteur_trouve_par_plusieurs_lignes_n_apparait_qu_une_fois(territoire, vocabulaire):
    """Each word is looked up by a subquery per kind of row: no product of competences, equipment
    and services, no duplicate, and every word must be found somewhere on the holder."""
    from territoire.innovation import actions, queries
    from territoire.innovation.models import DetenteurCompetences

    centre = factories.detenteur(territoire, nom="Centre aqueux", competences=("revetements-aqueux", "formulation"))
    for i in range(3):
        actions.ajouter_equipement(centre, nom=f"Cabine de revêtement {i}", source="Test")
        actions.ajouter_service(centre, type="essai", nom=f"Essais de revêtement {i}", source="Test")
    factories.detenteur(territoire, nom="Centre sans rapport", competences=("cybersecurite",))
    qs = DetenteurCompetences.objects.filter(organisation__territoires=territoire)
    trouves = list(queries.chercher_detenteurs(qs, "revêtement cabine essais", publics_seulement=True).values_list("pk", flat=True))
    assert trouves == [centre.pk]
    assert not queries.chercher_detenteurs(qs, "revêtement cybersécurité", publics_seulement=True).exists()
