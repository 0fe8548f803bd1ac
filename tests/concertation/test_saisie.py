"""The team's forms: consultations, meetings, participants and findings, in the product."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from territoire.concertation.models import Constat, Consultation, Participation, Reunion

from . import factories

INJECTION = '<script>alert("x")</script>'


def _post(client, user, nom, donnees, **kwargs):
    client.force_login(user)
    return client.post(reverse(nom, kwargs=kwargs), donnees)


def test_l_equipe_cree_une_concertation_depuis_le_produit(client, territoire, alice):
    r = _post(client, alice, "concertation:consultation_nouvelle",
              {"titre": f"Concertation {INJECTION}", "debut": "2025-01-15", "fin": "2025-06-30"},
              territoire=territoire.slug)
    consultation = Consultation.objects.get(territoire=territoire)
    assert r.status_code == 302 and r["Location"] == consultation.get_absolute_url()
    assert consultation.titre == f"Concertation {INJECTION}" and consultation.fin == dt.date(2025, 6, 30)
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert INJECTION not in page and "&lt;script&gt;" in page


def test_une_fin_avant_le_debut_est_refusee_en_gardant_la_saisie(client, territoire, alice):
    r = _post(client, alice, "concertation:consultation_nouvelle",
              {"titre": "Concertation des industriels", "debut": "2025-06-30", "fin": "2025-01-15"},
              territoire=territoire.slug)
    assert r.status_code == 400
    assert "La fin de la concertation précède son début" in r.content.decode()
    assert 'value="Concertation des industriels"' in r.content.decode()
    assert not Consultation.objects.exists()


def test_les_champs_manquants_sont_signales_un_par_un(client, territoire, alice):
    r = _post(client, alice, "concertation:consultation_nouvelle", {"description": "gardée"},
              territoire=territoire.slug)
    page = r.content.decode()
    assert r.status_code == 400
    assert "Donnez un titre à la concertation" in page and "Indiquez la date de début" in page
    assert "gardée" in page
    assert "Rien n&#x27;a été enregistré" in page


def test_l_equipe_modifie_une_concertation(client, territoire, alice, consultation):
    r = _post(client, alice, "concertation:consultation_modifier",
              {"titre": "Concertation renommée", "debut": "2019-03-01"}, territoire=territoire.slug, pk=consultation.pk)
    assert r.status_code == 302
    consultation.refresh_from_db()
    assert consultation.titre == "Concertation renommée"


@pytest.mark.parametrize("persona", ["bruno", "chloe", "david", "eve"])
def test_seule_l_equipe_peut_poster_les_formulaires(client, territoire, consultation, persona, request):
    reunion = factories.reunion(consultation)
    orga = factories.partenaire(territoire)
    user = request.getfixturevalue(persona)
    envois = [
        ("concertation:consultation_nouvelle", {"territoire": territoire.slug}, {"titre": "X", "debut": "2025-01-01"}),
        ("concertation:consultation_modifier", {"territoire": territoire.slug, "pk": consultation.pk},
         {"titre": "X", "debut": "2019-03-01"}),
        ("concertation:reunion_nouvelle", {"territoire": territoire.slug, "pk": consultation.pk},
         {"type": "collective", "titre": "X", "date": "2019-04-01"}),
        ("concertation:reunion_modifier", {"territoire": territoire.slug, "pk": reunion.pk},
         {"type": "collective", "titre": "X", "date": "2019-04-01"}),
        ("concertation:participants", {"territoire": territoire.slug, "pk": reunion.pk},
         {"organisation": orga.pk, "presence": "present"}),
        ("concertation:participant_retirer", {"territoire": territoire.slug, "pk": reunion.pk}, {"participation": 1}),
        ("concertation:constat_nouveau", {"territoire": territoire.slug, "pk": consultation.pk}, {"titre": "X"}),
    ]
    client.force_login(user)
    for nom, kwargs, donnees in envois:
        r = client.post(reverse(nom, kwargs=kwargs), donnees)
        assert r.status_code in (403, 404), (nom, r.status_code)
    client.logout()
    r = client.post(reverse("concertation:consultation_nouvelle", kwargs={"territoire": territoire.slug}),
                    {"titre": "X", "debut": "2025-01-01"})
    assert r.status_code == 302 and "connexion" in r["Location"]
    assert Consultation.objects.count() == 1 and Reunion.objects.get().titre == "Atelier recrutement"
    assert not Participation.objects.exists() and not Constat.objects.exists()


def test_l_equipe_cree_un_entretien_individuel_confidentiel_avec_organisateur(client, territoire, alice, consultation):
    cci = factories.partenaire(territoire)
    r = _post(client, alice, "concertation:reunion_nouvelle", {
        "type": "individuelle", "titre": "Entretien avec un dirigeant", "date": "2019-03-20",
        "lieu": "Usine", "theme": factories.theme("formation-recrutement").pk,
        "ordre_du_jour": f"1. Recrutement {INJECTION}", "organisateur": cci.pk,
    }, territoire=territoire.slug, pk=consultation.pk)
    reunion = Reunion.objects.get()
    assert r.status_code == 302
    assert reunion.confidentielle and reunion.organisateur == cci and reunion.est_individuelle
    page = client.get(reverse("concertation:reunion", kwargs={"territoire": territoire.slug, "pk": reunion.pk}))
    assert INJECTION not in page.content.decode()


def test_un_organisateur_d_un_autre_territoire_est_refuse(client, territoire, autre_territoire, alice, consultation):
    etrangere = factories.partenaire(autre_territoire, nom="Agence d'ailleurs")
    r = _post(client, alice, "concertation:reunion_nouvelle", {
        "type": "collective", "titre": "Atelier", "date": "2019-03-20", "organisateur": etrangere.pk,
    }, territoire=territoire.slug, pk=consultation.pk)
    assert r.status_code == 400
    assert "pas connue sur ce territoire" in r.content.decode()
    assert 'value="Atelier"' in r.content.decode()
    assert not Reunion.objects.exists()


def test_une_reunion_sans_titre_ni_date_ou_hors_concertation_est_refusee(client, territoire, alice, consultation):
    r = _post(client, alice, "concertation:reunion_nouvelle", {"type": "collective"},
              territoire=territoire.slug, pk=consultation.pk)
    assert r.status_code == 400
    assert "Donnez un titre à la réunion" in r.content.decode() and "Indiquez la date" in r.content.decode()
    r = _post(client, alice, "concertation:reunion_nouvelle", {"type": "collective", "titre": "Trop tôt", "date": "2018-01-01"},
              territoire=territoire.slug, pk=consultation.pk)
    assert r.status_code == 400 and "précède le début de la concertation" in r.content.decode()
    assert not Reunion.objects.exists()


def test_l_equipe_ajoute_change_et_retire_des_participants(client, territoire, alice, consultation):
    reunion = factories.reunion(consultation)
    forges = factories.entreprise(territoire)
    url = {"territoire": territoire.slug, "pk": reunion.pk}
    r = _post(client, alice, "concertation:participants", {"organisation": forges.pk, "presence": "inscrit"}, **url)
    assert r.status_code == 302
    assert reunion.participations.get().presence == "inscrit"
    _post(client, alice, "concertation:participants", {"organisation": forges.pk, "presence": "present"}, **url)
    participation = reunion.participations.get()
    assert participation.presence == "present"
    page = client.get(reverse("concertation:participants", kwargs=url)).content.decode()
    assert "Forges de l" in page and "Présent" in page
    r = _post(client, alice, "concertation:participant_retirer", {"participation": participation.pk}, **url)
    assert r.status_code == 302 and not reunion.participations.exists()


def test_un_participant_d_un_autre_territoire_ou_vide_est_refuse(client, territoire, autre_territoire, alice, consultation):
    reunion = factories.reunion(consultation)
    etrangere = factories.partenaire(autre_territoire, nom="Agence d'ailleurs")
    url = {"territoire": territoire.slug, "pk": reunion.pk}
    r = _post(client, alice, "concertation:participants", {"organisation": etrangere.pk, "presence": "present"}, **url)
    assert r.status_code == 400 and "pas connue sur ce territoire" in r.content.decode()
    r = _post(client, alice, "concertation:participants", {"presence": "present"}, **url)
    assert r.status_code == 400 and "Choisissez l&#x27;organisation" in r.content.decode()
    assert not Participation.objects.exists()


def test_l_equipe_formule_un_constat_soutenu_par_des_contributions(client, territoire, alice, consultation, jeu):
    r = _post(client, alice, "concertation:constat_nouveau", {
        "titre": f"Le foncier manque {INJECTION}", "contributions": [jeu["c2"].pk, jeu["c5"].pk],
        "themes": [factories.theme("amenagement-zones").pk],
    }, territoire=territoire.slug, pk=consultation.pk)
    constat = Constat.objects.get(titre__startswith="Le foncier")
    assert r.status_code == 302
    assert set(constat.contributions.all()) == {jeu["c2"], jeu["c5"]}
    page = client.get(constat.get_absolute_url()).content.decode()
    assert INJECTION not in page and "Modifier le constat" in page
    r = _post(client, alice, "concertation:constat_modifier", {"titre": "Le foncier manque", "contributions": [jeu["c5"].pk]},
              territoire=territoire.slug, pk=constat.pk)
    assert r.status_code == 302 and list(constat.contributions.all()) == [jeu["c5"]]


def test_une_contribution_d_une_autre_concertation_ne_soutient_pas_un_constat(client, territoire, alice, consultation, jeu):
    autre = factories.consultation(territoire, titre="Concertation 2024")
    r = _post(client, alice, "concertation:constat_nouveau", {"titre": "Constat", "contributions": [jeu["c1"].pk]},
              territoire=territoire.slug, pk=autre.pk)
    assert r.status_code == 400 and "n&#x27;appartient pas à cette concertation" in r.content.decode()
    r = _post(client, alice, "concertation:constat_nouveau", {"contributions": [jeu["c1"].pk]},
              territoire=territoire.slug, pk=consultation.pk)
    assert r.status_code == 400 and "Écrivez l&#x27;énoncé du constat" in r.content.decode()
    assert Constat.objects.count() == 2


def test_les_pages_de_l_equipe_menent_aux_formulaires(client, territoire, alice, consultation, jeu):
    client.force_login(alice)
    synthese = client.get(consultation.get_absolute_url()).content.decode()
    for nom in ("consultation_modifier", "reunion_nouvelle", "constat_nouveau"):
        assert reverse(f"concertation:{nom}", kwargs={"territoire": territoire.slug, "pk": consultation.pk}) in synthese
    reunion = client.get(reverse("concertation:reunion", kwargs={"territoire": territoire.slug, "pk": jeu["atelier"].pk}))
    assert reverse("concertation:participants", kwargs={"territoire": territoire.slug, "pk": jeu["atelier"].pk}) in reunion.content.decode()
    client.logout()
    assert "Nouveau constat" not in client.get(consultation.get_absolute_url()).content.decode()
