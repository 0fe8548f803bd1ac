"""The programme's pages through the test client: rights per role, forms, bad input."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from territoire.historique.actions import historique_de
from territoire.programme import actions
from territoire.programme.models import (
    Cofinancement,
    FicheAction,
    LigneBudget,
)

from . import factories


def url(nom, territoire, **kw):
    return reverse(f"programme:{nom}", kwargs={"territoire": territoire.slug, **kw})


@pytest.fixture
def fiche_cci(programme, alice, cci):
    """A fiche led by Chloé's organisation (the CCI)."""
    return factories.fiche(
        programme,
        alice,
        "2",
        titre="Réseau des industriels",
        statut_code="a-lancer",
        pilote_organisation=cci,
    )


def test_le_partenaire_pilote_publie_une_mise_a_jour_qui_change_le_statut(
    client, territoire, chloe, fiche_cci
):
    client.force_login(chloe)
    reponse = client.post(
        url("maj_creer", territoire, pk=fiche_cci.pk),
        {
            "date": dt.date.today().isoformat(),
            "statut": factories.statut(territoire, "en-cours").pk,
            "avancement": "30",
            "note": "Premier petit-déjeuner des industriels.",
        },
    )
    assert reponse.status_code == 302
    fiche_cci.refresh_from_db()
    assert fiche_cci.statut.code == "en-cours" and fiche_cci.avancement == 30
    maj = fiche_cci.mises_a_jour.get(auteur=chloe)
    assert maj.auteur == chloe and maj.signature == "chloe (CCI Artois)"
    assert historique_de(fiche_cci).filter(element="mise à jour", auteur=chloe).exists()


def test_partenaire_ne_met_pas_a_jour_une_fiche_qui_n_est_pas_la_sienne(
    client, territoire, chloe, cci, fiche
):
    actions.publier_fiche(fiche, None)
    client.force_login(chloe)
    reponse = client.post(
        url("maj_creer", territoire, pk=fiche.pk),
        {
            "date": "2021-03-01",
            "statut": fiche.statut_id,
            "note": "Intrusion.",
        },
    )
    assert reponse.status_code == 403
    assert fiche.mises_a_jour.count() == 1


def test_partenaire_ne_modifie_pas_l_argent_de_sa_fiche(client, territoire, chloe, fiche_cci):
    client.force_login(chloe)
    reponse = client.post(
        url("budget_creer", territoire, pk=fiche_cci.pk),
        {
            "annee": "2021",
            "nature": "investissement",
            "type": "prevu",
            "montant": "1000",
        },
    )
    assert reponse.status_code == 403
    assert not LigneBudget.objects.exists()


def test_une_mise_a_jour_avec_avancement_hors_bornes_ou_date_future_est_refusee(
    client, territoire, alice, fiche
):
    client.force_login(alice)
    demain = dt.date.today() + dt.timedelta(days=2)
    reponse = client.post(
        url("maj_creer", territoire, pk=fiche.pk),
        {
            "date": demain.isoformat(),
            "statut": fiche.statut_id,
            "avancement": "150",
            "note": "x",
        },
    )
    assert reponse.status_code == 400
    contenu = reponse.content.decode()
    assert "date ne peut pas être future" in contenu and "100" in contenu
    assert fiche.mises_a_jour.count() == 1


def test_montant_negatif_refuse_avec_un_message_et_rien_d_enregistre(
    client, territoire, alice, fiche
):
    client.force_login(alice)
    org = factories.organisation(territoire, "Région Hauts-de-France", "collectivite")
    reponse = client.post(
        url("cofinancement_creer", territoire, pk=fiche.pk),
        {
            "financeur": org.pk,
            "montant": "-500",
            "etape": "accorde",
        },
    )
    assert reponse.status_code == 400
    assert "Le montant est négatif" in reponse.content.decode()
    assert not Cofinancement.objects.exists()


def test_fiche_refusee_si_fin_avant_debut_ou_numero_en_double(client, territoire, alice, fiche):
    client.force_login(alice)
    donnees = {
        "numero": "1",
        "titre": "Double",
        "priorite": "moyenne",
        "methode_avancement": "moyenne",
        "poids": "1",
    }
    reponse = client.post(url("fiche_creer", territoire), donnees)
    assert reponse.status_code == 400
    assert "existe déjà" in reponse.content.decode()
    donnees.update(numero="7", date_debut="2022-01-01", date_fin="2021-01-01")
    reponse = client.post(url("fiche_creer", territoire), donnees)
    assert reponse.status_code == 400
    assert "La date de fin précède la date de début" in reponse.content.decode()
    assert FicheAction.objects.count() == 1


