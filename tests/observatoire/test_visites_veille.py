"""The visit survey raises signals and routed follow-ups; the watch list ranks firms with their
reasons; the yearly plan shows who is due."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from territoire.guichet.models import Demande
from territoire.observatoire import veille, visites
from territoire.observatoire.models import RegleSignal, Signal, SuiteProposee
from territoire.reseau.models import Interaction, Organisation
from tests.etablissements import factories
from tests.guichet import factories as guichet

pytestmark = pytest.mark.django_db

AUJOURDHUI = timezone.localdate()


@pytest.fixture
def ruitz(territoire):
    return territoire.communes.get(code_insee="62729")


@pytest.fixture
def entreprise(territoire, ruitz):
    e = factories.etablissement(ruitz, denomination="Transmissions de l'Artois", tranche_effectifs="22")
    orga = Organisation.objects.create(nom="Transmissions de l'Artois", type="entreprise", etablissement=e)
    orga.copier_profil_sirene()
    orga.save()
    orga.territoires.add(territoire)
    return orga


@pytest.fixture
def conseiller_foncier(territoire, ruitz):
    antenne = guichet.antenne(guichet.institution(territoire, nom="Agence régionale"), nom="Artois")
    guichet.sujet("foncier")
    return guichet.conseiller(antenne, sujets=("foncier",), communes=[ruitz], nom="Leroy")


def test_une_visite_qui_dit_vouloir_partir_leve_un_signal_et_propose_une_suite_orientee(
    territoire, entreprise, conseiller_foncier, alice
):
    reponse = visites.enregistrer_visite(
        territoire, entreprise, date=AUJOURDHUI, auteur=alice,
        reponses={"risque_depart": "oui", "effectifs_projet": "hausse", "remarques": "Cherche 2 ha près de l'A26"},
    )
    assert reponse.interaction.type == Interaction.Type.VISITE and reponse.questionnaire.version == 1
    assert reponse.alertes == ["risque_depart"]
    signal = Signal.objects.get()
    assert signal.regle.code == "alerte_visite" and signal.organisation == entreprise
    assert "Projet de départ du territoire" in signal.preuve
    suite = SuiteProposee.objects.get()
    assert suite.sujet.code == "foncier" and list(suite.conseillers.all()) == [conseiller_foncier]
    assert suite.statut == "proposee" and not Demande.objects.exists()  # nothing is sent before the team accepts
    demande = visites.accepter_suite(suite, alice)
    assert demande.orientations.get().conseiller == conseiller_foncier and demande.origine == "equipe"
    assert len(mail.outbox) == 1 and "leroy@partenaire.example" in mail.outbox[0].to
    with pytest.raises(ValidationError, match="déjà été acceptée"):
        visites.accepter_suite(suite, alice)


def test_une_reponse_hors_questionnaire_est_refusee_sans_rien_enregistrer(territoire, entreprise):
    with pytest.raises(ValidationError) as erreur:
        visites.enregistrer_visite(territoire, entreprise, date=AUJOURDHUI,
                                   reponses={"risque_depart": "peut-etre", "couleur": "bleu"})
    assert set(erreur.value.message_dict) == {"risque_depart", "couleur"}
    assert not Interaction.objects.exists()
    with pytest.raises(ValidationError, match="futur"):
        visites.enregistrer_visite(territoire, entreprise, date=AUJOURDHUI + dt.timedelta(days=3), reponses={})


def test_les_agregats_comptent_les_entreprises_pas_les_reponses(territoire, entreprise, ruitz):
    autre = Organisation.objects.create(nom="Autre", type="entreprise")
    autre.territoires.add(territoire)
    visites.enregistrer_visite(territoire, entreprise, date=AUJOURDHUI - dt.timedelta(days=40),
                               reponses={"effectifs_projet": "hausse", "investissement_projet": "oui"})
    visites.enregistrer_visite(territoire, entreprise, date=AUJOURDHUI - dt.timedelta(days=2),
                               reponses={"effectifs_projet": "stable", "besoins_locaux": "trop_petits"})
    visites.enregistrer_visite(territoire, autre, date=AUJOURDHUI, reponses={"effectifs_projet": "hausse"})
    a = visites.agregats(territoire)
    assert (a["visites"], a["entreprises"]) == (3, 2)
    assert (a["embaucher"], a["investir"], a["s_agrandir"]) == (1, 0, 1)


def test_la_veille_classe_les_entreprises_par_score_avec_leurs_raisons(territoire, entreprise, ruitz):
    petite = factories.etablissement(ruitz, denomination="Petite Mécanique", tranche_effectifs="11")
    veille.creer_signaux(territoire, [
        {"regle": "procedure_collective", "siren": petite.siren, "date": AUJOURDHUI, "cle": "bodacc:1",
         "preuve": "BODACC : redressement judiciaire."},
        {"regle": "baisse_tranche", "siren": entreprise.etablissement.siren, "date": AUJOURDHUI, "cle": "c:1",
         "preuve": "Tranche : 200 à 249 → 100 à 199."},
        {"regle": "baisse_tranche", "siren": entreprise.etablissement.siren, "date": AUJOURDHUI, "cle": "c:2",
         "preuve": "Deuxième baisse."},
    ])
    classement = veille.classement(territoire)
    assert [e.nom for e in classement] == ["Petite Mécanique", "Transmissions de l'Artois"]
    premiere, seconde = classement
    assert premiere.score == 40 and premiere.regles == ["Procédure collective (BODACC)"]
    # The firm has 150 jobs and no contact: the no-contact rule adds its weight; a rule counts once.
    assert seconde.score == 15 + 10 and seconde.organisation_id == entreprise.pk
    assert {p.regle.code for p in seconde.preuves} == {"baisse_tranche", "sans_contact"}
    RegleSignal.objects.filter(code="procedure_collective").update(poids=5)
    assert [e.score for e in veille.classement(territoire)] == [25, 5]
    RegleSignal.objects.filter(code="sans_contact").update(actif=False)
    assert [e.nom for e in veille.classement(territoire)][0] == "Transmissions de l'Artois"


def test_un_signal_trop_ancien_ne_compte_plus(territoire, ruitz):
    e = factories.etablissement(ruitz, tranche_effectifs="11")
    veille.creer_signaux(territoire, [{"regle": "baisse_tranche", "siren": e.siren, "cle": "vieux",
                                       "date": AUJOURDHUI - dt.timedelta(days=800), "preuve": "Il y a longtemps."}])
    assert veille.classement(territoire) == []


def test_un_meme_fait_ne_fait_qu_un_signal(territoire, ruitz):
    e = factories.etablissement(ruitz)
    s = {"regle": "baisse_tranche", "siren": e.siren, "date": AUJOURDHUI, "cle": "changement:9", "preuve": "x"}
    assert veille.creer_signaux(territoire, [s, s]) == 1
    assert veille.creer_signaux(territoire, [s]) == 0


def test_le_classement_garde_un_nombre_constant_de_requetes(territoire, ruitz, django_assert_max_num_queries):
    for i in range(12):
        e = factories.etablissement(ruitz, tranche_effectifs="21")
        orga = Organisation.objects.create(nom=f"Firme {i}", type="entreprise", etablissement=e,
                                           unite_legale=e.unite_legale)
        orga.territoires.add(territoire)
        veille.creer_signaux(territoire, [{"regle": "baisse_tranche", "siren": e.siren, "date": AUJOURDHUI,
                                           "cle": f"c:{i}", "preuve": "baisse"}])
    with django_assert_max_num_queries(7):
        assert len(veille.classement(territoire)) == 12


def test_le_plan_de_visites_suggere_et_montre_qui_est_du(territoire, entreprise, alice):
    suggestion = visites.suggestions(territoire)
    assert [s.nom for s in suggestion] == ["Transmissions de l'Artois"]
    assert "jamais visitée" in suggestion[0].raisons[0]
    plan = visites.plan_de(territoire, AUJOURDHUI.year)
    visites.ajouter_au_plan(plan, entreprise, "50 emplois ou plus", alice)
    assert [ligne["due"] for ligne in visites.avancement_du_plan(plan)] == [True]
    visites.enregistrer_visite(territoire, entreprise, date=AUJOURDHUI, reponses={})
    assert [ligne["due"] for ligne in visites.avancement_du_plan(plan)] == [False]
    assert visites.suggestions(territoire) == []


def test_signaux_d_un_import_fermeture_secondaire_et_baisse_de_tranche(territoire, ruitz):
    from territoire.etablissements.models import Changement

    unite = factories.unite_legale()
    factories.etablissement(ruitz, unite=unite, siege=True)
    secondaire = factories.etablissement(ruitz, unite=unite, siege=False, etat="F")
    baisse = factories.etablissement(ruitz, tranche_effectifs="12")
    run = factories.import_sirene(territoire)
    Changement.objects.create(import_sirene=run, etablissement=secondaire, type="fermeture", avant="Actif", apres="Fermé")
    Changement.objects.create(import_sirene=run, etablissement=baisse, type="tranche",
                              avant="50 à 99 salariés", apres="20 à 49 salariés")
    Changement.objects.create(import_sirene=run, etablissement=baisse, type="activite", avant="25.62A", apres="25.62B")
    assert veille.signaux_de_l_import(run) == 2
    assert set(Signal.objects.values_list("regle__code", "siren")) == {
        ("fermeture_secondaire", unite.siren), ("baisse_tranche", baisse.siren),
    }
    assert veille.signaux_de_l_import(run) == 0


def test_la_mesure_des_regles_compte_rappel_et_precision(territoire, ruitz):
    from territoire.observatoire.models import PeriodeEtablissement

    def ferme(e, le):
        PeriodeEtablissement.objects.create(etablissement=e, date_debut=dt.date(2000, 1, 1),
                                            date_fin=le - dt.timedelta(days=1), etat="A", naf=e.naf)
        PeriodeEtablissement.objects.create(etablissement=e, date_debut=le, etat="F", naf=e.naf)

    annoncee, surprise, fausse_alerte = (factories.etablissement(ruitz, tranche_effectifs="21") for _ in range(3))
    ferme(annoncee, dt.date(2022, 6, 1))
    ferme(surprise, dt.date(2023, 3, 1))
    veille.creer_signaux(territoire, [
        {"regle": "procedure_collective", "siren": annoncee.siren, "date": dt.date(2021, 9, 1), "cle": "a",
         "preuve": "redressement"},
        {"regle": "alerte_visite", "siren": surprise.siren, "date": dt.date(2023, 1, 15), "cle": "b",
         "preuve": "trop tard pour agir"},
        {"regle": "baisse_tranche", "siren": fausse_alerte.siren, "date": dt.date(2021, 1, 1), "cle": "c",
         "preuve": "baisse"},
    ])
    m = veille.mesurer_regles(territoire, aujourdhui=dt.date(2026, 12, 1))
    assert (m.fermetures, m.fermetures_signalees) == (2, 1) and m.rappel == 0.5
    # Three firms flagged at least six months ago; two closed within 24 months of their first signal.
    assert (m.entreprises_signalees, m.entreprises_signalees_fermees) == (3, 2)
    assert m.taux_de_base == 2 / 3
    # Base rate over the same horizon: from each month of 2019-01 … 2026-06 (90 months), the share
    # of the three firms that close within 24 months; each closure is ahead of 24 of those months.
    assert m.taux_de_base_fenetre == pytest.approx((24 + 24) / (90 * 3))
    assert m.rapport_a_la_reference == pytest.approx((2 / 3) / (48 / 270))


def test_un_siege_qui_quitte_le_territoire_leve_un_signal(territoire, ruitz):
    from territoire.etablissements.models import Etablissement
    from territoire.observatoire import centres

    unite = factories.unite_legale()
    siege = factories.etablissement(ruitz, unite=unite, siege=True, tranche_effectifs="22")
    unite.nic_siege = siege.nic
    unite.save()
    assert centres.mettre_a_jour(territoire) == {}
    # The head office moves away: the old one closes, the legal unit names another one, elsewhere.
    Etablissement.objects.filter(pk=siege.pk).update(etat="F", siege=False)
    unite.nic_siege = "00099"
    unite.save()
    avant = centres.mettre_a_jour(territoire)
    assert avant == {unite.siren: "territoire"}
    run = factories.import_sirene(territoire)
    assert veille.signaux_de_l_import(run, avant) == 1
    signal = Signal.objects.get()
    assert signal.regle.code == "siege_parti" and "n'est plus dans le territoire" in signal.preuve
