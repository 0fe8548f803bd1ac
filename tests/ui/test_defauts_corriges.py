"""The first user's defects (issue 10 §9) that lived in the census, plan and demo pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests.etablissements import factories as f

pytestmark = pytest.mark.django_db


def test_l_export_csv_ecrit_les_decimales_avec_une_virgule(client, territoire):
    from territoire.etablissements.exports import nombre_csv

    assert (nombre_csv(12.5), nombre_csv(3), nombre_csv(3.0), nombre_csv(None)) == ("12,5", "3", "3", "")
    f.petit_recensement(territoire)
    reponse = client.get(reverse("etablissements:export_csv", kwargs={"territoire": territoire.slug}))
    texte = b"".join(reponse.streaming_content).decode("utf-8-sig")
    entete, *lignes = texte.strip().splitlines()
    colonne = entete.split(";").index("emplois_central")
    valeurs = [ligne.split(";")[colonne] for ligne in lignes]
    assert valeurs and all("." not in v for v in valeurs)
    assert any("," in v for v in valeurs)


def test_le_nom_ne_s_ouvre_pas_sur_les_entrepreneurs_individuels_masques(client, territoire):
    commune = territoire.communes.get(code_insee="62119")
    for i in range(3):
        f.etablissement(commune, unite=f.unite_legale(categorie_juridique="1000", denomination="", nom=f"DUPONT{i}", prenom="Jean"))
    for nom in ("Zinguerie de l'Artois", "Ébénisterie Béthunoise", "atelier du Beuvry"):
        f.etablissement(commune, unite=f.unite_legale(denomination=nom))
    page = client.get(reverse("etablissements:liste", kwargs={"territoire": territoire.slug}), {"tri": "nom"}).content.decode()
    positions = [page.index(n) for n in ("atelier du Beuvry", "Ébénisterie Béthunoise", "Zinguerie de l&#x27;Artois")]
    assert positions == sorted(positions), "tri à la française : accents et casse ignorés"
    assert page.index("Entrepreneur individuel") > positions[-1], "les noms masqués viennent après les noms"
    assert "DUPONT" not in page


def test_le_lien_rapport_au_comite_du_tableau_de_bord_s_ouvre(client, territoire, alice):
    from tests.programme import factories as pf

    programme = pf.phase(territoire)
    client.force_login(alice)
    url = reverse("programme:rapport_comite", kwargs={"territoire": territoire.slug})
    assert client.get(url, {"phase": programme.code}).status_code == 200
    assert client.get(url, {"phase": programme.code, "debut": "", "fin": ""}).status_code == 200
    assert client.get(url, {"phase": programme.code, "debut": "2025-02-01", "fin": "2024-01-01"}).status_code == 400


def test_la_phase_courante_passe_avant_une_phase_close(territoire):
    from territoire.programme.models import Programme
    from territoire.programme.queries import programme_courant

    aujourdhui = dt.date.today()
    Programme.objects.create(territoire=territoire, code="ancienne", nom="Plan d'action 2019-2022",
                             debut=dt.date(2019, 1, 1), fin=dt.date(2022, 12, 31), actif=True)
    courante = Programme.objects.create(territoire=territoire, code="courante", nom="2023-2099",
                                        debut=dt.date(2023, 1, 1), fin=aujourdhui.replace(year=2099), actif=False)
    assert programme_courant(territoire) == courante
    assert programme_courant(territoire, "ancienne").code == "ancienne"


def test_le_nom_du_plan_n_est_jamais_double():
    from types import SimpleNamespace

    from territoire.programme.templatetags.programme import nom_du_plan

    assert nom_du_plan(SimpleNamespace(nom="Plan d'action 2019-2022")) == "Plan d'action 2019-2022"
    assert nom_du_plan(SimpleNamespace(nom="2023-2027")) == "Plan d'action 2023-2027"


def test_le_nom_de_fichier_cache_le_dossier_temporaire():
    from territoire.ui.templatetags.ui import nom_de_fichier

    assert nom_de_fichier("/tmp/tmpab12cd/StockEtablissement_utf8.zip") == "StockEtablissement_utf8.zip"
    assert nom_de_fichier("C:\\Temp\\sirene.parquet") == "sirene.parquet"


def test_aucun_formulaire_du_plan_n_offre_des_tirets(client, territoire, alice):
    from tests.programme import factories as pf

    pf.phase(territoire)
    client.force_login(alice)
    page = client.get(reverse("programme:fiche_creer", kwargs={"territoire": territoire.slug}))
    assert page.status_code == 200
    assert "---------" not in page.content.decode()
