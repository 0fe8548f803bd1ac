"""The real worker, in its own process, against the test database: a web-launched import lands
exactly as the CLI's, a killed worker leaves the data as before and its job failed, the Redis
queue works like the database one."""

from __future__ import annotations

import io
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from territoire.etablissements.models import Changement, Etablissement, ImportSirene, UniteLegale
from territoire.taches.models import Tache
from tests.etablissements import fichiers as f
from tests.exploitation.partage import base_partagee, env_processus, territoire_cli

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CHAMPS = ("siret", "siren", "etat", "naf", "tranche_effectifs", "code_commune", "zone_id", "latitude", "longitude",
          "enseigne", "present", "statut_diffusion", "unite_legale__denomination", "unite_legale__categorie_juridique")


def _recensement() -> list[tuple]:
    return sorted(Etablissement.objects.values_list(*CHAMPS))


def _stock(tmp_path, nombre: int, debut: int = 1):
    lignes = [f.etablissement(i, trancheEffectifsEtablissement="11" if i % 3 else "21") for i in range(debut, debut + nombre)]
    unites = [f.unite_legale(ligne["siren"], denominationUniteLegale=f"SOCIETE {i}") for i, ligne in enumerate(lignes)]
    return (f.ecrire_zip(tmp_path / f"stock-{nombre}.zip", lignes),
            f.ecrire_unites_legales(tmp_path / f"ul-{nombre}.csv", unites))


def _televerser(client, territoire, stock, ul) -> Tache:
    reponse = client.post(
        reverse("taches:import_sirene", kwargs={"territoire": territoire.slug}),
        {"fichier_etablissements": SimpleUploadedFile(stock.name, stock.read_bytes()),
         "fichier_unites_legales": SimpleUploadedFile(ul.name, ul.read_bytes())},
    )
    assert reponse.status_code == 302, reponse.content.decode()[:2000]
    return Tache.objects.latest("pk")


