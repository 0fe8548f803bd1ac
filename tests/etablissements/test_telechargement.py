"""`territoire sirene download`: against a real HTTP server started on 127.0.0.1 by the test.

The server serves a generated ZIP shaped like the official stock and can misbehave on
purpose: drop the connection mid-file, ignore Range, answer 404 or 500, lie about
Content-Length, change the file between two attempts.
"""

from __future__ import annotations

import io
import json
import random
import threading
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from territoire.etablissements.telechargement import ErreurTelechargement, telecharger

NOM = "StockEtablissement_utf8.zip"


def zip_stock(graine: int = 1, lignes: int = 4000, membres: tuple[str, ...] = ("StockEtablissement_utf8.csv",)) -> bytes:
    """A small ZIP of one CSV with the official first columns; random values so it does not compress to nothing."""
    hasard = random.Random(graine)
    texte = io.StringIO()
    texte.write("siren,nic,siret,codeCommuneEtablissement\n")
    for _ in range(lignes):
        siren = f"{hasard.randrange(10**9):09d}"
        nic = f"{hasard.randrange(10**5):05d}"
        texte.write(f"{siren},{nic},{siren}{nic},{hasard.randrange(1000, 96000):05d}\n")
    tampon = io.BytesIO()
    with zipfile.ZipFile(tampon, "w", zipfile.ZIP_DEFLATED) as archive:
        for nom in membres:
            archive.writestr(nom, texte.getvalue())
    return tampon.getvalue()


