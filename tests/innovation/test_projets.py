"""Innovation projects: the programme's money model (rows, totals by `totaux_argent`), financing
that would exceed the cost refused with the amounts, the pipeline by stage and axis, access."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from territoire.innovation import actions
from territoire.innovation.models import CofinancementProjet
from tests.innovation import factories
from tests.reseau import factories as reseau


@pytest.fixture
def projet(territoire, db):
    p = factories.projet(territoire)
    actions.ajouter_ligne_budget(p, annee=2026, nature="investissement", type="prevu", montant="100000")
    actions.ajouter_ligne_budget(p, annee=2026, nature="fonctionnement", type="prevu", montant=Decimal("20000"))
    return p


@pytest.mark.django_db
def test_les_totaux_viennent_des_lignes_par_le_calcul_du_programme(territoire, projet):
    region = reseau.organisation(territoire, nom="Région", type="collectivite")
    actions.ajouter_cofinancement(projet, financeur=region, montant="48000", etape="accorde", type_financement="subvention")
    actions.ajouter_cofinancement(projet, financeur=region, montant="12000", etape="demande", type_financement="cir",
                                  dispositif="Crédit d'impôt recherche")
    argent = actions.argent(projet)
    assert argent["prevu"] == Decimal("120000") and argent["financements"]["demande"] == Decimal("12000")
    assert argent["couverture"]["taux"] == Decimal("40.0") and argent["couverture"]["manque"] == Decimal("72000")
    assert CofinancementProjet.objects.get(type_financement="cir").get_type_financement_display() == "Crédit d'impôt recherche (CIR)"


@pytest.mark.django_db
def test_un_financement_accorde_qui_depasse_le_cout_est_refuse_en_disant_de_combien(territoire, projet):
    bpi = reseau.organisation(territoire, nom="Bpifrance", type="partenaire")
    actions.ajouter_cofinancement(projet, financeur=bpi, montant="100000", etape="verse", type_financement="avance")
    with pytest.raises(ValidationError) as exc:
        actions.ajouter_cofinancement(projet, financeur=bpi, montant="30000", etape="accorde", type_financement="appel_projets")
    message = " ".join(exc.value.messages)
    assert "130\u202f000,00 €" in message and "120\u202f000,00 €" in message and "10\u202f000,00 €" in message
    assert CofinancementProjet.objects.count() == 1


@pytest.mark.django_db
def test_supprimer_le_cout_sous_un_financement_accorde_est_refuse(territoire, projet):
    bpi = reseau.organisation(territoire, nom="Bpifrance", type="partenaire")
    actions.ajouter_cofinancement(projet, financeur=bpi, montant="110000", etape="accorde", type_financement="pret")
    with pytest.raises(ValidationError, match="dépasserait le coût prévu"):
        actions.supprimer_ligne_budget(projet.lignes_budget.get(montant=Decimal("20000")))
    assert projet.lignes_budget.count() == 2


@pytest.mark.django_db
def test_un_financement_accorde_sans_cout_prevu_est_refuse(territoire):
    p = factories.projet(territoire)
    with pytest.raises(ValidationError, match="Saisissez d'abord le coût prévu"):
        actions.ajouter_cofinancement(p, financeur=reseau.organisation(territoire), montant="1000", etape="accorde",
                                      type_financement="subvention")


@pytest.mark.parametrize("montant", ["-5", "abc", "1e15"])
@pytest.mark.django_db
def test_un_montant_impossible_est_refuse(territoire, projet, montant):
    with pytest.raises(ValidationError):
        actions.ajouter_ligne_budget(projet, annee=2026, nature="investissement", type="prevu", montant=montant)


@pytest.mark.django_db
def test_le_formulaire_refuse_le_depassement_et_le_dit_sur_la_page(client, territoire, alice, projet):
    bpi = reseau.organisation(territoire, nom="Bpifrance", type="partenaire")
    client.force_login(alice)
    url = reverse("innovation:projet_modifier", kwargs={"territoire": territoire.slug, "pk": projet.pk, "quoi": "cofinancement"})
    reponse = client.post(url, {"cofi-financeur": bpi.pk, "cofi-type_financement": "subvention", "cofi-montant": "150000",
                                "cofi-etape": "accorde", "cofi-dispositif": ""}, follow=True)
    assert "dépasserait le coût prévu" in reponse.content.decode()
    assert not CofinancementProjet.objects.exists()


@pytest.mark.django_db
def test_le_pipeline_range_les_projets_par_axe_et_par_etape(client, territoire, alice):
    actions.creer_projet(territoire, titre="Projet en cours", etape="en_cours")
    actions.creer_projet(territoire, titre="Projet abandonné", etape="abandonne")
    client.force_login(alice)
    page = client.get(reverse("innovation:projets", kwargs={"territoire": territoire.slug})).content.decode()
    assert "Sans axe" in page and "Projet en cours" in page
    assert page.index("Projets abandonnés") < page.index("Projet abandonné")


@pytest.mark.django_db
def test_un_projet_confidentiel_n_est_vu_que_de_l_equipe_du_pilotage_et_de_ses_membres(client, territoire, personas):
    david, orga = factories.david_et_son_entreprise(territoire)
    confidentiel = actions.creer_projet(territoire, titre="Secret", confidentiel=True)
    sien = actions.creer_projet(territoire, titre="Le sien", confidentiel=True, entreprises=[orga])
    for nom, attendu in (("alice", 200), ("bruno", 200), ("chloe", 404), ("david", 404)):
        client.force_login(personas[nom])
        url = reverse("innovation:projet", kwargs={"territoire": territoire.slug, "pk": confidentiel.pk})
        assert client.get(url).status_code == attendu, nom
    client.force_login(david)
    assert client.get(reverse("innovation:projet", kwargs={"territoire": territoire.slug, "pk": sien.pk})).status_code == 200


@pytest.mark.django_db
def test_le_formulaire_cree_un_projet_relie_aux_fiches_et_aux_evenements_de_l_observatoire(client, territoire, alice):
    from datetime import date

    from territoire.observatoire.models import Evenement
    from tests.programme import factories as programme

    fiche = programme.fiche(programme.phase(territoire), titre="Rapprocher les industriels des laboratoires")
    evenement = Evenement.objects.create(territoire=territoire, type="investissement", titre="Nouvelle ligne",
                                         date=date(2026, 2, 1), statut="confirme")
    firme = reseau.organisation(territoire)
    client.force_login(alice)
    reponse = client.post(reverse("innovation:projet_nouveau", kwargs={"territoire": territoire.slug}), {
        "titre": "Ligne de peinture à l'eau", "etape": "montage", "entreprises": [firme.pk], "fiches": [fiche.pk],
        "evenements": [evenement.pk], "confidentiel": "on",
    })
    assert reponse.status_code == 302
    from territoire.innovation.models import ProjetInnovation

    projet = ProjetInnovation.objects.get()
    assert list(projet.fiches.all()) == [fiche] and list(projet.evenements.all()) == [evenement]
    page = client.get(reponse["Location"]).content.decode()
    assert "Nouvelle ligne" in page and "Rapprocher les industriels" in page
