"""Concurrent writes: N visitors file the public desk form at the same instant, while readers
read pages, against the production server — SQLite as the platform configures it (WAL, busy
timeout, immediate transactions), SQLite as it was before (deferred transactions, rollback
journal, the old timeout), and PostgreSQL, in the same run.

Figures: filings that landed, HTTP errors, the time the last one took, readers' p95. The
"before" configuration is the baseline: the platform's must land every filing where it lost
some (issue 11 §3). Nothing is asserted; PASS / FAIL is printed.

    python bench/ecritures.py [--ecrivains 40] [--lecteurs 10] [--sans-postgresql]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

BANC = Path(__file__).resolve().parent
sys.path.insert(0, str(BANC.parent))

from bench.charge import CLE, RACINE, SLUG, construire_demo, copie_de_travail, donnees_du_melange  # noqa: E402
from tests.exploitation.serveur import Navigateur, serveur  # noqa: E402

AVANT = "?transaction_mode=DEFERRED&timeout=20&init_command=PRAGMA+journal_mode%3DDELETE"


def _env(dossier: Path, url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "TERRITOIRE_DEMO"}}
    env.update({"SECRET_KEY": CLE, "TERRITOIRE_DATA_DIR": str(dossier), "DATABASE_URL": url,
                "GUICHET_DEPOTS_PAR_HEURE": "1000000", "LOG_LEVEL": "ERROR", "TERRITOIRE_STATIQUES_COLLECTES": "0",
                "TERRITOIRE_WEB_PROCESSUS": "2", "TERRITOIRE_WEB_FILS": "8", "DJANGO_SETTINGS_MODULE": "territoire.settings"})
    return env


def mesurer(nom: str, env: dict, d: dict, ecrivains: int, lecteurs: int) -> dict:
    subprocess.run([sys.executable, "-m", "territoire.cli", "migrate", "--no-input", "-v0"], env=env, check=True, cwd=RACINE)
    deposer = f"/{SLUG}/guichet/deposer/"
    pages = [f"/{SLUG}/", f"/{SLUG}/etablissements/?q=atelier", "/sante/"]
    with serveur(env, attente=600) as base:
        depart = threading.Barrier(ecrivains)
        fini = threading.Event()

        def ecrire(numero: int):
            v = Navigateur(base)
            statut, page = v.requete(deposer)
            saisie = {"csrfmiddlewaretoken": v.jeton_csrf(page), "entreprise": f"Atelier {numero}", "siret": "",
                      "commune": d["commune"], "sujet": d["sujet"], "prenom": "Camille", "nom": f"Banc{numero}",
                      "description": f"Besoin {numero} : deux soudeurs pour le printemps prochain.", "fonction": "",
                      "email": f"banc{numero}@atelier.example", "telephone": "", "consentement": "on", "site_internet": ""}
            depart.wait(timeout=300)
            debut = time.perf_counter()
            statut, _ = v.requete(deposer, saisie, timeout=120)
            return statut, time.perf_counter() - debut

        def lire():
            v, durees = Navigateur(base), []
            while not fini.is_set() and len(durees) < 500:
                debut = time.perf_counter()
                v.requete(pages[len(durees) % len(pages)])
                durees.append(time.perf_counter() - debut)
            return durees

        with ThreadPoolExecutor(lecteurs) as pool_lecteurs:
            lectures = [pool_lecteurs.submit(lire) for _ in range(lecteurs)]
            with ThreadPoolExecutor(ecrivains) as pool:
                depots = list(pool.map(ecrire, range(ecrivains)))
            fini.set()
            durees = sorted(x for f in lectures for x in f.result())
    reussis = sum(1 for s, _ in depots if s == 302)
    resultat = {
        "depots": ecrivains, "arrives": reussis, "erreurs": ecrivains - reussis,
        "statuts": sorted({s for s, _ in depots}), "dernier_s": round(max(t for _, t in depots), 2),
        "lectures_p95_ms": round(durees[int(0.95 * (len(durees) - 1))] * 1000, 1) if durees else None,
        "charge_machine": os.getloadavg()[0],
    }
    print(f"  {nom:<22} {reussis}/{ecrivains} dépôts arrivés, statuts {resultat['statuts']}, le dernier en "
          f"{resultat['dernier_s']} s ; lectures p95 {resultat['lectures_p95_ms']} ms "
          f"(charge machine {resultat['charge_machine']:.1f})", flush=True)
    return resultat


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ecrivains", type=int, default=40)
    parser.add_argument("--lecteurs", type=int, default=10)
    parser.add_argument("--sans-postgresql", action="store_true")
    args = parser.parse_args()
    if args.ecrivains > 200 or args.lecteurs > 50:
        parser.error("banc borné : 200 écrivains et 50 lecteurs au plus")
    base = construire_demo(False)
    d = donnees_du_melange(base)
    print(f"Écritures concurrentes : {args.ecrivains} dépôts simultanés, {args.lecteurs} lecteurs", flush=True)
    resultats = {}
    for nom, suffixe in (("sqlite-avant", AVANT), ("sqlite-plateforme", "")):
        dossier = copie_de_travail(base, f"ecritures-{nom}")
        if suffixe:
            import sqlite3

            with sqlite3.connect(dossier / "territoire.sqlite3") as con:
                con.execute("PRAGMA journal_mode=DELETE")
        url = f"sqlite:///{dossier / 'territoire.sqlite3'}{suffixe}"
        resultats[nom] = mesurer(nom, _env(dossier, url), d, args.ecrivains, args.lecteurs)
    if not args.sans_postgresql:
        nom_base = f"banc_ecritures_{uuid.uuid4().hex[:8]}"
        dossier = copie_de_travail(base, "ecritures-postgresql")
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", nom_base], check=True)
        try:
            url = f"postgres://postgres@127.0.0.1:5432/{nom_base}"
            env = _env(dossier, url)
            subprocess.run([sys.executable, "-m", "territoire.cli", "migrate", "--no-input", "-v0"], env=env, check=True)
            subprocess.run([sys.executable, "-m", "territoire.cli", "demo"], env={**env, "TERRITOIRE_DEMO": "1"},
                           check=True, stdout=subprocess.DEVNULL)
            resultats["postgresql"] = mesurer("postgresql", env, d_postgresql(env), args.ecrivains, args.lecteurs)
        finally:
            subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", "--force", nom_base], check=False)
    plateforme = resultats["sqlite-plateforme"]
    print(f"  {'PASS' if plateforme['erreurs'] == 0 else 'FAIL'}  SQLite de la plateforme : chaque dépôt arrive "
          f"(avant : {resultats['sqlite-avant']['erreurs']} erreur(s) sur {args.ecrivains})")
    (BANC / "out").mkdir(exist_ok=True)
    (BANC / "out" / "ecritures.json").write_text(json.dumps(resultats, indent=1), encoding="utf-8")


def d_postgresql(env: dict) -> dict:
    """The desk form's commune and subject ids in the PostgreSQL copy (ids differ from SQLite's)."""
    code = ("import django, json; django.setup(); from territoire.referentiel.models import Territoire; "
            "from territoire.guichet.models import Sujet; t = Territoire.objects.get(slug='" + SLUG + "'); "
            "print(json.dumps({'commune': t.communes.order_by('pk').first().pk, 'sujet': Sujet.objects.order_by('pk').first().pk}))")
    sortie = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    return json.loads(sortie.strip().splitlines()[-1])


if __name__ == "__main__":
    main()