def test_l_equipe_cree_une_fiche_par_le_formulaire(client, territoire, alice, programme):
    client.force_login(alice)
    axe = programme.axes.get(code="innover")
    reponse = client.post(
        url("fiche_creer", territoire),
        {
            "numero": "3.1",
            "titre": "Technopôle",
            "axes": [axe.pk],
            "priorite": "haute",
            "methode_avancement": "ponderee",
            "poids": "2",
            "description": "Développer le Technopôle.",
        },
    )
    fiche = FicheAction.objects.get(numero="3.1")
    assert reponse.status_code == 302 and reponse["Location"] == fiche.get_absolute_url()
    assert list(fiche.axes.all()) == [axe]


def test_le_html_saisi_est_echappe_sur_la_fiche(client, territoire, alice, programme):
    f = factories.fiche(
        programme, alice, "5", titre="<script>alert(1)</script>", description="<b>gras</b>"
    )
    client.force_login(alice)
    contenu = client.get(f.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in contenu
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in contenu


def test_le_public_voit_la_version_publiee_pas_le_brouillon(client, territoire, alice, fiche):
    actions.publier_fiche(fiche, alice)
    actions.modifier_fiche(
        FicheAction.objects.get(pk=fiche.pk), alice, titre="Titre encore en brouillon"
    )
    contenu = client.get(fiche.get_absolute_url()).content.decode()
    assert "Accompagner l&#x27;industrie du futur" in contenu
    assert "brouillon" not in contenu.lower().replace("non publiée", "")
    plan = client.get(url("plan", territoire)).content.decode()
    assert "Titre encore en brouillon" not in plan


def test_le_public_ne_voit_ni_brouillon_ni_fiche_confidentielle(
    client, territoire, alice, programme
):
    brouillon = factories.fiche(programme, alice, "8", titre="Brouillon")
    secret = factories.fiche(
        programme, alice, "9", titre="Projet d'implantation secret", confidentiel=True
    )
    for f in (brouillon, secret):
        assert client.get(f.get_absolute_url()).status_code == 404
    assert "secret" not in client.get(url("plan", territoire)).content.decode()


def test_une_fiche_confidentielle_reste_a_l_equipe_et_au_pilotage(
    client, territoire, alice, bruno, chloe, cci, programme
):
    secret = factories.fiche(
        programme, alice, "9", titre="Projet secret", confidentiel=True, pilote_organisation=cci
    )
    client.force_login(chloe)
    assert client.get(secret.get_absolute_url()).status_code == 404
    client.force_login(bruno)
    assert client.get(secret.get_absolute_url()).status_code == 200


def test_le_public_ne_voit_que_les_valeurs_publiees(client, territoire, alice, fiche):
    actions.publier_fiche(fiche, alice)
    ind = actions.creer_indicateur(
        fiche.programme, alice, fiche=fiche, libelle="Emplois créés", unite="emplois"
    )
    actions.saisir_valeur(
        ind, alice, date=dt.date(2021, 12, 31), type="realise", valeur=Decimal(41), publiee=True
    )
    actions.saisir_valeur(
        ind, alice, date=dt.date(2022, 6, 30), type="realise", valeur=Decimal(777), publiee=False
    )
    contenu = client.get(url("indicateur", territoire, pk=ind.pk)).content.decode()
    assert "41" in contenu and "777" not in contenu
    client.force_login(alice)
    assert "777" in client.get(url("indicateur", territoire, pk=ind.pk)).content.decode()


def test_le_pilotage_enregistre_une_decision_mais_pas_le_partenaire(
    client, territoire, bruno, chloe, fiche
):
    from territoire.programme.models import Instance

    instance = Instance.objects.create(
        territoire=territoire, nom="Comité de suivi", type="comite_suivi"
    )
    seance = actions.creer_seance(instance, None, date=dt.date(2022, 3, 1))
    donnees = {"fiche": fiche.pk, "texte": "Étendre l'action aux sous-traitants."}
    client.force_login(chloe)
    assert client.post(url("decision_creer", territoire, pk=seance.pk), donnees).status_code == 403
    client.force_login(bruno)
    assert client.post(url("decision_creer", territoire, pk=seance.pk), donnees).status_code == 302
    decision = seance.decisions.get()
    assert decision.enregistree_par == bruno and decision.etat_fiche["statut"] == "En cours"


def test_le_tableau_de_bord_montre_retard_argent_et_matrice(
    client, territoire, bruno, programme, alice
):
    f = factories.fiche(
        programme,
        alice,
        "1",
        statut_code="en-cours",
        date_fin=dt.date(2020, 1, 1),
        axes=[programme.axes.get(code="recruter")],
    )
    factories.argent(f, alice, cout="100000", accorde="25000", demande="0", verse="0")
    client.force_login(bruno)
    contenu = client.get(url("tableau", territoire)).content.decode()
    assert "date de fin dépassée (01/01/2020)" in contenu
    assert "il manque 75\u202f000\u00a0€" in contenu
    assert "Région Hauts-de-France" in contenu


def test_mes_fiches_liste_celles_de_mon_organisation(client, territoire, chloe, fiche_cci, fiche):
    client.force_login(chloe)
    contenu = client.get(url("mes_fiches", territoire)).content.decode()
    assert "Réseau des industriels" in contenu and "Accompagner" not in contenu


def _nombre_de_requetes(client, chemin):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        reponse = client.get(chemin)
    assert reponse.status_code == 200
    return len(ctx.captured_queries)


def _grossir(programme, alice, n, depart):
    for i in range(depart, depart + n):
        f = factories.fiche(
            programme, alice, str(i), statut_code="en-cours", axes=list(programme.axes.all()[:2])
        )
        factories.argent(f, alice)
        actions.ajouter_jalon(
            f, alice, libelle="J", date_prevue=dt.date.today() + dt.timedelta(days=10)
        )
        actions.enregistrer_mise_a_jour(
            f, alice, date=dt.date(2022, 1, 1), note="n", statut=f.statut, avancement=10
        )
        ind = actions.creer_indicateur(programme, alice, fiche=f, libelle=f"I{i}", unite="u")
        actions.saisir_valeur(
            ind, alice, date=dt.date(2022, 1, 1), type="cible", valeur=Decimal(10)
        )
        actions.saisir_valeur(
            ind, alice, date=dt.date(2022, 6, 1), type="realise", valeur=Decimal(4)
        )


def test_le_tableau_de_bord_a_un_nombre_de_requetes_constant(client, territoire, alice, programme):
    client.force_login(alice)
    _grossir(programme, alice, 2, 10)
    petit = _nombre_de_requetes(client, url("tableau", territoire))
    _grossir(programme, alice, 8, 20)
    assert _nombre_de_requetes(client, url("tableau", territoire)) == petit


def _etoffer(f, alice, i):
    """One more of everything a fiche page shows: update, milestone, money, indicator, sub-fiche."""
    actions.enregistrer_mise_a_jour(
        f, alice, date=dt.date(2022, 2, 1 + i), note=f"n{i}", statut=f.statut
    )
    actions.ajouter_jalon(f, alice, libelle=f"J{i}", date_prevue=dt.date(2023, 1, 1 + i))
    factories.argent(f, alice)
    ind = actions.creer_indicateur(f.programme, alice, fiche=f, libelle=f"X{i}", unite="u")
    actions.saisir_valeur(ind, alice, date=dt.date(2022, 1, 1), type="realise", valeur=Decimal(i))
    factories.fiche(f.programme, alice, f"{f.numero}.{i}", parent=f, statut_code="en-cours")


def test_la_page_d_une_fiche_a_un_nombre_de_requetes_constant(client, territoire, alice, programme):
    client.force_login(alice)
    f = factories.fiche(programme, alice, "10", statut_code="en-cours")
    _etoffer(f, alice, 1)
    petit = _nombre_de_requetes(client, f.get_absolute_url())
    for i in range(2, 8):
        _etoffer(f, alice, i)
    assert _nombre_de_requetes(client, f.get_absolute_url()) == petit


def test_chiffres_programme_a_exactement_les_cles_de_l_issue(territoire, alice, programme):
    from territoire.programme.chiffres import chiffres_programme
    from territoire.programme.models import Instance

    f = factories.fiche(
        programme,
        alice,
        "1",
        statut_code="en-cours",
        axes=[programme.axes.get(code="attirer")],
        date_fin=dt.date(2020, 1, 1),
    )
    factories.argent(f, alice, cout="200000", accorde="100000", demande="50000", verse="30000")
    instance = Instance.objects.create(
        territoire=territoire, nom="Comité de projet", type="comite_projet"
    )
    actions.creer_seance(instance, alice, date=dt.date(2021, 6, 1))
    p = chiffres_programme(territoire)["programme"]
    assert set(p) == {
        "phase",
        "fiches_actions",
        "par_axe",
        "par_statut",
        "en_retard",
        "cout_total",
        "financements",
        "taux_couverture",
        "derniere_seance",
    }
    assert (
        p["fiches_actions"] == 1
        and p["par_axe"] == {"Attirer": 1}
        and p["par_statut"] == {"En cours": 1}
    )
    assert p["en_retard"] == 1 and p["cout_total"] == 200000.0
    assert p["financements"] == {"demande": 50000.0, "accorde": 100000.0, "verse": 30000.0}
    assert p["taux_couverture"] == 0.65 and p["derniere_seance"] == "2021-06-01"


def test_un_montant_demesure_est_refuse(client, territoire, alice, fiche):
    client.force_login(alice)
    reponse = client.post(
        url("budget_creer", territoire, pk=fiche.pk),
        {"annee": "2021", "nature": "investissement", "type": "prevu", "montant": "999999999999"},
    )
    assert reponse.status_code == 400
    assert "Montant démesuré" in reponse.content.decode()
    assert not LigneBudget.objects.exists()
