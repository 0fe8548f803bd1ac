"""Load on loopback: the production server beside Django's development server, same run.

A bounded closed loop: N virtual visitors (20, then 50), each with its own keep-alive
connection and cookies, send a request, wait for the answer, send the next, for `--duree`
seconds, on the demo territory. The mix is what visitors and partners' tools do:

    public home · directory search · establishment pages · the map page and its three GeoJSON
    layers (half of the visitors already hold the layer and send If-None-Match) · API lists ·
    desk submissions (the form, then the POST)

Each level is preceded by a warm-up (`--chauffe` seconds, not measured). Each server and each
level runs on its own copy of the demo database (a server started for it), so that the
submissions of one run do not weigh on the next: the key figures count the desk's requests and
the network's organisations that thousands of submissions add. Figures: requests per second, p50 / p95 / p99 latency, errors (any status other than
200, 302 after a submission, 304 for a known layer) and timeouts, per server, level and kind
of request; the ratio production / development at each level. Goals (issue 11) at 50 users on
the production server: 0 errors, p95 < 300 ms, at least 150 requests/s. PASS / FAIL is
printed; nothing is asserted. The machine's load average is printed beside the figures: on a
shared machine, absolute figures move with it, ratios much less.

    python bench/charge.py [--utilisateurs 20,50] [--duree 120] [--chauffe 15]
                           [--serveurs serve,runserver] [--reconstruire]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.parse
from collections import defaultdict
from pathlib import Path

BANC = Path(__file__).resolve().parent
RACINE = BANC.parent
sys.path.insert(0, str(RACINE))

from tests.exploitation.serveur import serveur  # noqa: E402

SORTIE = BANC / "out" / "charge"
SLUG = "bethune-bruay"
CLE = "banc-de-charge-" + "k" * 50
ATTENDUS = {200, 302, 304}
# Weights of the mix (a desk submission is two requests: the form, then the POST).
MELANGE = {
    "accueil": 14, "annuaire": 18, "etablissement": 20, "carte": 4, "couche": 14, "api": 22, "guichet": 4,
}


# -- the demo database -------------------------------------------------------------------------
def construire_demo(reconstruire: bool) -> Path:
    base = SORTIE / "demo" / "territoire.sqlite3"
    if base.exists() and not reconstruire:
        return base
    dossier = base.parent
    shutil.rmtree(dossier, ignore_errors=True)
    dossier.mkdir(parents=True)
    env = {**os.environ, "TERRITOIRE_DATA_DIR": str(dossier), "DATABASE_URL": f"sqlite:///{base}",
           "TERRITOIRE_DEMO": "1"}
    print("Construction du territoire de démonstration (une fois, en cache)…", flush=True)
    for commande in (["migrate", "--no-input"], ["demo"]):
        subprocess.run([sys.executable, "-m", "territoire.cli", *commande], env=env, check=True, cwd=RACINE,
                       stdout=subprocess.DEVNULL)
    return base


def copie_de_travail(base: Path, nom: str) -> Path:
    dossier = SORTIE / nom
    shutil.rmtree(dossier, ignore_errors=True)
    dossier.mkdir(parents=True)
    source = sqlite3.connect(base)
    cible = sqlite3.connect(dossier / "territoire.sqlite3")
    source.backup(cible)
    cible.execute("PRAGMA journal_mode=WAL")
    cible.close()
    source.close()
    return dossier


def donnees_du_melange(base: Path) -> dict:
    """What the visitors ask for: diffusible establishments, words and codes to search for,
    the commune and subject of the desk form."""
    with sqlite3.connect(base) as con:
        territoire = con.execute("SELECT id FROM referentiel_territoire WHERE slug = ?", (SLUG,)).fetchone()[0]
        communes = [r[0] for r in con.execute(
            "SELECT commune_id FROM referentiel_territoire_communes WHERE territoire_id = ?", (territoire,))]
        place = ",".join("?" * len(communes))
        sirets = [r[0] for r in con.execute(
            f"SELECT siret FROM etablissements_etablissement WHERE statut_diffusion = 'O' AND commune_id IN ({place})",
            communes)]
        nafs = [r[0] for r in con.execute(
            f"SELECT DISTINCT naf FROM etablissements_etablissement WHERE commune_id IN ({place}) LIMIT 40", communes)]
        sujet = con.execute("SELECT id FROM guichet_sujet ORDER BY id LIMIT 1").fetchone()[0]
    mots = ["atelier", "mecanique", "plast", "metal", "transport", "bois", "boulang", "elec", "soud", "industrie"]
    return {"sirets": sirets, "nafs": nafs, "mots": mots, "commune": communes[0], "sujet": sujet}


# -- a small HTTP/1.1 client over asyncio streams (keep-alive, cookies, gzip asked) ----------------
class Visiteur:
    def __init__(self, port: int) -> None:
        self.port = port
        self.lecteur = self.ecrivain = None
        self.cookies: dict[str, str] = {}
        self.etags: dict[str, str] = {}

    async def _connecter(self) -> None:
        self.lecteur, self.ecrivain = await asyncio.open_connection("127.0.0.1", self.port)

    async def fermer(self) -> None:
        if self.ecrivain is not None:
            self.ecrivain.close()
            try:
                await self.ecrivain.wait_closed()
            except (ConnectionError, OSError):
                pass  # the server closed first: nothing left to close
        self.lecteur = self.ecrivain = None

    async def requete(self, chemin: str, donnees: dict | None = None, entetes: dict | None = None) -> tuple[int, dict, bytes]:
        for essai in range(2):
            if self.ecrivain is None:
                await self._connecter()
            try:
                return await self._une(chemin, donnees, entetes or {})
            except (ConnectionError, asyncio.IncompleteReadError):
                await self.fermer()
                if essai:
                    raise
        raise AssertionError("inaccessible")

    async def _une(self, chemin, donnees, entetes) -> tuple[int, dict, bytes]:
        corps = urllib.parse.urlencode(donnees).encode() if donnees is not None else b""
        lignes = [f"{'POST' if donnees is not None else 'GET'} {chemin} HTTP/1.1", f"Host: 127.0.0.1:{self.port}",
                  "Accept-Encoding: gzip", "User-Agent: banc-de-charge"]
        if self.cookies:
            lignes.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        if donnees is not None:
            lignes += ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(corps)}",
                       f"Referer: http://127.0.0.1:{self.port}{chemin}"]
        lignes += [f"{k}: {v}" for k, v in entetes.items()]
        self.ecrivain.write(("\r\n".join(lignes) + "\r\n\r\n").encode() + corps)
        await self.ecrivain.drain()
        statut_ligne = await self.lecteur.readline()
        if not statut_ligne:
            raise ConnectionError("connexion fermée")
        statut = int(statut_ligne.split()[1])
        reponse: dict[str, str] = {}
        while True:
            ligne = (await self.lecteur.readline()).decode("latin-1").rstrip("\r\n")
            if not ligne:
                break
            nom, _, valeur = ligne.partition(":")
            nom, valeur = nom.strip().lower(), valeur.strip()
            if nom == "set-cookie":
                cookie = valeur.split(";", 1)[0]
                k, _, v = cookie.partition("=")
                self.cookies[k] = v
            else:
                reponse[nom] = valeur
        if statut == 304 or statut < 200 or statut == 204:
            contenu = b""
        elif reponse.get("transfer-encoding", "").lower() == "chunked":
            contenu = b""
            while True:
                taille = int((await self.lecteur.readline()).split(b";")[0], 16)
                if taille == 0:
                    await self.lecteur.readline()
                    break
                contenu += await self.lecteur.readexactly(taille)
                await self.lecteur.readline()
        elif "content-length" in reponse:
            contenu = await self.lecteur.readexactly(int(reponse["content-length"]))
        else:
            contenu = await self.lecteur.read()
            await self.fermer()
        if reponse.get("connection", "").lower() == "close":
            await self.fermer()
        return statut, reponse, contenu


# -- the visitors' loop ------------------------------------------------------------------------
class Mesures:
    def __init__(self) -> None:
        self.durees: dict[str, list[float]] = defaultdict(list)
        self.erreurs: dict[str, list[str]] = defaultdict(list)
        self.du_cache: dict[str, int] = defaultdict(int)

    def noter(self, genre: str, debut: float, statut: int | str, reponse: dict | None = None) -> None:
        self.durees[genre].append(time.perf_counter() - debut)
        if statut not in ATTENDUS:
            self.erreurs[genre].append(str(statut))
        if reponse and reponse.get("x-territoire-cache") == "memoire":
            self.du_cache[genre] += 1  # a public page served from the cache (pages_en_cache.py)


def tirer(genre: str, d: dict, alea: random.Random) -> str:
    """The path a visitor of this kind asks for (the desk: its form)."""
    base = f"/{SLUG}"
    if genre == "accueil":
        return f"{base}/"
    if genre == "annuaire":
        terme = alea.choice(d["mots"] + d["nafs"])
        return f"{base}/etablissements/?q={urllib.parse.quote(terme)}"
    if genre == "etablissement":
        return f"{base}/etablissements/{alea.choice(d['sirets'])}/"
    if genre == "carte":
        return f"{base}/etablissements/carte/"
    if genre == "couche":
        couche = alea.choice(["communes.geojson", "zones.geojson", "etablissements.geojson",
                              "etablissements.geojson?tous=true"])
        return f"/api/v1/territoires/{SLUG}/{couche}"
    if genre == "api":
        return alea.choice([
            f"/api/v1/territoires/{SLUG}/etablissements?taille=50&page={alea.randint(1, 20)}",
            f"/api/v1/territoires/{SLUG}/etablissements?q={alea.choice(d['mots'])}",
            f"/api/v1/territoires/{SLUG}/chiffres", f"/api/v1/territoires/{SLUG}/dispositifs",
            f"/api/v1/territoires/{SLUG}/etablissements/{alea.choice(d['sirets'])}",
        ])
    return f"{base}/guichet/deposer/"


def saisie_du_guichet(jeton: str, d: dict, alea: random.Random) -> dict:
    numero = alea.randint(1, 10**9)
    return {
        "csrfmiddlewaretoken": jeton, "entreprise": f"Atelier du banc {numero}", "siret": "",
        "commune": d["commune"], "sujet": d["sujet"],
        "description": f"Besoin {numero} : deux soudeurs pour le printemps prochain.",
        "prenom": "Camille", "nom": "Banc", "fonction": "", "email": f"banc{numero}@atelier.example",
        "telephone": "", "consentement": "on", "site_internet": "",
    }


async def une_action(v: Visiteur, genre: str, d: dict, m: Mesures, alea: random.Random) -> None:
    chemin = tirer(genre, d, alea)
    if genre == "couche":
        entetes = {"If-None-Match": v.etags[chemin]} if chemin in v.etags and alea.random() < 0.5 else {}
        debut = time.perf_counter()
        statut, reponse, _ = await v.requete(chemin, entetes=entetes)
        if "etag" in reponse:
            v.etags[chemin] = reponse["etag"]
        m.noter("couche", debut, statut, reponse)
        return
    if genre == "guichet":  # the form, then the submission
        debut = time.perf_counter()
        statut, reponse, page = await v.requete(chemin)
        m.noter("guichet-formulaire", debut, statut, reponse)
        trouve = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if statut != 200 or not trouve:
            m.erreurs["guichet"].append(f"formulaire {statut}")
            return
        saisie = saisie_du_guichet(trouve.group(1).decode(), d, alea)
        debut = time.perf_counter()
        statut, _, _ = await v.requete(chemin, saisie)
        m.noter("guichet-depot", debut, statut if statut == 302 else f"{statut} (dépôt)")
        return
    debut = time.perf_counter()
    statut, reponse, _ = await v.requete(chemin)
    m.noter(genre, debut, statut, reponse)


async def visiteur(port: int, fin: float, d: dict, m: Mesures, graine: int) -> None:
    alea = random.Random(graine)
    v = Visiteur(port)
    genres, poids = zip(*MELANGE.items(), strict=True)
    try:
        while time.monotonic() < fin:
            genre = alea.choices(genres, poids)[0]
            try:
                await asyncio.wait_for(une_action(v, genre, d, m, alea), timeout=60)
            except (TimeoutError, ConnectionError, OSError, asyncio.IncompleteReadError) as exc:
                m.erreurs[genre].append(type(exc).__name__)
                await v.fermer()
    finally:
        await v.fermer()


async def charger(port: int, utilisateurs: int, duree: float, d: dict, graine: int) -> tuple[Mesures, float]:
    m = Mesures()
    debut = time.monotonic()
    await asyncio.gather(*(visiteur(port, debut + duree, d, m, graine * 1000 + i) for i in range(utilisateurs)))
    return m, time.monotonic() - debut


def quantile(valeurs: list[float], q: float) -> float:
    if not valeurs:
        return float("nan")
    triees = sorted(valeurs)
    return triees[min(len(triees) - 1, int(q * len(triees)))]


def resume(m: Mesures, ecoule: float) -> dict:
    toutes = [x for v in m.durees.values() for x in v]
    erreurs = sum(len(e) for e in m.erreurs.values())
    return {
        "requetes": len(toutes), "par_seconde": round(len(toutes) / ecoule, 1),
        "p50_ms": round(quantile(toutes, 0.50) * 1000, 1), "p95_ms": round(quantile(toutes, 0.95) * 1000, 1),
        "p99_ms": round(quantile(toutes, 0.99) * 1000, 1), "max_ms": round(max(toutes, default=0) * 1000, 1),
        "erreurs": erreurs, "exemples_erreurs": {g: e[:5] for g, e in m.erreurs.items() if e},
        "par_genre": {g: {"n": len(v), "p50_ms": round(quantile(v, 0.5) * 1000, 1),
                          "p95_ms": round(quantile(v, 0.95) * 1000, 1),
                          "part_du_cache": round(m.du_cache[g] / len(v), 3)} for g, v in sorted(m.durees.items())},
        "charge_machine": os.getloadavg()[0],
    }


def mesurer_serveur(commande: str, base: Path, d: dict, niveaux: list[int], duree: float, chauffe: float) -> dict:
    """Each level on its own copy of the demo and its own server: the thousands of desk
    submissions of one level (and the network's organisations they create, which the key
    figures count) do not weigh on the next level's figures."""
    resultats = {}
    for niveau in niveaux:
        resultats.update(_mesurer_niveau(commande, base, d, niveau, duree, chauffe))
    return resultats