def test_l_import_lance_du_web_laisse_le_recensement_exact_de_la_cli(client, territoire, alice, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    stock, ul = _stock(tmp_path, 300)
    client.force_login(alice)
    tache = _televerser(client, territoire, stock, ul)
    with base_partagee(tmp_path) as url:
        territoire_cli("worker", "--une-fois", env=env_processus(tmp_path, url))
    tache.refresh_from_db()
    assert tache.statut == Tache.Statut.REUSSIE, tache.message
    assert tache.progression == 100 and "Import SIRENE terminé" in tache.message and "Créés : 300" in tache.message
    assert not (settings.MEDIA_ROOT / "taches" / str(tache.pk)).exists(), "le téléversement est retiré après l'import"
    imp = ImportSirene.objects.get(pk=tache.resultat["import_sirene"])
    assert imp.lance_par == "web : alice" and imp.lignes_retenues == 300
    par_le_web = _recensement()
    page = client.get(reverse("taches:tache", kwargs={"territoire": territoire.slug, "pk": tache.pk})).content.decode()
    assert "Tâche terminée" in page and "Voir l'import et ses différences" in page

    Changement.objects.all().delete()
    Etablissement.objects.all().delete()
    UniteLegale.objects.all().delete()
    ImportSirene.objects.all().delete()
    call_command("sirene", "import", str(stock), "--unites-legales", str(ul), "--territoire", territoire.slug,
                 "--sans-progression", stdout=io.StringIO())
    assert _recensement() == par_le_web
    assert len(par_le_web) == 300


def test_un_refus_de_l_importeur_est_le_message_de_la_tache(client, territoire, alice, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(alice)
    mauvais = tmp_path / "stock.csv"
    mauvais.write_text("siren,nic\n123,45\n", encoding="utf-8")
    reponse = client.post(reverse("taches:import_sirene", kwargs={"territoire": territoire.slug}),
                          {"fichier_etablissements": SimpleUploadedFile("stock.csv", mauvais.read_bytes())})
    assert reponse.status_code == 302
    tache = Tache.objects.get()
    with base_partagee(tmp_path) as url:
        territoire_cli("worker", "--une-fois", env=env_processus(tmp_path, url))
    tache.refresh_from_db()
    from territoire.etablissements.importer import ImportRefuse, importer_stock

    with pytest.raises(ImportRefuse) as refus:
        importer_stock(territoire, settings.MEDIA_ROOT / tache.parametres["fichier_etablissements"])
    assert tache.statut == Tache.Statut.ECHOUEE and tache.message == str(refus.value)
    assert not Etablissement.objects.exists()


def _etat(url: str, pk: int) -> tuple[str, str]:
    if url.startswith("sqlite"):
        with sqlite3.connect(url.removeprefix("sqlite:///"), timeout=30) as base:
            return base.execute("SELECT statut, etape FROM taches_tache WHERE id = ?", (pk,)).fetchone()
    connection.close()
    return tuple(Tache.objects.filter(pk=pk).values_list("statut", "etape").get())


def test_un_worker_tue_pendant_l_ecriture_laisse_les_donnees_comme_avant(client, territoire, alice, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(alice)
    petit, petit_ul = _stock(tmp_path, 20)
    call_command("sirene", "import", str(petit), "--unites-legales", str(petit_ul), "--sans-progression",
                 stdout=io.StringIO())
    avant = _recensement()
    imports_avant = ImportSirene.objects.count()
    grand, grand_ul = _stock(tmp_path, 30000, debut=1)
    tache = _televerser(client, territoire, grand, grand_ul)
    with base_partagee(tmp_path) as url:
        env = env_processus(tmp_path, url)
        worker = subprocess.Popen([sys.executable, "-m", "territoire.cli", "worker", "--intervalle", "0.2"], env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        try:
            limite = time.monotonic() + 240
            etat = ("", "")
            while time.monotonic() < limite:
                etat = _etat(url, tache.pk)
                if etat[1].startswith("Écriture"):
                    break
                assert worker.poll() is None, worker.stdout.read().decode()
                time.sleep(0.05)
            assert etat[1].startswith("Écriture"), f"l'écriture n'a pas commencé : {etat}"
            time.sleep(0.3)
            os.kill(worker.pid, signal.SIGKILL)
            worker.wait(timeout=30)
        finally:
            if worker.poll() is None:
                worker.kill()
                worker.wait()
            worker.stdout.close()
        assert _etat(url, tache.pk)[0] == Tache.Statut.EN_COURS
        # The next worker (or the job's page) sees the dead process and says so.
        territoire_cli("worker", "--une-fois", env=env)
    tache.refresh_from_db()
    assert tache.statut == Tache.Statut.ECHOUEE
    assert f"{socket.gethostname()}:{worker.pid}" in tache.message and "Écriture du recensement" in tache.message
    assert "Les données sont restées dans leur état précédent" in tache.message
    assert _recensement() == avant, "le recensement doit être exactement celui d'avant"
    assert ImportSirene.objects.count() == imports_avant
    if settings.TERRITOIRE_FILE_TACHES == "base":
        from django_tasks_db.models import DBTaskResult

        assert DBTaskResult.objects.get(id=tache.id_file).status == "FAILED"


def _redis_joignable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


def test_la_file_redis_execute_les_taches_comme_la_file_en_base(territoire, tmp_path, settings):
    if not _redis_joignable():
        if os.environ.get("CI"):
            pytest.fail("Redis ne répond pas sur 127.0.0.1:6379 : .ci/run doit le démarrer.")
        pytest.skip("Redis ne répond pas sur 127.0.0.1:6379.")
    import redis

    redis.Redis.from_url("redis://127.0.0.1:6379/13").flushdb()
    with base_partagee(tmp_path) as url:
        env = env_processus(tmp_path, url, TERRITOIRE_FILE_TACHES="redis", REDIS_URL="redis://127.0.0.1:6379/13")
        sortie = territoire_cli("planifier", "relances", "--territoire", territoire.slug, env=env).stdout
        assert "en file" in sortie
        assert redis.Redis.from_url("redis://127.0.0.1:6379/13").llen("rq:queue:default") == 1
        territoire_cli("worker", "--une-fois", env=env)
    tache = Tache.objects.get()
    assert tache.statut == Tache.Statut.REUSSIE and tache.message == "0 relance(s) envoyée(s)."
    assert tache.origine == "planificateur" and tache.id_file
