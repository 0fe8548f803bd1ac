"""The desk's writes: routing, lifecycle, reminders, satisfaction, aids, measures, access."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from territoire.guichet import actions, mesures
from territoire.guichet.models import Demande, Dispositif, Relance
from territoire.historique.actions import historique_de
from tests.guichet import factories as f
from tests.reseau import factories as reseau

pytestmark = pytest.mark.django_db


def test_orientation_propose_les_conseillers_dont_sujet_commune_et_profil_conviennent(territoire, annuaire, communes):
    ruitz, bethune = communes["Ruitz"], communes["Béthune"]
    recrutement = f.demande(territoire, commune=ruitz)
    assert actions.proposer_conseillers(recrutement) == [annuaire["lea"]]
    financement_ruitz = f.demande(territoire, code_sujet="financement", commune=ruitz)
    assert actions.proposer_conseillers(financement_ruitz) == []  # Bpifrance ne couvre pas Ruitz
    grande = reseau.organisation(territoire, commune=bethune, tranche="21")
    assert actions.proposer_conseillers(f.demande(territoire, grande, code_sujet="financement")) == [annuaire["paul"]]
    petite = reseau.organisation(territoire, commune=bethune, tranche="02")
    assert actions.proposer_conseillers(f.demande(territoire, petite, code_sujet="financement")) == []


def test_filtre_naf_du_conseiller(territoire, annuaire, communes):
    annuaire["lea"].naf_prefixes = "10, 11"
    annuaire["lea"].save()
    metallurgie = reseau.organisation(territoire, commune=communes["Ruitz"], naf="25.62A")
    boulangerie = reseau.organisation(territoire, commune=communes["Ruitz"], naf="10.71A")
    assert actions.proposer_conseillers(f.demande(territoire, metallurgie)) == []
    assert actions.proposer_conseillers(f.demande(territoire, boulangerie)) == [annuaire["lea"]]


def test_orientation_en_nombre_de_requetes_constant(territoire, annuaire, communes, chloe):
    def requetes_pour_orienter():
        d = f.demande(territoire, commune=communes["Béthune"])
        with CaptureQueriesContext(connection) as ctx:
            actions.orienter_demande(d, actions.proposer_conseillers(d))
        return len(ctx.captured_queries)

    avant = requetes_pour_orienter()
    for i in range(15):
        f.conseiller(annuaire["bethune"], nom=f"Autre{i}", sujets=("recrutement",), communes=communes.values())
        d = f.demande(territoire, commune=communes["Ruitz"])
        actions.orienter_demande(d, [annuaire["lea"]])
        actions.changer_statut(d, "prise_en_charge")
    # 16 conseillers proposés au lieu d'un : mêmes requêtes (une insertion groupée, un envoi groupé).
    assert requetes_pour_orienter() == avant


def test_orienter_previent_les_conseillers_et_date_l_orientation(territoire, annuaire, communes, alice):
    d = f.demande(territoire, commune=communes["Ruitz"])
    actions.orienter_demande(d, [annuaire["lea"]], par=alice)
    d.refresh_from_db()
    assert d.orientee_le is not None and d.statut == "nouvelle"
    assert [m.to for m in mail.outbox] == [["durand@partenaire.example"]]
    assert historique_de(d).filter(action="Demande orientée", auteur=alice).exists()
    with pytest.raises(ValidationError, match="au moins un conseiller"):
        actions.orienter_demande(d, [])


def test_cycle_de_vie_date_et_signe(territoire, annuaire, communes, chloe):
    d = f.demande(territoire, commune=communes["Ruitz"], quand=f.moment(2026, 3, 2))
    actions.changer_statut(d, "prise_en_charge", par=chloe, maintenant=f.moment(2026, 3, 4))
    actions.changer_statut(d, "faite", par=chloe, note="Deux candidats reçus", maintenant=f.moment(2026, 3, 20))
    d.refresh_from_db()
    assert d.prise_en_charge_le == f.moment(2026, 3, 4)
    assert d.cloturee_le == f.moment(2026, 3, 20)
    etapes = list(actions.etapes_de(d))
    assert [e.changements["statut"] for e in etapes] == [
        [None, "nouvelle"], ["nouvelle", "prise_en_charge"], ["prise_en_charge", "faite"]
    ]
    assert [e.le for e in etapes] == [f.moment(2026, 3, 2), f.moment(2026, 3, 4), f.moment(2026, 3, 20)]
    assert etapes[-1].auteur == chloe and etapes[-1].note == "Deux candidats reçus"
    assert etapes[-1].nature == "statut" and etapes[-1].action == "Statut : Faite"
    with pytest.raises(ValidationError, match="ne peut pas passer"):
        actions.changer_statut(d, "prise_en_charge")


def test_pas_pour_nous_ne_compte_pas_comme_prise_en_charge(territoire, communes):
    d = f.demande(territoire, commune=communes["Ruitz"])
    actions.changer_statut(d, "pas_pour_nous")
    d.refresh_from_db()
    assert d.prise_en_charge_le is None and d.cloturee_le is not None


def test_relances_a_9_21_45_jours_une_seule_fois_chacune(territoire, annuaire, communes):
    d = f.demande(territoire, commune=communes["Ruitz"], quand=f.moment(2026, 1, 5))
    actions.orienter_demande(d, [annuaire["lea"]], maintenant=f.moment(2026, 1, 5))
    mail.outbox.clear()
    debut = f.moment(2026, 1, 5)
    assert actions.envoyer_relances(maintenant=debut + timedelta(days=8)) == []
    assert [r.palier for r in actions.envoyer_relances(maintenant=debut + timedelta(days=9))] == [9]
    assert actions.envoyer_relances(maintenant=debut + timedelta(days=10)) == []
    actions.changer_statut(d, "prise_en_charge", maintenant=debut + timedelta(days=12))
    assert [r.palier for r in actions.envoyer_relances(maintenant=debut + timedelta(days=22))] == [21]
    assert len(mail.outbox) == 2 and "Relance J+21" in mail.outbox[1].subject
    assert "pas encore close" in mail.outbox[1].body
    actions.changer_statut(d, "faite", maintenant=debut + timedelta(days=30))
    assert actions.envoyer_relances(maintenant=debut + timedelta(days=50)) == []
    assert list(Relance.objects.values_list("palier", flat=True)) == [9, 21]


def test_commande_relances(territoire, annuaire, communes):
    from io import StringIO

    from django.core.management import call_command

    d = f.demande(territoire, commune=communes["Ruitz"])
    actions.orienter_demande(d, [annuaire["lea"]])
    Demande.objects.filter(pk=d.pk).update(orientee_le=d.orientee_le - timedelta(days=46))
    mail.outbox.clear()
    sortie = StringIO()
    call_command("relances", stdout=sortie)
    assert "1 relance" in sortie.getvalue()
    assert mail.outbox[0].to == ["durand@partenaire.example"] and "J+45" in mail.outbox[0].subject


def test_cloture_invite_l_entreprise_a_repondre_et_le_jeton_retrouve_la_demande(territoire, communes):
    orga = reseau.organisation(territoire, commune=communes["Ruitz"])
    d = f.demande(territoire, orga, contact=None)
    d.contact = reseau.contact(orga, email="dirigeante@atelier.example")
    d.save()
    actions.changer_statut(d, "faite_sans_aide", base_url="http://exemple.test/")
    assert mail.outbox[-1].to == ["dirigeante@atelier.example"]
    assert "http://exemple.test/bethune-bruay/guichet/satisfaction/" in mail.outbox[-1].body
    assert actions.demande_du_jeton(actions.jeton_satisfaction(d)) == d.pk
    assert actions.demande_du_jeton(actions.jeton_satisfaction(d) + "x") is None
    actions.repondre_satisfaction(d, 4, "Réactifs")
    with pytest.raises(ValidationError):
        actions.repondre_satisfaction(d, 9)


def test_aide_proposee_et_son_issue(territoire, communes):
    d = f.demande(territoire, commune=communes["Ruitz"])
    dispositif = Dispositif.objects.create(nom="Prêt croissance industrie", type_aide="pret")
    aide = actions.proposer_aide(d, dispositif)
    actions.noter_issue_aide(aide, "obtenue", montant=150000)
    aide.refresh_from_db()
    assert aide.issue == "obtenue" and aide.montant == 150000
    with pytest.raises(ValidationError):
        actions.noter_issue_aide(aide, "versee", montant=-5)
    assert historique_de(d).filter(action__contains="Obtenue").exists()


def test_part_prise_en_charge_en_5_jours_ouvres(territoire, communes):
    # Déposée le lundi 11 mai 2026 : échéance le mardi 19 (Ascension le 14).
    a_temps = f.demande(territoire, commune=communes["Ruitz"], quand=f.moment(2026, 5, 11))
    actions.changer_statut(a_temps, "prise_en_charge", maintenant=f.moment(2026, 5, 19, 17))
    en_retard = f.demande(territoire, commune=communes["Ruitz"], quand=f.moment(2026, 5, 11))
    actions.changer_statut(en_retard, "prise_en_charge", maintenant=f.moment(2026, 5, 20))
    jamais = f.demande(territoire, commune=communes["Ruitz"], quand=f.moment(2026, 5, 11))
    actions.changer_statut(jamais, "pas_pour_nous", maintenant=f.moment(2026, 5, 12))
    f.demande(territoire, commune=communes["Ruitz"], quand=f.moment(2026, 5, 18))  # délai pas encore écoulé
    m = mesures.mesurer(Demande.objects.all(), aujourdhui=f.moment(2026, 5, 20).date())
    assert (m["total"].demandes, m["total"].evaluees, m["total"].dans_les_5_jours) == (4, 3, 1)
    assert m["total"].part_5_jours == pytest.approx(1 / 3, abs=0.001)
    assert m["total"].delai_median_cloture == pytest.approx(1.0)


def test_le_total_des_chiffres_cles_egale_celui_des_mesures(territoire, communes):
    """`mesurer_total` (grouped by local day in SQL) gives the figures of `mesurer()["total"]`
    (one request at a time), late-evening filings and a holiday week included."""
    cas = [((2026, 5, 11, 23), (2026, 5, 19, 23)), ((2026, 5, 11, 0), (2026, 5, 19, 22)), ((2026, 5, 12), None),
           ((2026, 5, 13, 23), (2026, 5, 21)), ((2026, 5, 18), None), ((2026, 5, 19, 6), (2026, 5, 19, 7))]
    for depot, prise in cas:
        d = f.demande(territoire, commune=communes["Ruitz"], quand=f.moment(*depot))
        if prise:
            actions.changer_statut(d, "prise_en_charge", maintenant=f.moment(*prise))
    ferme = f.demande(territoire, commune=communes["Ruitz"], quand=f.moment(2026, 5, 11, 22))
    actions.changer_statut(ferme, "pas_pour_nous", maintenant=f.moment(2026, 5, 15, 9))
    for jour in (date(2026, 5, 18), date(2026, 5, 20), date(2026, 6, 1)):
        attendu = mesures.mesurer(Demande.objects.all(), aujourdhui=jour)["total"]
        obtenu = mesures.mesurer_total(Demande.objects.all(), aujourdhui=jour)
        assert (obtenu.demandes, obtenu.evaluees, obtenu.dans_les_5_jours) == (
            attendu.demandes, attendu.evaluees, attendu.dans_les_5_jours)
        assert sorted(obtenu.delais_cloture) == sorted(attendu.delais_cloture)
        assert obtenu.part_5_jours == attendu.part_5_jours and obtenu.delai_median_cloture == attendu.delai_median_cloture


def test_le_total_compte_par_heure_aux_changements_d_heure_en_un_nombre_fixe_de_requetes(territoire, communes):
    """Counted by UTC hour in SQL (`mesurer_total`), the figures equal one request at a time
    around both changes of time (a local midnight is 22:00 or 23:00 UTC), and the number of
    queries does not grow with the number of requests."""
    from datetime import UTC, datetime

    instants = [datetime(2026, 3, 28, 22, 59, tzinfo=UTC), datetime(2026, 3, 28, 23, 0, tzinfo=UTC),
                datetime(2026, 3, 29, 0, 30, tzinfo=UTC), datetime(2026, 3, 29, 21, 59, tzinfo=UTC),
                datetime(2026, 3, 29, 22, 0, tzinfo=UTC), datetime(2026, 10, 24, 21, 30, tzinfo=UTC),
                datetime(2026, 10, 24, 22, 0, tzinfo=UTC), datetime(2026, 10, 25, 0, 59, tzinfo=UTC),
                datetime(2026, 10, 25, 1, 0, tzinfo=UTC), datetime(2026, 10, 25, 22, 59, tzinfo=UTC),
                datetime(2026, 10, 25, 23, 0, tzinfo=UTC)]
    for i, depot in enumerate(instants):
        d = f.demande(territoire, commune=communes["Ruitz"], quand=depot)
        if i % 2:
            actions.changer_statut(d, "prise_en_charge", maintenant=depot + timedelta(days=6, hours=i))
        if i % 3 == 0:
            actions.changer_statut(d, "pas_pour_nous", maintenant=depot + timedelta(days=2, minutes=7 * i))

    def comparer():
        for jour in (date(2026, 4, 3), date(2026, 4, 7), date(2026, 11, 2)):
            attendu = mesures.mesurer(Demande.objects.all(), aujourdhui=jour)["total"]
            with CaptureQueriesContext(connection) as requetes:
                obtenu = mesures.mesurer_total(Demande.objects.all(), aujourdhui=jour)
            assert (obtenu.demandes, obtenu.evaluees, obtenu.dans_les_5_jours) == (
                attendu.demandes, attendu.evaluees, attendu.dans_les_5_jours), jour
            assert sorted(obtenu.delais_cloture) == pytest.approx(sorted(attendu.delais_cloture))
        return len(requetes)

    avant = comparer()
    for _ in range(25):  # the same hours again: more requests, no more groups
        f.demande(territoire, commune=communes["Ruitz"], quand=instants[4])
    assert comparer() == avant == 2


def test_partenaire_ne_voit_que_les_demandes_orientees_vers_son_antenne(territoire, annuaire, communes, chloe, david, alice):
    pour_cci = f.demande(territoire, commune=communes["Ruitz"])
    actions.orienter_demande(pour_cci, [annuaire["lea"]])
    pour_bpi = f.demande(territoire, code_sujet="financement", commune=communes["Béthune"])
    actions.orienter_demande(pour_bpi, [annuaire["paul"]])
    assert list(Demande.objects.for_user(chloe, territoire)) == [pour_cci]
    assert set(Demande.objects.for_user(alice, territoire)) == {pour_cci, pour_bpi}
    assert list(Demande.objects.for_user(david, territoire)) == []
    reseau.rattacher(david, territoire, "entreprise", pour_bpi.organisation)
    assert list(Demande.objects.for_user(david, territoire)) == [pour_bpi]
    assert list(Demande.objects.for_user(None, territoire)) == []


def test_partenaire_rattache_a_l_antenne_par_son_adhesion(territoire, annuaire, communes, chloe):
    d = f.demande(territoire, code_sujet="financement", commune=communes["Béthune"])
    actions.orienter_demande(d, [annuaire["paul"]])
    assert list(Demande.objects.for_user(chloe, territoire)) == []
    reseau.rattacher(chloe, territoire, "partenaire", annuaire["lille"].organisation)
    assert list(Demande.objects.for_user(chloe, territoire)) == [d]


def test_dispositifs_eligibles_selon_sujet_profil_et_dates(territoire, communes):
    from datetime import date

    from territoire.guichet.queries import dispositifs_eligibles

    orga = reseau.organisation(territoire, commune=communes["Ruitz"], naf="25.62A", tranche="12")
    d = f.demande(territoire, orga, code_sujet="financement")
    pret = Dispositif.objects.create(nom="Prêt", type_aide="pret")
    pret.sujets.add(f.sujet("financement"))
    Dispositif.objects.create(nom="Pour les grandes", type_aide="pret", tranche_min="21")
    Dispositif.objects.create(nom="Agroalimentaire", type_aide="subvention", naf_prefixes="10, 11")
    Dispositif.objects.create(nom="Clos", type_aide="subvention", fin=date(2020, 12, 31))
    autre_sujet = Dispositif.objects.create(nom="Export", type_aide="accompagnement")
    autre_sujet.sujets.add(f.sujet("export"))
    ailleurs = Dispositif.objects.create(nom="Ailleurs", type_aide="subvention")
    from territoire.referentiel.models import Territoire

    ailleurs.territoires.add(Territoire.objects.create(nom="Autre", slug="autre-t"))
    ouvert = Dispositif.objects.create(nom="Ouvert à tous", type_aide="fiscal")
    assert [x.nom for x in dispositifs_eligibles(d, date(2026, 6, 1))] == [ouvert.nom, pret.nom]
