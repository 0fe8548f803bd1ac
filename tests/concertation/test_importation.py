"""Import of registration and attendance lists: readers, matching, and what is never done silently."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from territoire.concertation import importation
from territoire.concertation.models import Participation
from territoire.reseau.models import Organisation
from tests.etablissements import factories as recensement

from . import factories


def _xlsx(rangees) -> bytes:
    from openpyxl import Workbook

    classeur = Workbook()
    feuille = classeur.active
    for rangee in rangees:
        feuille.append(rangee)
    sortie = io.BytesIO()
    classeur.save(sortie)
    return sortie.getvalue()


def test_le_csv_est_lu_par_nom_de_colonne_quel_que_soit_l_ordre_et_le_separateur():
    contenu = "Présence;Raison sociale;N° SIRET\nx;Forges SAS;123\n\n".encode("cp1252")
    lignes = importation.transformer(importation.lire("liste.csv", contenu))
    assert len(lignes) == 1
    assert (lignes[0].organisation, lignes[0].presence, lignes[0].numero) == ("Forges SAS", "present", 2)
    assert "SIRET « 123 » invalide" in lignes[0].erreurs[0]


def test_un_fichier_sans_colonne_reconnue_est_refuse_en_disant_ce_qui_a_ete_lu():
    with pytest.raises(importation.FichierIllisible, match="en-têtes lus : « Prénom », « Ville »"):
        importation.transformer(importation.lire("liste.csv", "Prénom,Ville\nAnne,Béthune\n".encode()))


def test_un_fichier_binaire_ou_un_xlsx_abime_est_refuse():
    with pytest.raises(importation.FichierIllisible, match="octets nuls"):
        importation.lire("liste.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    with pytest.raises(importation.FichierIllisible, match="XLSX est illisible"):
        importation.lire("liste.xlsx", b"ceci n'est pas un classeur")
    with pytest.raises(importation.FichierIllisible, match="vide"):
        importation.transformer(importation.lire("liste.csv", b""))


@pytest.mark.parametrize(
    "nom,attendu",
    [("Forges de l'Artois SAS", "forges de l artois"), ("ÉTS. DUPONT & Fils", "dupont fils"),
     ("  forges DE L’ARTOIS ", "forges de l artois")],
)
def test_normaliser_nom(nom, attendu):
    assert importation.normaliser_nom(nom) == attendu


def test_rapprochement_par_siret_puis_par_nom(territoire, jeu):
    forges, plast = jeu["forges"], jeu["plast"]
    lignes = importation.transformer([
        ["siret", "entreprise", "presence"],
        [forges.siret, "Nom différent", "oui"],
        ["", "PLASTIQUES DE LA LYS SARL", "absent"],
        ["", "Inconnue Industrie", "oui"],
        [forges.siret, "", "oui"],
    ])
    r = importation.rapprocher(lignes, territoire)
    assert [x.correspondance for x in r] == ["siret", "nom", "", "siret"]
    assert r[0].organisation == forges and r[1].organisation == plast
    assert "aucune organisation du territoire ne correspond" in r[2].raison
    assert r[3].doublon


def test_un_nom_ambigu_n_est_pas_devine(territoire, jeu):
    Organisation.objects.create(nom="Plastiques de la Lys", type="entreprise").territoires.add(territoire)
    r = importation.rapprocher(importation.transformer([["entreprise"], ["Plastiques de la Lys"]]), territoire)
    assert not r[0].reconnue and "2 organisations portent ce nom" in r[0].raison


def test_l_aperçu_n_enregistre_rien_et_la_confirmation_enregistre_tout(client, territoire, jeu, alice):
    commune = territoire.communes.first()
    etab = recensement.etablissement(commune, denomination="Chaudronnerie Nouvelle")
    contenu = _xlsx([
        ["SIRET", "Entreprise", "Présence"],
        [int(jeu["forges"].siret), "", "présent"],  # a SIRET typed as a number
        [etab.siret, "Chaudronnerie Nouvelle", "excusé"],
        ["", "Société Fantôme", "oui"],
        ["", "=HYPERLINK(\"http://x\")", "oui"],
    ])
    reunion = jeu["atelier2"]
    url = reverse("concertation:importer", kwargs={"territoire": territoire.slug, "pk": reunion.pk})
    client.force_login(alice)
    orgs_avant, part_avant = Organisation.objects.count(), Participation.objects.filter(reunion=reunion).count()
    page = client.post(url, {"fichier": SimpleUploadedFile("liste.xlsx", contenu), "presence": "present"}).content.decode()
    assert "Aperçu (rien n'est encore enregistré)" in page
    assert "Société Fantôme" in page and "Non reconnue" in page
    assert "2 non reconnues" in page
    assert (Organisation.objects.count(), Participation.objects.filter(reunion=reunion).count()) == (orgs_avant, part_avant)

    page = client.post(url, {"fichier": SimpleUploadedFile("liste.xlsx", contenu), "presence": "present",
                             "confirmer": "on"}).content.decode()
    assert "1 organisation(s) créée(s) depuis le recensement" in page
    nouvelle = Organisation.objects.get(siret=etab.siret)
    assert nouvelle.etablissement == etab and territoire in nouvelle.territoires.all()
    assert Organisation.objects.count() == orgs_avant + 1  # never the unmatched names
    assert not Organisation.objects.filter(nom__icontains="Fantôme").exists()
    assert Participation.objects.get(reunion=reunion, organisation=nouvelle).presence == "excuse"
    assert Participation.objects.get(reunion=reunion, organisation=jeu["forges"]).importee


def test_un_fichier_illisible_affiche_un_message_clair_et_ne_sauve_rien(client, territoire, jeu, alice):
    client.force_login(alice)
    url = reverse("concertation:importer", kwargs={"territoire": territoire.slug, "pk": jeu["atelier"].pk})
    avant = Participation.objects.count()
    for nom, contenu, message in (
        ("liste.xlsx", b"PK\x03\x04 abime", "XLSX est illisible"),
        ("liste.pdf", b"%PDF-1.7", "ni un CSV ni un XLSX"),
        ("liste.csv", b"Nom;Ville\nA;B\n", "Ni colonne « siret »"),
    ):
        page = client.post(url, {"fichier": SimpleUploadedFile(nom, contenu), "presence": "present",
                                 "confirmer": "on"}).content.decode()
        assert message.replace("'", "&#x27;") in page, nom
        assert Participation.objects.count() == avant


def test_une_presence_inconnue_est_signalee_et_la_ligne_ignoree(territoire, jeu):
    lignes = importation.transformer([["siret", "présence"], [jeu["forges"].siret, "peut-être"]])
    r = importation.rapprocher(lignes, territoire)
    assert not r[0].reconnue and "présence « peut-être » inconnue" in r[0].raison


def test_une_organisation_d_un_autre_territoire_n_est_pas_reconnue(territoire, autre_territoire, jeu):
    ailleurs = factories.entreprise(autre_territoire, "Forges Lointaines", commune=territoire.communes.first())
    r = importation.rapprocher(importation.transformer([["siret"], [ailleurs.siret]]), territoire)
    # its establishment is in this territory's census: the import proposes to link it, never to duplicate
    assert r[0].correspondance == "recensement"
    reunion = jeu["atelier"]
    importation.enregistrer(r, reunion)
    assert Organisation.objects.filter(siret=ailleurs.siret).count() == 1
