"""Innovation needs and introductions: hostile text, the suggestion kept with the need, the
introduction recorded on both sides with a follow-up, the outcome; who sees a need."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from territoire.innovation import actions
from territoire.innovation.models import BesoinInnovation, MiseEnRelation
from territoire.reseau.models import Interaction, Suivi
from tests.innovation import factories
from tests.reseau import factories as reseau

TEXTE = "Nous voulons remplacer le vernis solvanté de nos pièces par un vernis en phase aqueuse."


@pytest.mark.django_db
def test_un_besoin_de_50000_caracteres_est_refuse_sans_rien_enregistrer(territoire, vocabulaire):
    with pytest.raises(ValidationError) as exc:
        factories.besoin(territoire, texte="a" * 50_000)
    assert "50000 caractères ; 10000 au plus" in " ".join(exc.value.messages)
    assert not BesoinInnovation.objects.exists()


@pytest.mark.django_db
def test_le_formulaire_garde_un_texte_trop_long_et_dit_quoi_faire(client, territoire, alice, vocabulaire):
    orga = reseau.organisation(territoire)
    client.force_login(alice)
    url = reverse("innovation:besoin_nouveau", kwargs={"territoire": territoire.slug})
    reponse = client.post(url, {"organisation": orga.pk, "titre": "Long", "texte": "mot " * 12_500, "origine": "equipe",
                                "urgence": "moyenne", "budget": "inconnu", "action": "enregistrer"})
    assert reponse.status_code == 400
    page = reponse.content.decode()
    assert "10000 au plus" in page and "mot mot mot" in page
    assert not BesoinInnovation.objects.exists()


@pytest.mark.django_db
def test_un_besoin_colle_en_html_est_converti_en_texte_et_rendu_a_relire(client, territoire, alice, vocabulaire):
    orga = reseau.organisation(territoire)
    client.force_login(alice)
    url = reverse("innovation:besoin_nouveau", kwargs={"territoire": territoire.slug})
    html = "<p>Remplacer notre <b>vernis solvanté</b></p><script>alert(1)</script><p>par un vernis à l'eau.</p>"
    reponse = client.post(url, {"organisation": orga.pk, "titre": "Vernis", "texte": html, "origine": "equipe",
                                "urgence": "moyenne", "budget": "inconnu", "action": "enregistrer"})
    page = reponse.content.decode()
    assert reponse.status_code == 400 and "balises HTML" in page
    assert "<script>alert(1)</script>" not in page and "Remplacer notre vernis solvanté" in page
    assert not BesoinInnovation.objects.exists()


@pytest.mark.django_db
def test_le_depot_garde_la_suggestion_avec_sa_confiance(territoire, vocabulaire):
    besoin = factories.besoin(territoire, texte=TEXTE)
    assert besoin.confidentiel and besoin.statut == "ouvert"
    premiere = besoin.suggestions[0]
    assert premiere["code"] == "revetements-aqueux" and 0 < premiere["confiance"] <= 1
    etiquette = besoin.etiquettes.get(competence__code="revetements-aqueux")
    assert etiquette.suggeree and etiquette.retenue and etiquette.confiance == premiere["confiance"]


@pytest.mark.django_db
def test_la_suggestion_a_la_saisie_coche_les_cases_sans_rien_enregistrer(client, territoire, alice, vocabulaire):
    orga = reseau.organisation(territoire)
    client.force_login(alice)
    url = reverse("innovation:besoin_nouveau", kwargs={"territoire": territoire.slug})
    reponse = client.post(url, {"organisation": orga.pk, "titre": "Vernis", "texte": TEXTE, "origine": "equipe",
                                "urgence": "moyenne", "budget": "inconnu", "action": "suggerer"})
    page = reponse.content.decode()
    assert reponse.status_code == 200 and "Revêtements en phase aqueuse — confiance" in page
    assert not BesoinInnovation.objects.exists()


@pytest.mark.django_db
def test_la_mise_en_relation_note_un_echange_des_deux_cotes_et_une_suite_a_donner(territoire, alice, vocabulaire):
    besoin = factories.besoin(territoire, texte=TEXTE)
    centre = factories.detenteur(territoire, nom="Centre revêtements")
    echeance = timezone.localdate() + timedelta(days=15)
    mise = actions.mettre_en_relation(besoin, centre, responsable=alice, echeance=echeance, message="Bonjour", par=alice)
    assert Interaction.objects.filter(organisation=besoin.organisation, objet__contains="Centre revêtements").exists()
    assert Interaction.objects.filter(organisation=centre.organisation, objet__contains=besoin.organisation.nom).exists()
    suivi = Suivi.objects.get(pk=mise.suivi_id)
    assert (suivi.responsable, suivi.echeance, suivi.organisation) == (alice, echeance, besoin.organisation)
    besoin.refresh_from_db()
    assert besoin.statut == "en_relation"
    with pytest.raises(ValidationError, match="déjà été mise en relation"):
        actions.mettre_en_relation(besoin, centre, responsable=alice, par=alice)
    actions.noter_issue(mise, "projet", "Projet de substitution lancé", par=alice)
    suivi.refresh_from_db()
    besoin.refresh_from_db()
    assert suivi.fait_le is not None and besoin.statut == "projet"


@pytest.mark.django_db
def test_la_page_du_besoin_classe_les_detenteurs_avec_leurs_raisons_et_envoie_la_mise_en_relation(
    client, territoire, alice, vocabulaire
):
    centre = factories.detenteur(territoire, nom="Centre revêtements")
    actions.ajouter_equipement(centre, nom="Cabine de peinture pilote", source="Test",
                               competences=[factories.competence("revetements-aqueux")])
    factories.detenteur(territoire, nom="Plateforme robots", competences=("robotique",))
    besoin = factories.besoin(territoire, texte=TEXTE)
    client.force_login(alice)
    page = client.get(reverse("innovation:besoin", kwargs={"territoire": territoire.slug, "pk": besoin.pk})).content.decode()
    assert page.index("Centre revêtements") < page.index("Plateforme robots") if "Plateforme robots" in page else True
    assert "Compétence : Revêtements en phase aqueuse (point fort)" in page
    assert "Équipement : Cabine de peinture pilote" in page
    url = reverse("innovation:mettre_en_relation", kwargs={"territoire": territoire.slug, "pk": besoin.pk})
    echeance = (timezone.localdate() + timedelta(days=10)).isoformat()
    reponse = client.post(url, {"detenteur": centre.pk, "responsable": alice.pk, "echeance": echeance, "message": "À vous"})
    assert reponse.status_code == 302
    mise = MiseEnRelation.objects.get()
    assert mise.rang == 1 and any("Revêtements en phase aqueuse" in r for r in mise.raisons)


@pytest.mark.django_db
def test_un_besoin_confidentiel_n_est_vu_que_de_l_equipe_et_de_l_entreprise(client, territoire, personas, vocabulaire):
    besoin = factories.besoin_de_david(territoire)
    url = reverse("innovation:besoin", kwargs={"territoire": territoire.slug, "pk": besoin.pk})
    for nom, attendu in (("alice", 200), ("david", 200), ("bruno", 404), ("chloe", 404), ("eve", 403)):
        client.force_login(personas[nom])
        assert client.get(url).status_code == attendu, nom
    client.force_login(personas["david"])
    assert "Qui peut aider" not in client.get(url).content.decode()  # the ranking is the team's work


@pytest.mark.django_db
def test_le_partenaire_du_detenteur_voit_le_besoin_confidentiel_qu_on_lui_a_presente(client, territoire, chloe, alice, vocabulaire):
    besoin = factories.besoin(territoire, texte=TEXTE)
    centre = factories.detenteur(territoire)
    reseau.rattacher(chloe, territoire, "partenaire", centre.organisation)
    url = reverse("innovation:besoin", kwargs={"territoire": territoire.slug, "pk": besoin.pk})
    client.force_login(chloe)
    assert client.get(url).status_code == 404
    actions.mettre_en_relation(besoin, centre, responsable=alice, par=alice)
    assert client.get(url).status_code == 200
