"""The demo builder of Innover, on the small test territory, and the issue's « done when » on it:
a firm's coating need gets three ranked holders with reasons and an introduction; a diagnostic
done at a visit shows its radar against the filière's average and points at real aid entries."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from territoire.demo import innovation as demo
from territoire.demo import reseau as demo_reseau
from territoire.etablissements.models import Etablissement, Filiere
from territoire.innovation.models import (
    BesoinInnovation,
    DetenteurCompetences,
    Diagnostic,
    Hebergement,
    MiseEnRelation,
)
from territoire.reseau.models import Interaction

pytestmark = pytest.mark.django_db
FILIERES = ("metallurgie", "plasturgie", "mecanique", "agroalimentaire", "chimie-pharmacie", "logistique", "mineraux",
            "equipements-electriques")


@pytest.fixture
def demo_construite(territoire, vocabulaire):
    from territoire.etablissements.filieres_defaut import charger
    from territoire.etablissements.models import RegleNaf
    from tests.guichet.factories import sujets_par_defaut

    sujets_par_defaut()
    charger(Filiere, RegleNaf)  # shipped by a data migration; a transactional test elsewhere may have flushed them
    filieres = {f.code: f for f in Filiere.objects.filter(code__in=FILIERES)}
    communes = list(territoire.communes.all())
    for i in range(48):
        code = FILIERES[i % len(FILIERES)]
        Etablissement.objects.create(
            siret=f"9{i:013d}", siren=f"9{i:08d}", nic="00010", code_commune=communes[i % 2].code_insee,
            commune=communes[i % 2], est_industriel=True, tranche_effectifs=("11", "12", "21")[i % 3],
            naf="25.62A", fictif=True, enseigne=f"Atelier fictif {i}", filiere=filieres.get(code),
        )
    demo_reseau.construire(territoire, StringIO())
    sortie = StringIO()
    demo.construire(territoire, sortie)
    return sortie.getvalue()


def test_la_demo_tient_les_laboratoires_reels_le_technopole_et_des_detenteurs_fictifs_etiquetes(territoire, demo_construite):
    assert "13 structures réelles du RNSR" in demo_construite
    lgcge = DetenteurCompetences.objects.get(numero_rnsr="201019043K")
    assert lgcge.label_numero.startswith("ULR 4515") and lgcge.libelle_commune == "Béthune"
    assert not lgcge.organisation.fictif and lgcge.source.startswith("RNSR")
    assert DetenteurCompetences.objects.get(numero_rnsr="200615276H").label_numero == "UR 4025"
    assert DetenteurCompetences.objects.get(numero_rnsr="200415185T").label_numero == "UR 3926"
    technopole = DetenteurCompetences.objects.get(type="technopole")
    assert technopole.nom == "Technopôle de la Porte-Nord" and not technopole.organisation.fictif
    assert not technopole.competences_detenues.exists()  # nothing invented on a real body
    autres = DetenteurCompetences.objects.filter(numero_rnsr__isnull=True).exclude(type="technopole")
    assert autres.exists() and all(d.organisation.fictif and d.nom.endswith("(fictif)") for d in autres)
    assert Hebergement.objects.filter(fin__isnull=False).exclude(destination="").exists()
    assert Diagnostic.objects.values("organisation").distinct().count() >= 12


def test_la_demo_se_reconstruit_a_l_identique(territoire, demo_construite):
    avant = (DetenteurCompetences.objects.count(), BesoinInnovation.objects.count(), MiseEnRelation.objects.count(),
             Diagnostic.objects.count(), Hebergement.objects.count(), Interaction.objects.count())
    demo.construire(territoire, StringIO())
    apres = (DetenteurCompetences.objects.count(), BesoinInnovation.objects.count(), MiseEnRelation.objects.count(),
             Diagnostic.objects.count(), Hebergement.objects.count(), Interaction.objects.count())
    assert apres == avant


def test_fait_quand_le_besoin_de_revetement_aqueux_recoit_trois_detenteurs_classes_et_une_mise_en_relation(
    client, territoire, demo_construite
):
    besoin = BesoinInnovation.objects.get(origine="guichet", demande__sujet__code="innovation")
    assert "phase aqueuse" in besoin.texte and besoin.demande.organisation == besoin.organisation
    equipe = get_user_model().objects.get(username="demo-equipe")
    from territoire.comptes.models import Adhesion

    Adhesion.objects.get_or_create(utilisateur=equipe, territoire=territoire, role="equipe")
    client.force_login(equipe)
    page = client.get(reverse("innovation:besoin", kwargs={"territoire": territoire.slug, "pk": besoin.pk})).content.decode()
    section = page[page.index("Qui peut aider"):page.index("Mettre en relation")]
    assert section.count("<li><h3>") >= 3
    assert section.index("Revêtements et Formulation") < section.index("<li><h3>", section.index("<li><h3>") + 1)
    assert "Compétence : Revêtements en phase aqueuse (point fort)" in section and "Distance :" in section
    centre = DetenteurCompetences.objects.get(organisation__nom__startswith="Centre de transfert Revêtements")
    echeance = (timezone.localdate() + timedelta(days=14)).isoformat()
    client.post(reverse("innovation:mettre_en_relation", kwargs={"territoire": territoire.slug, "pk": besoin.pk}),
                {"detenteur": centre.pk, "responsable": equipe.pk, "echeance": echeance, "message": "Présentation"})
    mise = MiseEnRelation.objects.get(besoin=besoin)
    assert mise.rang == 1 and mise.suivi.responsable == equipe
    assert mise.interaction_entreprise.organisation == besoin.organisation
    assert mise.interaction_detenteur.organisation == centre.organisation


def test_fait_quand_le_diagnostic_de_visite_se_compare_a_la_filiere_et_renvoie_au_catalogue(client, territoire, demo_construite):
    from territoire.guichet.models import Dispositif

    diagnostic = (Diagnostic.objects.filter(filiere__code="metallurgie").values("organisation")
                  .annotate(n=Count("pk")).filter(n=2).order_by("organisation").first())
    recent = Diagnostic.objects.filter(organisation=diagnostic["organisation"]).order_by("-date").first()
    assert recent.interaction is not None and recent.interaction.type == "visite"
    alice = get_user_model().objects.get(username="demo-equipe")
    from territoire.comptes.models import Adhesion

    Adhesion.objects.get_or_create(utilisateur=alice, territoire=territoire, role="equipe")
    client.force_login(alice)
    page = client.get(reverse("innovation:diagnostic", kwargs={"territoire": territoire.slug, "pk": recent.pk})).content.decode()
    assert '<svg class="radar"' in page and "Moyenne : Métallurgie" in page
    noms = set(Dispositif.objects.values_list("nom", flat=True))
    recommandes = [nom for nom in noms if nom in page]
    assert recommandes, "aucun dispositif réel du catalogue n'est recommandé"
    assert "Précédent" in page