class Serveur:
    """A tiny HTTP server with switchable misbehaviours; records every request's Range header."""

    def __init__(self, contenu: bytes, *, etag: str = '"v1"'):
        self.contenu = contenu
        self.etag = etag
        self.accepte_range = True
        self.coupures = 0  # how many of the next responses stop halfway
        self.coupures_par_morceaux = 0  # same, in chunked transfer encoding (the client sees IncompleteRead)
        self.erreurs = []  # status codes to answer before serving normally
        self.surplus_annonce = 0  # bytes announced in Content-Length but never sent
        self.requetes: list[dict] = []
        serveur = self

        class Gestionnaire(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # keep the test output clean
                pass

            def do_GET(self):
                serveur.requetes.append(
                    {"chemin": self.path, "range": self.headers.get("Range"), "if_range": self.headers.get("If-Range")}
                )
                if serveur.erreurs:
                    code = serveur.erreurs.pop(0)
                    self.send_response(code)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                contenu = serveur.contenu
                debut = 0
                plage = self.headers.get("Range")
                if_range = self.headers.get("If-Range")
                if plage and serveur.accepte_range and (if_range is None or if_range == serveur.etag):
                    debut = int(plage.removeprefix("bytes=").split("-")[0])
                    if debut >= len(contenu):
                        self.send_response(416)
                        self.send_header("Content-Range", f"bytes */{len(contenu)}")
                        self.send_header("Content-Length", "0")
                        self.end_headers()
                        return
                    self.send_response(206)
                    self.send_header("Content-Range", f"bytes {debut}-{len(contenu) - 1}/{len(contenu)}")
                else:
                    self.send_response(200)
                corps = contenu[debut:]
                if serveur.coupures_par_morceaux:
                    serveur.coupures_par_morceaux -= 1
                    self.send_header("Transfer-Encoding", "chunked")
                    self.end_headers()
                    self.wfile.write(f"{len(corps):x}\r\n".encode() + corps[: len(corps) // 2])
                    self.wfile.flush()
                    self.close_connection = True
                    return
                self.send_header("Content-Length", str(len(corps) + serveur.surplus_annonce))
                self.send_header("ETag", serveur.etag)
                self.send_header("Content-Type", "application/zip")
                self.end_headers()
                if serveur.coupures:
                    serveur.coupures -= 1
                    self.wfile.write(corps[: len(corps) // 2])
                    self.wfile.flush()
                    self.close_connection = True
                    return
                self.wfile.write(corps)
                if serveur.surplus_annonce:
                    self.close_connection = True

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Gestionnaire)
        self.fil = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/insee-sirene/{NOM}"

    def __enter__(self):
        self.fil.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(autouse=True)
def _sans_proxy(monkeypatch):
    for nom in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(nom, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


@pytest.fixture
def contenu():
    return zip_stock()


def _appel(url, destination, **options):
    options.setdefault("pause", 0)
    options.setdefault("delai_reseau", 10)
    return telecharger(url, destination, **options)


def test_telechargement_complet_pose_le_zip_sous_son_nom_sans_fichier_partiel(tmp_path, contenu):
    with Serveur(contenu) as serveur:
        chemin = _appel(serveur.url, tmp_path)
    assert chemin == tmp_path / NOM
    assert chemin.read_bytes() == contenu
    assert sorted(p.name for p in tmp_path.iterdir()) == [NOM]
    assert serveur.requetes[0]["range"] is None


def test_destination_peut_etre_un_chemin_de_fichier(tmp_path, contenu):
    with Serveur(contenu) as serveur:
        chemin = _appel(serveur.url, tmp_path / "stock-du-mois.zip")
    assert chemin == tmp_path / "stock-du-mois.zip"
    assert chemin.read_bytes() == contenu


def test_coupure_au_milieu_reprend_avec_range_et_termine(tmp_path, contenu):
    with Serveur(contenu) as serveur:
        serveur.coupures = 1
        chemin = _appel(serveur.url, tmp_path)
    assert chemin.read_bytes() == contenu
    assert len(serveur.requetes) == 2
    recu_avant_coupure = len(contenu) // 2
    assert serveur.requetes[1]["range"] == f"bytes={recu_avant_coupure}-"
    assert serveur.requetes[1]["if_range"] == '"v1"'
    assert not (tmp_path / f"{NOM}.part").exists()


def test_coupure_au_milieu_d_un_envoi_par_morceaux_reprend_et_termine(tmp_path, contenu):
    with Serveur(contenu) as serveur:
        serveur.coupures_par_morceaux = 1
        chemin = _appel(serveur.url, tmp_path)
    assert chemin.read_bytes() == contenu
    assert len(serveur.requetes) == 2


def test_coupure_laisse_une_partie_que_l_appel_suivant_reprend(tmp_path, contenu):
    with Serveur(contenu) as serveur:
        serveur.coupures = 1
        with pytest.raises(ErreurTelechargement, match="relancez la même commande pour reprendre"):
            _appel(serveur.url, tmp_path, tentatives=1)
        assert not (tmp_path / NOM).exists()
        part = tmp_path / f"{NOM}.part"
        assert part.stat().st_size == len(contenu) // 2

        chemin = _appel(serveur.url, tmp_path)
    assert chemin.read_bytes() == contenu
    assert serveur.requetes[-1]["range"] == f"bytes={len(contenu) // 2}-"
    assert sorted(p.name for p in tmp_path.iterdir()) == [NOM]


def test_serveur_qui_ignore_range_fait_repartir_de_zero(tmp_path, contenu):
    with Serveur(contenu) as serveur:
        serveur.accepte_range = False
        serveur.coupures = 1
        chemin = _appel(serveur.url, tmp_path)
    assert chemin.read_bytes() == contenu  # not the first half twice
    assert serveur.requetes[1]["range"] is not None


def test_fichier_change_en_amont_entre_deux_appels_ne_melange_pas_deux_versions(tmp_path, contenu):
    nouveau = zip_stock(graine=2)
    with Serveur(contenu) as serveur:
        serveur.coupures = 1
        with pytest.raises(ErreurTelechargement):
            _appel(serveur.url, tmp_path, tentatives=1)
        serveur.contenu, serveur.etag = nouveau, '"v2"'
        chemin = _appel(serveur.url, tmp_path)
    assert chemin.read_bytes() == nouveau
    assert serveur.requetes[-1]["if_range"] == '"v1"'


def _partie(tmp_path, octets: bytes, url: str, **etat) -> None:
    """A part left by an earlier run, with its bookkeeping (address, validators)."""
    (tmp_path / f"{NOM}.part").write_bytes(octets)
    (tmp_path / f"{NOM}.part.json").write_text(json.dumps({"url": url, **etat}), encoding="utf-8")


def test_partie_deja_complete_est_terminee_sur_reponse_416(tmp_path, contenu):
    with Serveur(contenu) as serveur:
        _partie(tmp_path, contenu, serveur.url, etag='"v1"')
        chemin = _appel(serveur.url, tmp_path)
    assert chemin.read_bytes() == contenu
    assert serveur.requetes[0]["range"] == f"bytes={len(contenu)}-"
    assert len(serveur.requetes) == 1


def test_partie_plus_longue_que_le_fichier_est_jetee_et_le_telechargement_recommence(tmp_path, contenu):
    with Serveur(contenu) as serveur:
        _partie(tmp_path, contenu + b"restes d'un autre fichier", serveur.url, etag='"v1"')
        chemin = _appel(serveur.url, tmp_path)
    assert chemin.read_bytes() == contenu
    assert [r["range"] for r in serveur.requetes] == [f"bytes={len(contenu) + 25}-", None]


def test_partie_d_une_autre_adresse_n_est_jamais_reprise(tmp_path, contenu):
    with Serveur(contenu) as serveur:
        _partie(tmp_path, zip_stock(graine=3)[:5000], "http://miroir.invalid/" + NOM, etag='"v1"')
        chemin = _appel(serveur.url, tmp_path)
    assert chemin.read_bytes() == contenu
    assert serveur.requetes[0]["range"] is None


def test_partie_sans_suivi_n_est_jamais_reprise(tmp_path, contenu):
    (tmp_path / f"{NOM}.part").write_bytes(zip_stock(graine=3)[:5000])
    with Serveur(contenu) as serveur:
        chemin = _appel(serveur.url, tmp_path)
    assert chemin.read_bytes() == contenu
    assert serveur.requetes[0]["range"] is None


def test_taille_annoncee_demesuree_est_refusee_avant_d_ecrire(tmp_path, contenu):
    with Serveur(contenu) as serveur:
        serveur.surplus_annonce = 10**18
        with pytest.raises(ErreurTelechargement, match="Espace disque insuffisant.*--destination"):
            _appel(serveur.url, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_commande_sirene_download_appelle_le_telechargement(tmp_path, contenu):
    from django.core.management import call_command

    sortie = io.StringIO()
    with Serveur(contenu) as serveur:
        call_command("sirene", "download", "--url", serveur.url, "--destination", str(tmp_path),
                     "--sans-progression", stdout=sortie)
    assert (tmp_path / NOM).read_bytes() == contenu
    assert str(tmp_path / NOM) in sortie.getvalue()


def test_commande_sirene_download_echoue_avec_le_message_en_francais(tmp_path, contenu):
    from django.core.management import CommandError, call_command

    with Serveur(contenu) as serveur:
        serveur.erreurs = [404]
        with pytest.raises(CommandError, match="HTTP 404"):
            call_command("sirene", "download", "--url", serveur.url, "--destination", str(tmp_path),
                         "--sans-progression")
    assert list(tmp_path.iterdir()) == []


def test_erreur_404_donne_un_message_clair_et_aucun_fichier(tmp_path, contenu):
    with Serveur(contenu) as serveur:
        serveur.erreurs = [404]
        with pytest.raises(ErreurTelechargement) as erreur:
            _appel(serveur.url, tmp_path)
    message = str(erreur.value)
    assert "HTTP 404" in message and serveur.url in message and "--url" in message
    assert list(tmp_path.iterdir()) == []
    assert len(serveur.requetes) == 1  # a 404 is not retried


def test_erreur_serveur_passagere_est_reessayee(tmp_path, contenu):
    with Serveur(contenu) as serveur:
        serveur.erreurs = [503]
        chemin = _appel(serveur.url, tmp_path)
    assert chemin.read_bytes() == contenu
    assert len(serveur.requetes) == 2


def test_corps_tronque_avec_longueur_mensongere_est_refuse_sans_fichier_final(tmp_path, contenu):
    with Serveur(contenu) as serveur:
        serveur.surplus_annonce = 5000
        with pytest.raises(ErreurTelechargement) as erreur:
            _appel(serveur.url, tmp_path, tentatives=3)
    assert "inachevé" in str(erreur.value)
    assert f"{len(contenu) + 5000} annoncés" in str(erreur.value)
    assert not (tmp_path / NOM).exists()


def test_taille_attendue_differente_est_refusee_et_la_partie_supprimee(tmp_path, contenu):
    with Serveur(contenu) as serveur:
        with pytest.raises(ErreurTelechargement, match=f"{len(contenu) + 1} étaient attendus"):
            _appel(serveur.url, tmp_path, taille_attendue=len(contenu) + 1)
    assert list(tmp_path.iterdir()) == []


def test_taille_attendue_exacte_est_acceptee(tmp_path, contenu):
    with Serveur(contenu) as serveur:
        chemin = _appel(serveur.url, tmp_path, taille_attendue=len(contenu))
    assert chemin.stat().st_size == len(contenu)


def test_page_web_au_lieu_du_zip_est_refusee(tmp_path):
    with Serveur(b"<!doctype html><title>Maintenance</title>") as serveur:
        with pytest.raises(ErreurTelechargement, match="ni une archive ZIP ni un fichier Parquet"):
            _appel(serveur.url, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_zip_tronque_annonce_comme_complet_est_refuse(tmp_path, contenu):
    with Serveur(contenu[: len(contenu) - 200]) as serveur:
        with pytest.raises(ErreurTelechargement, match="ZIP illisible ou tronquée"):
            _appel(serveur.url, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_zip_qui_contient_autre_chose_qu_un_csv_est_refuse(tmp_path):
    with Serveur(zip_stock(membres=("lisez-moi.txt", "donnees.csv"))) as serveur:
        with pytest.raises(ErreurTelechargement, match="un seul fichier CSV.*lisez-moi.txt"):
            _appel(serveur.url, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_reseau_injoignable_dit_quoi_faire(tmp_path, contenu):
    with Serveur(contenu) as serveur:
        url = serveur.url
    # The server is shut: nothing listens on that port any more.
    with pytest.raises(ErreurTelechargement, match="Réseau injoignable.*127.0.0.1.*proxy"):
        _appel(url, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_dossier_de_destination_absent_est_signale(tmp_path, contenu):
    with pytest.raises(ErreurTelechargement, match="introuvable.*--destination"):
        _appel("http://127.0.0.1:9/StockEtablissement_utf8.zip", tmp_path / "absent" / "x.zip")


def test_adresse_non_http_est_refusee(tmp_path):
    with pytest.raises(ErreurTelechargement, match="http:// et https://"):
        _appel("file:///etc/passwd", tmp_path)


def test_barre_de_progression_sur_la_sortie_d_erreur(tmp_path, contenu, capsys):
    with Serveur(contenu) as serveur:
        _appel(serveur.url, tmp_path, progression=True)
    sortie = capsys.readouterr()
    assert NOM in sortie.err
    assert "100%" in sortie.err
    assert sortie.out == ""
