"""Each role's workspace: what it shows, to whom, and in a number of queries that does not
grow with the data."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from territoire.comptes.espace import Tuile
from territoire.comptes.espace.lectures import est_une_baisse, limite_prise_en_charge
from territoire.comptes.models import Adhesion

from . import donnees


def _tuile(page: str, ancre: str) -> str:
    debut = page.index(f'id="{ancre}"')
    return page[debut : page.index("</section>", debut)]


def _espace(client, user, territoire):
    client.force_login(user)
    return client.get(reverse("comptes:espace", kwargs={"territoire": territoire.slug}))


@pytest.mark.django_db
def test_l_equipe_voit_ce_qui_l_attend_aujourd_hui(client, territoire, alice, chloe, david):
    d = donnees.remplir(territoire, 4, chloe=chloe, david=david)
    page = _espace(client, alice, territoire).content.decode()
    for titre in ("Demandes à orienter", "Non prises en charge après 5 jours ouvrés", "Suites à donner",
                  "Fiches-actions en retard", "Prochaine séance de comité", "Dernier import SIRENE",
                  "Entreprises non rencontrées depuis 12 mois"):
        assert titre in page
    assert "Plus de 5 jours ouvrés" in page  # the 20-day-old request
    assert "J+20" in page
    assert "Les courriels ne comptent pas" in page  # which exchanges count
    # The firms only emailed are in the portfolio; the visited ones are not.
    portefeuille = _tuile(page, "non-rencontrees")
    assert f">{d['firmes'][0].nom}<" in portefeuille and f">{d['firmes'][1].nom}<" not in portefeuille
    assert "Baisses de tranche" in page and "20 à 49 salariés → 10 à 19 salariés" in page
    assert "20 à 49 salariés → 50 à 99 salariés" not in page  # a rise is no drop
    assert "Comptes et invitations" in page


@pytest.mark.django_db
def test_le_pilotage_voit_le_plan_par_axe_les_decisions_et_les_indicateurs(client, territoire, bruno, chloe, david):
    donnees.remplir(territoire, 3, chloe=chloe, david=david)
    page = _espace(client, bruno, territoire).content.decode()
    assert "Avancement du plan par axe" in page and "<progress" in page
    assert "Décision 0" in page and "Indicateur 0" in page and "Fiches-actions en retard" in page
    assert "Demandes à orienter" not in page and "Comptes et invitations" not in page


@pytest.mark.django_db
def test_le_partenaire_voit_ses_demandes_en_retard_d_abord_et_ses_fiches(client, territoire, chloe, david):
    donnees.remplir(territoire, 3, chloe=chloe, david=david)
    page = _espace(client, chloe, territoire).content.decode()
    assert "Mes demandes" in page and "En retard : plus de 5 jours ouvrés" in page
    assert "Besoin routé" not in page  # descriptions stay on the request's page
    assert "Mes fiches-actions" in page
    assert "Demandes à orienter" not in page


@pytest.mark.django_db
def test_le_partenaire_ne_voit_pas_les_demandes_des_autres_antennes(client, territoire, chloe, david):
    from territoire.reseau.models import Organisation

    donnees.remplir(territoire, 2, chloe=chloe, david=david)
    intrus = Organisation.objects.create(nom="Firme jamais orientée vers Chloé", type="entreprise")
    intrus.territoires.add(territoire)
    from django.utils import timezone

    from territoire.guichet.models import Demande

    Demande.objects.create(territoire=territoire, organisation=intrus, sujet=donnees.sujet(), description="x",
                           origine="equipe", deposee_le=timezone.now())
    page = _espace(client, chloe, territoire).content.decode()
    assert "Firme jamais orientée vers Chloé" not in page


@pytest.mark.django_db
def test_l_entreprise_voit_ses_demandes_sa_fiche_et_ses_inscriptions(client, territoire, chloe, david):
    d = donnees.remplir(territoire, 3, chloe=chloe, david=david)
    page = _espace(client, david, territoire).content.decode()
    assert d["entreprise_david"].nom in page
    assert "Mes inscriptions aux événements" in page and "À venir" in page and "Passés" in page
    assert reverse("reseau:organisation", kwargs={"territoire": territoire.slug, "pk": d["entreprise_david"].pk}) in page
    # Nothing of the team's: no other firm, no late fiche list, no link to event pages.
    assert d["firmes"][0].nom not in page
    assert "Fiches-actions en retard" not in page
    assert "/reseau/evenements/" not in page


@pytest.mark.django_db
def test_un_territoire_vide_dit_quoi_faire(client, territoire, alice, bruno):
    page = _espace(client, alice, territoire).content.decode()
    assert "Aucun import SIRENE réussi pour l'instant" in page
    assert "Aucune séance à venir" in page
    assert "@@VARIABLE_INCONNUE" not in page
    assert "Aucune phase du programme" in _espace(client, bruno, territoire).content.decode()


@pytest.mark.django_db
def test_qui_a_plusieurs_roles_voit_une_section_par_role(client, territoire, chloe, david):
    Adhesion.objects.create(utilisateur=david, territoire=territoire, role="pilotage")
    page = _espace(client, david, territoire).content.decode()
    assert page.index("Pilotage (comité, Région, État)") < page.index(">Entreprise<")
    assert "Avancement du plan par axe" in page and "Mes inscriptions aux événements" in page


@pytest.mark.django_db
def test_un_membre_d_un_autre_territoire_ne_voit_pas_l_espace(client, territoire, eve):
    assert _espace(client, eve, territoire).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["alice", "bruno", "chloe", "david"])
def test_l_espace_garde_le_meme_nombre_de_requetes_quelle_que_soit_la_taille(
    persona, client, territoire, personas, chloe, david
):
    conseiller = donnees.annuaire(territoire, chloe)
    user = personas[persona]
    url = reverse("comptes:espace", kwargs={"territoire": territoire.slug})
    client.force_login(user)
    comptes = []
    for n in (2, 25):
        donnees.remplir(territoire, n, chloe=chloe, david=david, conseiller=conseiller)
        with CaptureQueriesContext(connection) as requetes:
            assert client.get(url).status_code == 200
        comptes.append(len(requetes))
    assert comptes[0] == comptes[1], f"{persona} : {comptes[0]} requêtes avec peu de données, {comptes[1]} avec plus"


@pytest.mark.django_db
# The ceilings grow by one query per tile an app adds (tuiles_espace); the team's 32: the desk,
# the plan, the network, the census and, since, the observatory's watch list and visit plan,
# Recruter, Innover and Attirer. Constancy in data size is the test above.
@pytest.mark.parametrize("persona,maximum", [("alice", 32), ("bruno", 22), ("chloe", 20), ("david", 16)])
def test_l_espace_tient_dans_un_budget_de_requetes(persona, maximum, client, territoire, personas, chloe, david,
                                                   django_assert_max_num_queries):
    donnees.remplir(territoire, 30, chloe=chloe, david=david)
    client.force_login(personas[persona])
    url = reverse("comptes:espace", kwargs={"territoire": territoire.slug})
    with django_assert_max_num_queries(maximum):
        client.get(url)


@pytest.mark.django_db
def test_une_autre_application_ajoute_sa_tuile_sans_toucher_aux_gabarits(client, territoire, bruno, monkeypatch):
    from django.apps import apps

    def tuiles_observatoire(request, role):
        if role != "pilotage":
            return []
        return [Tuile("Veille industrielle", "comptes/tuiles/_seance.html", {"seance": None}, ordre=5, compte=3)]

    config = apps.get_app_config("observatoire")
    monkeypatch.setattr(config, "tuiles_espace", "tests.comptes.test_espace.TUILE_ESSAI", raising=False)
    monkeypatch.setattr("tests.comptes.test_espace.TUILE_ESSAI", tuiles_observatoire, raising=False)
    page = _espace(client, bruno, territoire).content.decode()
    assert page.index("Veille industrielle") < page.index("Avancement du plan par axe")


def test_la_limite_des_5_jours_ouvres_saute_week_ends_et_jours_feries():
    import datetime as dt

    # 1 and 8 May 2025 are public holidays. Filed Thursday 1 May: working days 2, 5, 6, 7, 9 May,
    # deadline Friday 9: late on Monday 12. Filed Friday 2 May: deadline Monday 12, late from the 13th.
    assert limite_prise_en_charge(dt.date(2025, 5, 12)) == dt.date(2025, 5, 1)
    assert limite_prise_en_charge(dt.date(2025, 5, 13)) == dt.date(2025, 5, 4)


def test_une_baisse_de_tranche_se_lit_sur_les_libelles():
    assert est_une_baisse("20 à 49 salariés", "10 à 19 salariés")
    assert not est_une_baisse("10 à 19 salariés", "20 à 49 salariés")
    assert not est_une_baisse("20 à 49 salariés", "Non employeur ou effectif inconnu")
    assert not est_une_baisse("Non renseignée", "0 salarié")
