"""The industry-of-the-future diagnostic: missing is not 0, scores outside 0–5 refused, the
comparison group, the three weakest dimensions with real schemes and fiches, the previous one."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from territoire.innovation import actions, diagnostic
from territoire.innovation.models import Diagnostic, Reponse
from tests.innovation import factories
from tests.reseau import factories as reseau


def _scores(**remplacements):
    return {**factories.SCORES_MOYENS, **remplacements}


@pytest.mark.django_db
def test_une_reponse_manquante_reste_manquante_et_ne_compte_pas_comme_zero(territoire, vocabulaire):
    a = factories.diagnostic(territoire, reseau.organisation(territoire), _scores(cybersecurite=None))
    assert Reponse.objects.get(diagnostic=a, dimension__code="cybersecurite").score is None
    for score in (4, 4):
        factories.diagnostic(territoire, reseau.organisation(territoire), _scores(cybersecurite=score))
    q = factories.questionnaire()
    moyennes = diagnostic.moyennes(diagnostic.derniers_diagnostics(territoire, q), seuil=2)
    cyber = q.dimensions.get(code="cybersecurite")
    assert moyennes[cyber.pk] == 4.0  # (4 + 4) / 2, not (0 + 4 + 4) / 3


@pytest.mark.parametrize("valeur", [6, -1, "3,5", "beaucoup"])
@pytest.mark.django_db
def test_un_niveau_hors_de_0_a_5_est_refuse_avec_la_dimension_et_rien_n_est_enregistre(territoire, vocabulaire, valeur):
    with pytest.raises(ValidationError) as exc:
        factories.diagnostic(territoire, reseau.organisation(territoire), _scores(cybersecurite=valeur))
    assert "Cybersécurité" in " ".join(exc.value.messages) and "0 à 5" in " ".join(exc.value.messages)
    assert not Diagnostic.objects.exists()


@pytest.mark.django_db
def test_une_dimension_inconnue_ou_un_diagnostic_vide_sont_refuses(territoire, vocabulaire):
    q = factories.questionnaire()
    orga = reseau.organisation(territoire)
    with pytest.raises(ValidationError, match="n'est pas une dimension"):
        actions.enregistrer_diagnostic(territoire, orga, q, date=date(2026, 1, 5), mode="visite", reponses={"magie": (3, "")})
    with pytest.raises(ValidationError, match="vide"):
        actions.enregistrer_diagnostic(territoire, orga, q, date=date(2026, 1, 5), mode="visite", reponses={})


@pytest.mark.django_db
def test_le_formulaire_refuse_un_niveau_trafique_et_garde_les_notes(client, territoire, alice, vocabulaire):
    q = factories.questionnaire()
    orga = reseau.organisation(territoire)
    client.force_login(alice)
    donnees = {"organisation": orga.pk, "date": "2026-03-01", "mode": "visite", "notes": "Visite de l'atelier"}
    donnees |= {f"score_{d.code}": "2" for d in q.dimensions.all()} | {"score_cybersecurite": "7"}
    reponse = client.post(reverse("innovation:diagnostic_nouveau", kwargs={"territoire": territoire.slug}), donnees)
    page = reponse.content.decode()
    assert reponse.status_code == 400 and "« 7 » n&#x27;existe pas" in page and "Visite de l&#x27;atelier" in page
    assert not Diagnostic.objects.exists()


def _filiere(code="metallurgie"):
    from territoire.etablissements.models import Filiere

    return Filiere.objects.get_or_create(code=code, defaults={"libelle": code.capitalize(), "famille": "industrie"})[0]


@pytest.mark.django_db
def test_le_groupe_de_comparaison_s_elargit_faute_de_trois_entreprises_et_le_dit(territoire, vocabulaire):
    metal = _filiere()
    diags = []
    for i in range(4):
        d = factories.diagnostic(territoire, reseau.organisation(territoire), _scores(cybersecurite=i))
        Diagnostic.objects.filter(pk=d.pk).update(filiere=metal, tranche_effectifs="12" if i < 2 else "21")
        diags.append(Diagnostic.objects.get(pk=d.pk))
    derniers = diagnostic.derniers_diagnostics(territoire, factories.questionnaire())
    groupe = diagnostic.groupe_de_comparaison(diags[0], derniers)
    assert groupe.elargi and groupe.libelle.endswith("toutes tailles") and groupe.entreprises == 3


@pytest.mark.django_db
def test_la_page_montre_le_radar_le_tableau_les_etapes_et_les_vrais_dispositifs_et_fiches(client, territoire, alice, vocabulaire):
    from territoire.guichet.models import Dispositif
    from tests.guichet.factories import sujet
    from tests.programme import factories as programme_factories

    aide = Dispositif.objects.create(nom="Diagnostic cybersécurité (test)", type_aide="accompagnement")
    aide.sujets.set([sujet("numerique")])
    Dispositif.objects.create(nom="Aide sans rapport", type_aide="pret").sujets.set([sujet("export")])
    programme = programme_factories.phase(territoire)
    fiche = programme_factories.fiche(programme, titre="Accompagner les PME face à l'industrie du futur")
    orga = reseau.organisation(territoire)
    ancien = factories.diagnostic(territoire, orga, _scores(cybersecurite=0), jour=date(2025, 1, 10))
    recent = factories.diagnostic(territoire, orga, _scores(cybersecurite=1) | {"services-clients": None},
                                  jour=date(2026, 2, 10))
    assert ancien.pk != recent.pk
    client.force_login(alice)
    page = client.get(reverse("innovation:diagnostic", kwargs={"territoire": territoire.slug, "pk": recent.pk})).content.decode()
    assert '<svg class="radar"' in page and "Résultats par dimension" in page
    assert "Hors du radar, car sans réponse (ce n'est pas 0) : Produits et services aux clients" in page
    assert "Diagnostic cybersécurité (test)" in page and "Aide sans rapport" not in page
    assert f"/programme/fiches/{fiche.pk}/" in page
    assert "+1" in page  # cybersecurity, 0 → 1 since the previous diagnostic


@pytest.mark.django_db
def test_un_resultat_individuel_n_est_vu_que_de_l_entreprise_et_de_l_equipe(client, territoire, personas, vocabulaire):
    d = factories.diagnostic_de_david(territoire)
    url = reverse("innovation:diagnostic", kwargs={"territoire": territoire.slug, "pk": d.pk})
    for nom, attendu in (("alice", 200), ("david", 200), ("bruno", 403), ("chloe", 403)):
        client.force_login(personas[nom])
        assert client.get(url).status_code == attendu, nom


@pytest.mark.django_db
def test_le_pilotage_voit_les_moyennes_par_filiere_sans_les_petits_effectifs(client, territoire, bruno, vocabulaire):
    metal = _filiere()
    for score in (1, 3):
        d = factories.diagnostic(territoire, reseau.organisation(territoire), _scores(cybersecurite=score))
        Diagnostic.objects.filter(pk=d.pk).update(filiere=metal)
    client.force_login(bruno)
    page = client.get(reverse("innovation:diagnostics", kwargs={"territoire": territoire.slug})).content.decode()
    assert "Maturité par filière" in page and "moins de 3" in page
    assert "réservés à l'entreprise et à l'équipe" in page


@pytest.mark.django_db
def test_un_diagnostic_et_un_besoin_se_relient_a_la_visite_de_l_entreprise_et_pas_a_celle_d_une_autre(
    client, territoire, alice, vocabulaire
):
    from territoire.innovation.models import BesoinInnovation
    from territoire.reseau.models import Interaction

    q = factories.questionnaire()
    orga, autre = reseau.organisation(territoire), reseau.organisation(territoire)
    visite = Interaction.objects.create(territoire=territoire, organisation=orga, type="visite", date="2026-02-20",
                                        objet="Visite de l'atelier de peinture")
    ailleurs = Interaction.objects.create(territoire=territoire, organisation=autre, type="visite", date="2026-02-21",
                                          objet="Visite ailleurs")
    client.force_login(alice)
    url = reverse("innovation:diagnostic_nouveau", kwargs={"territoire": territoire.slug})
    page = client.get(url, {"visite": visite.pk}).content.decode()
    assert "Visite du 20/02/2026 — Visite de l&#x27;atelier de peinture" in page and "Visite ailleurs" not in page
    donnees = {"organisation": orga.pk, "date": "2026-02-20", "mode": "autodiagnostic", "visite": ailleurs.pk}
    donnees |= {f"score_{d.code}": "2" for d in q.dimensions.all()}
    reponse = client.post(url, donnees)
    assert reponse.status_code == 400 and "pas une visite de l&#x27;entreprise choisie" in reponse.content.decode()
    assert not Diagnostic.objects.exists()
    client.post(url, donnees | {"visite": visite.pk})
    d = Diagnostic.objects.get()
    assert d.interaction == visite and d.mode == "visite"  # done during that visit
    page = client.get(reverse("innovation:diagnostic", kwargs={"territoire": territoire.slug, "pk": d.pk})).content.decode()
    assert "visite du 20/02/2026" in page

    url = reverse("innovation:besoin_nouveau", kwargs={"territoire": territoire.slug})
    client.post(url, {"organisation": orga.pk, "visite": visite.pk, "titre": "Vernis", "origine": "equipe",
                      "texte": "Remplacer notre vernis solvanté par un vernis en phase aqueuse.", "urgence": "moyenne",
                      "budget": "inconnu", "confidentiel": "on", "action": "enregistrer"})
    besoin = BesoinInnovation.objects.get()
    assert besoin.interaction == visite and besoin.origine == "visite"


@pytest.mark.django_db
def test_le_rapport_au_comite_porte_les_moyennes_par_filiere_sans_les_petits_effectifs(territoire, vocabulaire):
    import datetime as dt

    from territoire.programme.exports import documents
    from tests.programme import factories as programme

    metal, plasturgie = _filiere(), _filiere("plasturgie")
    for i, filiere in enumerate([metal, metal, metal, plasturgie]):
        d = factories.diagnostic(territoire, reseau.organisation(territoire), _scores(cybersecurite=i + 1))
        Diagnostic.objects.filter(pk=d.pk).update(filiere=filiere)
    phase = programme.phase(territoire)
    donnees = documents.donnees_rapport(phase, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    (section,) = [s for s in donnees["sections"] if s["titre"].startswith("Innover")]
    assert [g["filiere"] for g in section["contexte"]["colonnes"]] == [metal.libelle]
    assert [g["filiere"] for g in section["contexte"]["petites"]] == [plasturgie.libelle]
    cyber = next(ligne for ligne in section["contexte"]["lignes"] if ligne["dimension"].code == "cybersecurite")
    assert cyber["valeurs"] == [2.5, 2.0]  # territory (1, 2, 3, 4), metallurgy (1, 2, 3)
    html = documents.html_rapport(donnees, territoire)
    assert "Innover : diagnostics industrie du futur" in html
    assert f"{metal.libelle} (3)" in html and f"{plasturgie.libelle} (1)" in html
    assert documents.rapport_docx(donnees, territoire)[:2] == b"PK"
