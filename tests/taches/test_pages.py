"""Launching jobs from the web and following them (no worker here: see test_worker.py)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from territoire.taches.actions import TacheDejaActive, lancer_tache
from territoire.taches.models import Tache


def _url(nom, territoire, **kw):
    return reverse(f"taches:{nom}", kwargs={"territoire": territoire.slug, **kw})


@pytest.mark.django_db
def test_l_equipe_televerse_un_stock_et_suit_la_tache(client, territoire, alice, settings, tmp_path):
    from django_tasks_db.models import DBTaskResult

    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(alice)
    fichier = SimpleUploadedFile("StockEtablissement_utf8.zip", b"PK\x03\x04 contenu", content_type="application/zip")
    reponse = client.post(_url("import_sirene", territoire), {"fichier_etablissements": fichier, "force": "on"})
    tache = Tache.objects.get()
    assert reponse.status_code == 302 and reponse["Location"] == _url("tache", territoire, pk=tache.pk)
    assert tache.genre == Tache.Genre.IMPORT_SIRENE and tache.statut == Tache.Statut.EN_ATTENTE
    assert tache.demandee_par == alice and tache.parametres["force"] is True
    depose = settings.MEDIA_ROOT / tache.parametres["fichier_etablissements"]
    assert depose.read_bytes() == b"PK\x03\x04 contenu" and depose.name == "fichier_etablissements.zip"
    en_file = DBTaskResult.objects.get(id=tache.id_file)
    assert en_file.args_kwargs == {"args": [tache.pk], "kwargs": {}}
    page = client.get(reponse["Location"]).content.decode()
    assert "En attente" in page and 'hx-trigger="every 1s"' in page and "<progress" in page
    fragment = client.get(reponse["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert fragment.lstrip().startswith('<div id="progression"') and "<html" not in fragment


@pytest.mark.django_db
def test_une_seule_tache_a_la_fois_par_territoire(client, territoire, alice, autre_territoire):
    premiere = lancer_tache(Tache.Genre.RELANCES, territoire)
    with pytest.raises(TacheDejaActive, match="déjà en attente"):
        lancer_tache(Tache.Genre.RAPPORT_COMITE, territoire, parametres={"debut": "2026-01-01", "fin": "2026-02-01"})
    lancer_tache(Tache.Genre.RELANCES, autre_territoire)  # another territory is free
    client.force_login(alice)
    reponse = client.post(_url("sirene_mensuel", territoire), {"unites_legales": "on"}, follow=True)
    assert reponse.redirect_chain[-1][0] == _url("tache", territoire, pk=premiere.pk)
    assert "Une tâche est déjà en attente pour ce territoire" in reponse.content.decode()
    assert Tache.objects.filter(territoire=territoire).count() == 1
    Tache.objects.filter(pk=premiere.pk).update(statut=Tache.Statut.REUSSIE)
    assert lancer_tache(Tache.Genre.RELANCES, territoire).pk != premiere.pk


@pytest.mark.django_db
def test_le_formulaire_refuse_un_envoi_sans_fichier_en_francais(client, territoire, alice):
    client.force_login(alice)
    reponse = client.post(_url("import_sirene", territoire), {})
    assert reponse.status_code == 400
    assert "Choisissez le fichier du stock des établissements." in reponse.content.decode()
    assert not Tache.objects.exists()


@pytest.mark.django_db
def test_le_pilotage_prepare_un_rapport_mais_ne_voit_pas_les_imports(client, territoire, bruno):
    client.force_login(bruno)
    reponse = client.post(_url("rapport", territoire), {"debut": "2026-01-01", "fin": "2026-06-30", "format": "docx"})
    rapport = Tache.objects.get()
    assert reponse.status_code == 302 and rapport.parametres == {"debut": "2026-01-01", "fin": "2026-06-30", "format": "docx"}
    assert client.get(_url("tache", territoire, pk=rapport.pk)).status_code == 200
    Tache.objects.filter(pk=rapport.pk).update(statut=Tache.Statut.REUSSIE)
    imp = Tache.objects.create(genre=Tache.Genre.IMPORT_SIRENE, territoire=territoire)
    assert client.get(_url("tache", territoire, pk=imp.pk)).status_code == 404
    assert client.post(_url("rapport", territoire), {"debut": "2026-06-30", "fin": "2026-01-01"}).status_code == 400


@pytest.mark.django_db
def test_une_tache_abandonnee_par_un_processus_mort_est_marquee_echouee(client, territoire, alice):
    import subprocess
    import sys

    mort = subprocess.Popen([sys.executable, "-c", "pass"])
    mort.wait()
    import socket

    tache = Tache.objects.create(
        genre=Tache.Genre.IMPORT_SIRENE, territoire=territoire, statut=Tache.Statut.EN_COURS,
        travailleur=f"{socket.gethostname()}:{mort.pid}", etape="Écriture du recensement",
        battement="2026-01-01T00:00:00+00:00",
    )
    client.force_login(alice)
    page = client.get(_url("tache", territoire, pk=tache.pk)).content.decode()
    tache.refresh_from_db()
    assert tache.statut == Tache.Statut.ECHOUEE
    assert "s'est arrêté pendant la tâche, à l'étape « Écriture du recensement »" in tache.message
    assert "Les données sont restées dans leur état précédent" in page
    assert "Relancer la tâche" in page
