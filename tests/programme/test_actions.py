"""Writes on the programme: invariants, history, snapshots."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from territoire.historique.actions import historique_de
from territoire.programme import actions, queries
from territoire.programme.models import Axe, CorrespondanceAxe, FicheAction, StatutFiche

from . import factories


def test_les_deux_phases_ont_leurs_axes_nationaux_et_leur_correspondance(territoire):
    p1 = factories.phase(territoire)
    p2 = factories.phase(
        territoire, "2023-2027", "2023-2027", dt.date(2023, 1, 1), dt.date(2027, 12, 31)
    )
    assert list(p1.axes.values_list("libelle", flat=True)) == [
        "Recruter",
        "Innover",
        "Attirer",
        "Simplifier",
    ]
    assert "Foncier industriel" in p2.axes.values_list("libelle", flat=True)
    assert actions.relier_phases(p1, p2) == 5
    assert CorrespondanceAxe.objects.filter(
        source__code="recruter", cible__code="recrutement-competences"
    ).exists()
    Axe.objects.create(programme=p2, code="local", libelle="Axe local", national=False)
    assert p2.axes.count() == 5


def test_le_statut_ne_change_que_par_une_mise_a_jour_signee(fiche, alice):
    termine = factories.statut(fiche.programme.territoire, "terminee")
    fiche = FicheAction.objects.get(pk=fiche.pk)
    fiche.statut = termine
    with pytest.raises(ValidationError):
        fiche.save()
    with pytest.raises(ValidationError):
        actions.modifier_fiche(fiche, alice, statut=termine)
    fiche = FicheAction.objects.get(pk=fiche.pk)
    maj = actions.enregistrer_mise_a_jour(
        fiche, alice, date=dt.date(2022, 12, 1), note="Livrée.", statut=termine, avancement=100
    )
    fiche.refresh_from_db()
    assert fiche.statut == termine and fiche.avancement == 100
    assert maj.statut_avant.code == "en-cours" and maj.signature == "alice"


def test_une_mise_a_jour_ne_peut_pas_preceder_la_derniere(programme, alice):
    f = factories.fiche(
        programme, alice, "4", statut_code="en-cours", date_statut=dt.date(2021, 5, 1)
    )
    with pytest.raises(ValidationError) as exc:
        actions.enregistrer_mise_a_jour(
            f, alice, date=dt.date(2021, 4, 1), note="x", statut=f.statut
        )
    assert "01/05/2021" in str(exc.value)


def test_une_mise_a_jour_sans_note_est_refusee(fiche, alice):
    with pytest.raises(ValidationError):
        actions.enregistrer_mise_a_jour(
            fiche, alice, date=dt.date(2022, 1, 1), note=" ", statut=fiche.statut
        )


def test_une_mise_a_jour_avec_un_statut_d_un_autre_territoire_est_refusee(
    fiche, alice, autre_territoire
):
    etranger = factories.statut(autre_territoire, "terminee")
    with pytest.raises(ValidationError):
        actions.enregistrer_mise_a_jour(
            fiche, alice, date=dt.date(2022, 1, 1), note="x", statut=etranger
        )
    fiche.refresh_from_db()
    assert fiche.statut.code == "en-cours"


def test_l_avancement_d_une_fiche_parente_ne_se_saisit_pas(programme, alice):
    parent = factories.fiche(programme, alice, "1", statut_code="en-cours")
    factories.fiche(programme, alice, "1.1", parent=parent)
    with pytest.raises(ValidationError):
        actions.enregistrer_mise_a_jour(
            parent, alice, date=dt.date(2022, 1, 1), note="x", statut=parent.statut, avancement=50
        )


def test_fiche_refuse_fin_avant_debut_avancement_hors_bornes_et_numero_double(programme, alice):
    with pytest.raises(ValidationError) as exc:
        factories.fiche(
            programme, alice, "2", date_debut=dt.date(2022, 1, 1), date_fin=dt.date(2021, 1, 1)
        )
    assert "date_fin" in exc.value.message_dict
    factories.fiche(programme, alice, "3")
    with pytest.raises(ValidationError):
        factories.fiche(programme, alice, "3")
    with pytest.raises(IntegrityError), transaction.atomic():
        FicheAction.objects.filter(numero="3").update(avancement=120)


def test_une_fiche_ne_peut_pas_etre_l_ancetre_de_sa_parente(programme, alice):
    a = factories.fiche(programme, alice, "1")
    b = factories.fiche(programme, alice, "1.1", parent=a)
    with pytest.raises(ValidationError) as exc:
        actions.modifier_fiche(a, alice, parent=b)
    assert "boucle" in str(exc.value)


def test_chaque_modification_est_dans_l_historique(fiche, alice):
    actions.modifier_fiche(fiche, alice, titre="Nouveau titre")
    entree = historique_de(fiche).filter(nature="modification").first()
    assert entree.auteur == alice
    assert entree.changements == {"titre": ["Accompagner l'industrie du futur", "Nouveau titre"]}
    jalon = actions.ajouter_jalon(
        fiche, alice, libelle="Lancement", date_prevue=dt.date(2021, 3, 1)
    )
    actions.modifier_jalon(jalon, alice, fait=True)
    jalon.refresh_from_db()
    assert jalon.date_realisation is not None
    assert historique_de(fiche).filter(element="jalon").count() == 2


def test_montants_negatifs_refuses(fiche, alice):
    with pytest.raises(ValidationError):
        actions.ajouter_ligne_budget(
            fiche, alice, annee=2021, nature="investissement", type="prevu", montant=Decimal("-1")
        )
    assert not fiche.lignes_budget.exists()


def test_la_couverture_du_cout_par_les_financements_accordes(fiche, alice):
    factories.argent(fiche, alice, cout="100000", accorde="50000", demande="30000", verse="10000")
    argent = queries.fiches_detaillees(FicheAction.objects.filter(pk=fiche.pk)).get().argent()
    assert argent["couverture"]["taux"] == Decimal("60.0")
    assert argent["couverture"]["manque"] == Decimal("40000")


def test_retard_derive_d_un_jalon_depasse(fiche, alice):
    actions.ajouter_jalon(fiche, alice, libelle="Étude", date_prevue=dt.date(2020, 1, 1))
    fiche = queries.fiches_detaillees(FicheAction.objects.filter(pk=fiche.pk)).get()
    assert fiche.raisons_retard(dt.date(2021, 1, 1)) == ["1 jalon dépassé non atteint"]


def test_une_decision_garde_la_fiche_telle_qu_elle_etait(fiche, alice, bruno):
    from territoire.programme.models import Instance

    instance = Instance.objects.create(
        territoire=fiche.programme.territoire, nom="Comité de projet", type="comite_projet"
    )
    seance = actions.creer_seance(instance, alice, date=dt.date(2021, 6, 1), fiches=[fiche])
    decision = actions.enregistrer_decision(seance, bruno, texte="Poursuivre.", fiche=fiche)
    actions.enregistrer_mise_a_jour(
        fiche,
        alice,
        date=dt.date(2021, 9, 1),
        note="Fini.",
        statut=factories.statut(fiche.programme.territoire, "terminee"),
    )
    decision.refresh_from_db()
    assert decision.etat_fiche["statut"] == "En cours"
    assert decision.etat_fiche["derniere_mise_a_jour"]["note"] == "Création de la fiche."
    assert seance.points.get().fiche == fiche


def test_publier_fige_la_version_publique_sans_nom_de_personne(fiche, alice):
    actions.publier_fiche(fiche, alice)
    actions.modifier_fiche(fiche, alice, titre="Brouillon non publié")
    fiche.refresh_from_db()
    assert fiche.version_publiee["titre"] == "Accompagner l'industrie du futur"
    assert "signature" not in str(fiche.version_publiee)


def test_une_fiche_confidentielle_ne_se_publie_pas(programme, alice):
    f = factories.fiche(programme, alice, "9", confidentiel=True)
    with pytest.raises(ValidationError):
        actions.publier_fiche(f, alice)


def test_une_valeur_d_indicateur_remplace_celle_du_meme_jour(fiche, alice):
    ind = actions.creer_indicateur(
        fiche.programme, alice, fiche=fiche, libelle="Entreprises accompagnées", unite="entreprises"
    )
    actions.saisir_valeur(
        ind, alice, date=dt.date(2021, 12, 31), type="realise", valeur=Decimal(10)
    )
    actions.saisir_valeur(
        ind, alice, date=dt.date(2021, 12, 31), type="realise", valeur=Decimal(12)
    )
    assert list(ind.valeurs.values_list("valeur", flat=True)) == [Decimal(12)]


def test_statuts_par_defaut_installes_une_seule_fois(territoire):
    actions.installer_statuts(territoire)
    StatutFiche.objects.filter(territoire=territoire, code="suspendue").update(libelle="En pause")
    actions.installer_statuts(territoire)
    assert StatutFiche.objects.filter(territoire=territoire).count() == 5
    assert StatutFiche.objects.get(territoire=territoire, code="suspendue").libelle == "En pause"


def test_une_decision_saisie_apres_la_seance_garde_l_etat_du_jour_de_la_seance(fiche, alice, bruno):
    from territoire.programme.models import Instance

    territoire = fiche.programme.territoire
    actions.enregistrer_mise_a_jour(
        fiche, alice, date=dt.date(2021, 1, 10), note="Avant.", statut=fiche.statut, avancement=20
    )
    actions.enregistrer_mise_a_jour(
        fiche,
        alice,
        date=dt.date(2021, 9, 1),
        note="Après.",
        statut=factories.statut(territoire, "terminee"),
        avancement=100,
    )
    instance = Instance.objects.create(territoire=territoire, nom="Comité", type="comite_projet")
    seance = actions.creer_seance(instance, alice, date=dt.date(2021, 6, 1))
    etat = actions.enregistrer_decision(seance, bruno, texte="Poursuivre.", fiche=fiche).etat_fiche
    assert etat["statut"] == "En cours" and etat["avancement"] == 20
    assert etat["derniere_mise_a_jour"]["note"] == "Avant." and etat["le"] == "2021-06-01"
