"""What the jobs do, run in this process (no worker, no progress thread): report, reminders,
purge, idempotence."""

from __future__ import annotations

import os
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from territoire.taches.actions import lancer_tache
from territoire.taches.execution import executer
from territoire.taches.models import Tache
from territoire.taches.purge import purger

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _medias(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DATA_DIR = tmp_path
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "televersements")
    Path(settings.FILE_UPLOAD_TEMP_DIR).mkdir()


def test_le_rapport_au_comite_est_un_fichier_telechargeable(client, territoire, alice, bruno):
    from tests.programme import factories

    factories.fiche(factories.phase(territoire), alice, statut_code="en-cours")
    tache = lancer_tache(Tache.Genre.RAPPORT_COMITE, territoire, parametres={
        "debut": "2026-01-01", "fin": "2026-12-31", "format": "docx"}, par=bruno)
    assert executer(tache.pk, fil=False) == Tache.Statut.REUSSIE
    tache.refresh_from_db()
    assert tache.fichier.endswith("-20260101-20261231.docx") and "Rapport au comité du 01/01/2026" in tache.message
    client.force_login(bruno)
    reponse = client.get(f"/{territoire.slug}/taches/{tache.pk}/fichier/")
    assert reponse.status_code == 200 and b"".join(reponse.streaming_content)[:2] == b"PK"
    assert reponse["Content-Disposition"].startswith("attachment;")


def test_une_tache_n_est_executee_qu_une_fois(territoire):
    tache = lancer_tache(Tache.Genre.RELANCES, territoire)
    assert executer(tache.pk, fil=False) == Tache.Statut.REUSSIE
    fin = Tache.objects.get(pk=tache.pk).fin
    assert executer(tache.pk, fil=False) == "deja"
    assert Tache.objects.get(pk=tache.pk).fin == fin


def test_sans_programme_le_rapport_echoue_avec_son_message(territoire):
    tache = lancer_tache(Tache.Genre.RAPPORT_COMITE, territoire, parametres={"debut": "2026-01-01", "fin": "2026-02-01"})
    assert executer(tache.pk, fil=False) == Tache.Statut.ECHOUEE
    assert Tache.objects.get(pk=tache.pk).message == "Aucune phase du programme sur ce territoire : rien à mettre dans un rapport."


def test_la_purge_retire_ce_qui_a_passe_la_retention_et_garde_le_reste(territoire, settings, tmp_path):
    vieille = Tache.objects.create(genre=Tache.Genre.RELANCES, territoire=territoire, statut=Tache.Statut.REUSSIE)
    active = Tache.objects.create(genre=Tache.Genre.IMPORT_SIRENE, territoire=territoire)
    recente = Tache.objects.create(genre=Tache.Genre.PURGE, statut=Tache.Statut.ECHOUEE)
    Tache.objects.filter(pk__in=[vieille.pk, active.pk]).update(creee_le=timezone.now() - timedelta(days=100))
    for t in (vieille, active, recente):
        (settings.MEDIA_ROOT / "taches" / str(t.pk)).mkdir(parents=True)
    ancien_mois = tmp_path / "sirene" / f"{timezone.localdate() - timedelta(days=120):%Y-%m}"
    ce_mois = tmp_path / "sirene" / f"{timezone.localdate():%Y-%m}"
    ancien_mois.mkdir(parents=True)
    ce_mois.mkdir(parents=True)
    abandonne = Path(settings.FILE_UPLOAD_TEMP_DIR) / "abc.upload"
    abandonne.write_bytes(b"x")
    deux_jours = time.time() - 2 * 24 * 3600
    os.utime(abandonne, (deux_jours, deux_jours))
    en_cours = Path(settings.FILE_UPLOAD_TEMP_DIR) / "def.upload"
    en_cours.write_bytes(b"x")

    bilan = purger(jours=90)
    assert set(Tache.objects.values_list("pk", flat=True)) == {active.pk, recente.pk}
    assert not (settings.MEDIA_ROOT / "taches" / str(vieille.pk)).exists()
    assert (settings.MEDIA_ROOT / "taches" / str(active.pk)).exists()
    assert not ancien_mois.exists() and ce_mois.exists()
    assert not abandonne.exists() and en_cours.exists()
    assert bilan.taches == 1 and bilan.dossiers == [ancien_mois.name] and bilan.televersements == 1
    assert bilan.message().startswith("Purge : 1 tâche(s) terminée(s)")


def test_le_stock_mensuel_est_telecharge_une_fois_puis_importe(territoire, settings, tmp_path):
    """The monthly job against a server on 127.0.0.1: download, import; the same month's second
    run imports the file already there without downloading it again."""
    import http.server
    import threading

    from territoire.etablissements.models import Etablissement
    from tests.etablissements import fichiers as f

    stock = f.ecrire_zip(tmp_path / "StockEtablissement_utf8.zip", [f.etablissement(i) for i in range(1, 25)])
    contenu = stock.read_bytes()
    demandes: list[str] = []

    class Miroir(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            demandes.append(self.path)
            self.send_response(200)
            self.send_header("Content-Length", str(len(contenu)))
            self.end_headers()
            self.wfile.write(contenu)

        def log_message(self, *args):
            return

    serveur = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Miroir)
    threading.Thread(target=serveur.serve_forever, daemon=True).start()
    try:
        parametres = {"url": f"http://127.0.0.1:{serveur.server_port}/StockEtablissement_utf8.zip", "unites_legales": False}
        tache = lancer_tache(Tache.Genre.SIRENE_MENSUEL, territoire, parametres=parametres, origine="planificateur")
        assert executer(tache.pk, fil=False) == Tache.Statut.REUSSIE, Tache.objects.get(pk=tache.pk).message
        assert Etablissement.objects.count() == 24 and len(demandes) == 1
        telecharge = settings.DATA_DIR / "sirene" / f"{timezone.localdate():%Y-%m}" / "StockEtablissement_utf8.zip"
        assert telecharge.read_bytes() == contenu
        seconde = lancer_tache(Tache.Genre.SIRENE_MENSUEL, territoire, parametres=parametres)
        assert executer(seconde.pk, fil=False) == Tache.Statut.REUSSIE
        assert len(demandes) == 1, "le stock du mois déjà complet n'est pas retéléchargé"
        assert "Import SIRENE terminé" in Tache.objects.get(pk=seconde.pk).message
    finally:
        serveur.shutdown()