def _mesurer_niveau(commande: str, base: Path, d: dict, niveau: int, duree: float, chauffe: float) -> dict:
    dossier = copie_de_travail(base, f"travail-{commande}")
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "TERRITOIRE_DEMO"}}
    env.update({
        "SECRET_KEY": CLE, "TERRITOIRE_DATA_DIR": str(dossier), "DATABASE_URL": f"sqlite:///{dossier / 'territoire.sqlite3'}",
        "ALLOWED_HOSTS": "127.0.0.1,localhost", "GUICHET_DEPOTS_PAR_HEURE": "1000000", "LOG_LEVEL": "ERROR",
        "DJANGO_SETTINGS_MODULE": "territoire.settings",
    })
    # The operator's explicit step before serving: the demo copy may predate new migrations.
    subprocess.run([sys.executable, "-m", "territoire.cli", "migrate", "--no-input", "-v0"], env=env, check=True, cwd=RACINE)
    if commande == "granian":
        # `territoire serve` collects the static files itself; granian is started bare.
        env["TERRITOIRE_STATIQUES_COLLECTES"] = "1"
        subprocess.run([sys.executable, "-m", "territoire.cli", "collectstatic", "--no-input", "-v0"], env=env,
                       check=True, cwd=RACINE)
    resultats = {}
    with serveur(env, commande=commande, journal=dossier / "serveur.log", attente=600) as url:
        port = int(url.rsplit(":", 1)[1])
        if chauffe:
            asyncio.run(charger(port, niveau, chauffe, d, graine=niveau + 7))
        m, ecoule = asyncio.run(charger(port, niveau, duree, d, graine=niveau))
        resultats[niveau] = resume(m, ecoule)
        r = resultats[niveau]
        print(f"  {commande:<9} {niveau:>3} visiteurs : {r['par_seconde']:>6} req/s  p50 {r['p50_ms']:>7} ms  "
              f"p95 {r['p95_ms']:>7} ms  p99 {r['p99_ms']:>7} ms  erreurs {r['erreurs']}  "
              f"(charge machine {r['charge_machine']:.1f})", flush=True)
    return resultats


