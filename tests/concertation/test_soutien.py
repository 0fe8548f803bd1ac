"""Actions of the consultation and the support counted behind each finding."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from territoire.concertation import actions
from territoire.concertation.chiffres import chiffres_concertation
from territoire.concertation.models import Participation, ReponseConstat, Theme
from territoire.concertation.queries import classe_taille, constats_classes, soutiens
from territoire.observatoire.chiffres import chiffres_cles

from . import factories


def test_les_themes_du_constat_recurrent_et_les_axes_sont_livres(db):
    codes = set(Theme.objects.values_list("code", flat=True))
    assert {"transformations-industrie", "innovation-recherche", "formation-recrutement", "amenagement-zones"} <= codes
    assert {"recruter", "innover", "attirer", "simplifier"} <= codes


def test_un_entretien_individuel_et_ses_contributions_sont_confidentiels_par_defaut(jeu):
    assert jeu["entretien"].confidentielle
    assert jeu["c4"].confidentielle
    assert not jeu["atelier"].confidentielle
    assert not jeu["c1"].confidentielle


def test_contribuer_inscrit_l_organisation_presente_une_seule_fois(jeu):
    actions.enregistrer_contribution(jeu["atelier"], organisation=jeu["forges"], texte="Autre remarque.")
    assert Participation.objects.filter(reunion=jeu["atelier"], organisation=jeu["forges"]).count() == 1


def test_une_contribution_vide_est_refusee(jeu):
    with pytest.raises(ValidationError, match="vide"):
        actions.enregistrer_contribution(jeu["atelier"], organisation=jeu["forges"], texte="   ")


def test_une_participation_nomme_une_organisation_ou_une_personne(jeu):
    with pytest.raises(ValidationError):
        actions.ajouter_participant(jeu["atelier"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Participation.objects.create(reunion=jeu["atelier"])


def test_le_soutien_compte_entreprises_distinctes_reunions_filieres_et_tailles(jeu):
    s = soutiens([jeu["constat_rec"]])[jeu["constat_rec"].pk]
    assert s.contributions == 4
    assert s.organisations == 4  # the CCI is an organisation, not a firm
    assert s.entreprises == 3
    assert s.reunions == 2
    assert (s.reunions_collectives, s.entretiens) == (1, 1)
    assert dict(s.filieres) == {
        "Métallurgie, travail des métaux": 1, "Plasturgie, caoutchouc": 1, "Agroalimentaire": 1
    }
    assert dict(s.tailles) == {"10 à 49 salariés": 1, "50 à 249 salariés": 1, "250 salariés et plus": 1}


def test_une_meme_entreprise_qui_revient_ne_compte_qu_une_fois(jeu):
    encore = actions.enregistrer_contribution(jeu["atelier2"], organisation=jeu["forges"], texte="Toujours pas de soudeurs.")
    actions.rattacher_contributions(jeu["constat_rec"], [encore])
    s = soutiens([jeu["constat_rec"]])[jeu["constat_rec"].pk]
    assert (s.contributions, s.entreprises, s.reunions) == (5, 3, 3)


def test_les_constats_sont_classes_par_soutien(jeu, consultation):
    classes = constats_classes(consultation)
    assert [c.titre for c, _ in classes] == ["Les industriels peinent à recruter", "Les zones d'activités vieillissent"]
    for forge in ("Forges A", "Forges B", "Forges C"):
        org = factories.entreprise(consultation.territoire, forge)
        c = actions.enregistrer_contribution(jeu["atelier2"], organisation=org, texte="La zone manque de parkings.")
        actions.rattacher_contributions(jeu["constat_zones"], [c])
    classes = constats_classes(consultation)
    assert classes[0][0] == jeu["constat_zones"]
    assert classes[0][1].entreprises == 4


def test_la_filiere_vient_du_code_naf_quand_l_etablissement_n_en_a_pas(jeu):
    etab = jeu["plast"].etablissement
    etab.filiere = None
    etab.save()
    s = soutiens([jeu["constat_rec"]])[jeu["constat_rec"].pk]
    assert dict(s.filieres)["Plasturgie, caoutchouc"] == 1


def test_un_constat_sans_reponse_le_reste_visiblement(jeu):
    assert jeu["constat_zones"].reponses.count() == 0
    assert jeu["constat_rec"].reponses.get().type == ReponseConstat.Type.DIRECTE


def test_repondre_deux_fois_met_a_jour_le_lien_sans_doublon(jeu):
    actions.repondre_constat(jeu["constat_rec"], jeu["fiche"], type="partielle", commentaire="Réponse partielle.")
    reponse = jeu["constat_rec"].reponses.get()
    assert (reponse.type, reponse.commentaire) == ("partielle", "Réponse partielle.")


def test_une_fiche_d_un_autre_territoire_ne_repond_pas(jeu, autre_territoire):
    etrangere = factories.fiche(autre_territoire, numero="9")
    with pytest.raises(ValidationError, match="autre territoire"):
        actions.repondre_constat(jeu["constat_rec"], etrangere)


def test_une_contribution_d_une_autre_concertation_ne_soutient_pas(jeu, territoire):
    autre = factories.consultation(territoire, "Concertation 2023")
    r = factories.reunion(autre)
    c = actions.enregistrer_contribution(r, organisation=jeu["forges"], texte="Hors sujet.")
    with pytest.raises(ValidationError):
        actions.rattacher_contributions(jeu["constat_rec"], [c])


@pytest.mark.parametrize(
    "tranche,classe",
    [("", "Non renseignée"), ("NN", "Moins de 10 salariés"), ("03", "Moins de 10 salariés"),
     ("11", "10 à 49 salariés"), ("31", "50 à 249 salariés"), ("32", "250 salariés et plus"), ("ZZ", "Non renseignée")],
)
def test_classe_de_taille(tranche, classe):
    assert classe_taille(tranche) == classe


def test_chiffres_cles_de_la_concertation(jeu, territoire):
    c = chiffres_concertation(territoire)["concertation"]
    assert c["reunions_collectives"] == 2
    assert c["entretiens_individuels"] == 1
    assert c["entreprises_participantes"] == 3  # the CCI has no SIRET
    assert c["contributions"] == 5
    assert c["constats"] == [
        {"titre": "Les industriels peinent à recruter", "entreprises": 3, "reunions": 2, "fiches_actions": ["3"]},
        {"titre": "Les zones d'activités vieillissent", "entreprises": 1, "reunions": 1, "fiches_actions": []},
    ]
    assert chiffres_cles(territoire)["concertation"] == c


def test_une_entreprise_absente_n_est_pas_participante(jeu, territoire, consultation):
    absente = factories.entreprise(territoire, "Absente SA")
    actions.ajouter_participant(jeu["atelier"], organisation=absente, presence="absent")
    assert chiffres_concertation(territoire)["concertation"]["entreprises_participantes"] == 3
