"""The offline classifier shared with the consultation: built once per data version, suggesting a
need's competences with their confidence, learning from the team's corrections."""

from __future__ import annotations

import pytest

from territoire.concertation import suggestion
from territoire.innovation import actions, index
from territoire.innovation.models import Competence, EtiquetteBesoin
from tests.innovation import factories

TEXTE = "Nous voulons remplacer un revêtement solvanté par un revêtement en phase aqueuse sur nos pièces."


def test_le_modele_de_la_concertation_n_est_construit_qu_une_fois_pour_les_memes_exemples():
    themes = suggestion.themes_livres()
    avant = suggestion.CACHE.constructions
    premier = suggestion.modele_avec([("La voirie de la zone", ["amenagement-zones"])], themes)
    second = suggestion.modele_avec([("La voirie de la zone", ["amenagement-zones"])], themes)
    assert premier is second and suggestion.CACHE.constructions == avant + 1
    autre = suggestion.modele_avec([("La voirie de la zone est abîmée", ["amenagement-zones"])], themes)
    assert autre is not premier and suggestion.CACHE.constructions == avant + 2


def test_le_cache_reconstruit_une_version_nouvelle_et_oublie_l_ancienne_d_un_usage_unique():
    cache = suggestion.CacheDeModeles(taille=4)
    assert cache.obtenir("u", 1, lambda: "v1", remplace=True) == "v1"
    assert cache.obtenir("u", 1, lambda: "autre", remplace=True) == "v1"
    assert cache.obtenir("u", 2, lambda: "v2", remplace=True) == "v2"
    assert cache.obtenir("u", 1, lambda: "v1 rebâti", remplace=True) == "v1 rebâti"
    assert cache.constructions == 3


@pytest.mark.django_db
def test_la_suggestion_propose_les_revetements_aqueux_avec_leur_confiance(vocabulaire):
    suggestions = actions.suggerer_competences(TEXTE)
    codes = [s.competence.code for s in suggestions]
    assert codes[0] == "revetements-aqueux"
    assert "solvants" in codes
    premiere = suggestions[0]
    assert 0 < premiere.confiance <= 1 and premiere.termes and premiere.niveau in {"forte", "moyenne", "faible"}


@pytest.mark.django_db
def test_le_modele_des_competences_est_construit_une_fois_par_version_des_donnees(vocabulaire, django_assert_max_num_queries):
    premier = index.modele_competences()
    with django_assert_max_num_queries(1):
        assert index.modele_competences() is premier  # one query: the version
    robotique = Competence.objects.get(code="robotique")
    robotique.description = "Robots industriels, cobots et préhension."
    robotique.save()
    assert index.modele_competences() is not premier


@pytest.mark.django_db
def test_la_correction_de_l_equipe_est_gardee_et_enseigne_la_suggestion(territoire, vocabulaire):
    texte = "Notre chambre froide givre et la porte ferme mal."
    besoin = factories.besoin(territoire, texte=texte)
    froid = Competence.objects.get(code="efficacite-energetique")
    actions.corriger_competences(besoin, [froid])
    lignes = {e.competence.code: e for e in EtiquetteBesoin.objects.filter(besoin=besoin)}
    assert lignes["efficacite-energetique"].retenue and not lignes["efficacite-energetique"].suggeree
    assert all(not e.retenue for code, e in lignes.items() if code != "efficacite-energetique")
    for _ in range(2):
        autre = factories.besoin(territoire, texte="La chambre froide givre encore, la porte ferme mal.")
        actions.corriger_competences(autre, [froid])
    assert "efficacite-energetique" in [s.competence.code for s in actions.suggerer_competences("Chambre froide qui givre")]