# -- CPU time per request, in this process (independent of the machine's load) ---------------------
def cout_cpu(base: Path, d: dict, actions: int) -> dict:
    """CPU time of each kind of request of the mix, in this process, through Django's test client
    as an anonymous visitor, on its own copy of the demo: the figure a shared machine's load does
    not distort (a busy machine slows the wall clock, not the CPU a request needs). Two states:

    - « à froid »: the cache emptied before each request (what a request costs when nothing is
      kept: the first visitor after a change of the data it reads);
    - « en régime »: `actions` actions drawn from the mix (desk submissions included, which renew
      their own domains' tokens), after as many for warm-up.

    Ratios to a baseline measured the same way (the sign-in page: same base template and
    middleware, no data). The mix's mean CPU per request gives an upper bound of the throughput
    this machine's cores could serve (cores × 1000 / mean ms), whatever the other processes do."""
    dossier = copie_de_travail(base, "travail-cpu")
    for cle in ("DEBUG", "TERRITOIRE_DEMO"):
        os.environ.pop(cle, None)
    os.environ.update({
        "SECRET_KEY": CLE, "TERRITOIRE_DATA_DIR": str(dossier), "DATABASE_URL": f"sqlite:///{dossier / 'territoire.sqlite3'}",
        "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost", "GUICHET_DEPOTS_PAR_HEURE": "1000000", "LOG_LEVEL": "ERROR",
        "DJANGO_SETTINGS_MODULE": "territoire.settings",
    })
    subprocess.run([sys.executable, "-m", "territoire.cli", "migrate", "--no-input", "-v0"], check=True, cwd=RACINE)
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    client = Client(HTTP_ACCEPT_ENCODING="gzip")
    compte = [0]

    def compter(execute, sql, params, many, context):
        compte[0] += 1
        return execute(sql, params, many, context)

    def une(chemin: str, donnees: dict | None = None, entetes: dict | None = None):
        compte[0] = 0
        debut_cpu, debut = time.process_time(), time.perf_counter()
        with connection.execute_wrapper(compter):
            if donnees is None:
                reponse = client.get(chemin, headers=entetes or {})
            else:
                reponse = client.post(chemin, donnees)
        return reponse, (time.process_time() - debut_cpu) * 1000, (time.perf_counter() - debut) * 1000, compte[0]

    def mediane(valeurs):
        return round(sorted(valeurs)[len(valeurs) // 2], 2) if valeurs else float("nan")

    connexion = reverse("comptes:connexion")
    for _ in range(3):
        une(connexion)
    socle = mediane([une(connexion)[1] for _ in range(30)])

    # « à froid »: every kind, the cache emptied before each request.
    froid: dict[str, dict] = {}
    alea = random.Random(3)
    for genre in MELANGE:
        cpus, sql = [], []
        for _ in range(5):
            cache.clear()
            reponse, cpu, _, n = une(tirer(genre, d, alea))
            if genre == "guichet":
                jeton = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', reponse.content.decode()).group(1)
                cache.clear()
                reponse, cpu, _, n = une(tirer(genre, d, alea), saisie_du_guichet(jeton, d, alea))
            cpus.append(cpu)
            sql.append(n)
        froid["guichet-depot" if genre == "guichet" else genre] = {"cpu_ms": mediane(cpus), "sql": mediane(sql)}

    # « en régime »: the mix, as the visitors of the load bench draw it.
    genres, poids = zip(*MELANGE.items(), strict=True)
    etags: dict[str, str] = {}

    def passer(nombre: int, graine: int) -> dict[str, list[tuple[float, int]]]:
        alea = random.Random(graine)
        notes: dict[str, list[tuple[float, int]]] = defaultdict(list)
        for _ in range(nombre):
            genre = alea.choices(genres, poids)[0]
            chemin = tirer(genre, d, alea)
            if genre == "guichet":
                reponse, cpu, _, n = une(chemin)
                notes["guichet-formulaire"].append((cpu, n))
                jeton = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', reponse.content.decode()).group(1)
                reponse, cpu, _, n = une(chemin, saisie_du_guichet(jeton, d, alea))
                notes["guichet-depot"].append((cpu, n))
                assert reponse.status_code == 302, reponse.status_code
                continue
            entetes = {"If-None-Match": etags[chemin]} if genre == "couche" and chemin in etags and alea.random() < 0.5 else {}
            reponse, cpu, _, n = une(chemin, entetes=entetes)
            assert reponse.status_code in ATTENDUS, (chemin, reponse.status_code)
            if reponse.has_header("ETag"):
                etags[chemin] = reponse["ETag"]
            notes[genre].append((cpu, n))
        return notes

    cache.clear()
    passer(actions, 11)
    notes = passer(actions, 12)
    regime = {g: {"n": len(v), "cpu_ms": mediane([c for c, _ in v]), "cpu_moyen_ms": round(sum(c for c, _ in v) / len(v), 2),
                  "sql": mediane([n for _, n in v])} for g, v in sorted(notes.items())}
    toutes = [c for v in notes.values() for c, _ in v]
    moyenne = sum(toutes) / len(toutes)
    return {"socle_cpu_ms": socle, "froid": froid, "regime": regime, "cpu_moyen_ms": round(moyenne, 2),
            "plafond_req_s": round((os.cpu_count() or 1) * 1000 / moyenne, 1),
            "charge_machine": os.getloadavg(), "actions": actions}


def afficher_cpu(r: dict) -> None:
    socle = r["socle_cpu_ms"]
    print(f"Temps CPU par requête (ce processus, visiteur anonyme ; socle : page de connexion {socle} ms CPU ; "
          f"charge de la machine {r['charge_machine'][0]:.1f})")
    print(f"  {'genre':<20} {'à froid':>10} {'× socle':>8} {'SQL':>5}   {'en régime':>10} {'moyen':>8} {'× socle':>8} {'SQL':>5} {'n':>5}")
    for genre in sorted(set(r["froid"]) | set(r["regime"])):
        f, g = r["froid"].get(genre), r["regime"].get(genre)
        gauche = f"{f['cpu_ms']:>8.1f}ms {f['cpu_ms'] / socle:>7.1f}× {f['sql']:>5}" if f else " " * 26
        droite = (f"{g['cpu_ms']:>8.1f}ms {g['cpu_moyen_ms']:>6.1f}ms {g['cpu_moyen_ms'] / socle:>7.1f}× {g['sql']:>5} {g['n']:>5}"
                  if g else "")
        print(f"  {genre:<20} {gauche}   {droite}")
    print(f"  mélange en régime : {r['cpu_moyen_ms']} ms CPU par requête en moyenne, soit au plus {r['plafond_req_s']} "
          f"requêtes/s sur {os.cpu_count()} cœurs entièrement libres")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--utilisateurs", default="20,50", help="niveaux de visiteurs simultanés (20,50)")
    parser.add_argument("--duree", type=float, default=120, help="secondes mesurées par niveau (120)")
    parser.add_argument("--chauffe", type=float, default=15, help="secondes de chauffe non mesurées avant chaque niveau (15)")
    parser.add_argument("--serveurs", default="serve,runserver",
                        help="serve (production), runserver (développement), granian (comparaison de l'ADR 0006)")
    parser.add_argument("--reconstruire", action="store_true", help="reconstruit le territoire de démonstration")
    parser.add_argument("--cpu", type=int, default=0, metavar="ACTIONS",
                        help="mesure seulement le temps CPU par requête de chaque genre dans ce processus "
                             "(ACTIONS actions du mélange en régime, après autant de chauffe)")
    parser.add_argument("--dossier", type=Path, default=None,
                        help="dossier de la démonstration et des copies de travail (bench/out/charge)")
    args = parser.parse_args()
    global SORTIE
    SORTIE = args.dossier or SORTIE
    # Stopped from outside (SIGTERM), the bench still stops the server it started.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    niveaux = [int(n) for n in args.utilisateurs.split(",")]
    if max(niveaux) > 200 or args.duree > 900:
        parser.error("banc borné : 200 visiteurs et 900 secondes par niveau au plus")
    base = construire_demo(args.reconstruire)
    d = donnees_du_melange(base)
    if args.cpu:
        r = cout_cpu(base, d, args.cpu)
        afficher_cpu(r)
        (BANC / "out").mkdir(exist_ok=True)
        (BANC / "out" / "charge_cpu.json").write_text(json.dumps(r, ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"Chiffres complets : {BANC / 'out' / 'charge_cpu.json'}")
        return
    print(f"Banc de charge : {len(d['sirets'])} établissements diffusibles, niveaux {niveaux}, {args.duree:.0f} s "
          f"par niveau, {os.cpu_count()} cœurs, charge de la machine {os.getloadavg()[0]:.1f}", flush=True)
    resultats = {}
    for commande in args.serveurs.split(","):
        resultats[commande] = mesurer_serveur(commande, base, d, niveaux, args.duree, args.chauffe)
    rapport = {"niveaux": niveaux, "duree_s": args.duree, "melange": MELANGE, "resultats": resultats,
               "coeurs": os.cpu_count()}
    if "serve" in resultats and "runserver" in resultats:
        rapport["rapports"] = {
            n: {"debit": round(resultats["serve"][n]["par_seconde"] / max(resultats["runserver"][n]["par_seconde"], 0.1), 2),
                "p95": round(resultats["runserver"][n]["p95_ms"] / max(resultats["serve"][n]["p95_ms"], 0.1), 2)}
            for n in niveaux
        }
        for n, r in rapport["rapports"].items():
            print(f"  {n} visiteurs : production / développement = {r['debit']} × le débit, p95 {r['p95']} × plus court")
    if "serve" in resultats:
        haut = resultats["serve"][max(niveaux)]
        objectifs = {
            "0 erreur": haut["erreurs"] == 0 and all(r["erreurs"] == 0 for r in resultats["serve"].values()),
            "p95 < 300 ms": haut["p95_ms"] < 300,
            "≥ 150 req/s": haut["par_seconde"] >= 150,
        }
        rapport["objectifs"] = objectifs
        for nom, atteint in objectifs.items():
            print(f"  {'PASS' if atteint else 'FAIL'}  {nom} ({max(niveaux)} visiteurs, serveur de production)")
    (BANC / "out").mkdir(exist_ok=True)
    (BANC / "out" / "charge.json").write_text(json.dumps(rapport, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"Chiffres complets : {BANC / 'out' / 'charge.json'}")


if __name__ == "__main__":
    main()
