"""Server time and SQL queries of the Region's and the State's pages for every territory.

On a database holding the 183 Territoires d'industrie 2023-2027 (``territoire init --ti tous``)
filled by one national pass (``territoire sirene import FICHIER --tous-les-territoires``), in this
process, through Django's test client as a national steering member: the page of all territories
side by side (``/pilotage/france/``), the region's page (``/pilotage/hauts-de-france/``), the map's
layer, the XLSX export, the comparison of 12 territories, and the open data (``/api/v1/territoires``,
the national GeoJSON). Median and 90th-percentile server
time (wall and CPU), SQL queries, ratio to the sign-in page (same middleware, no data). Target
(issue 13): under 300 ms server time for 183 territories, judged on CPU time (the machine is shared).

Each page is measured after each kind of change of the data, since the table of territories
(``indicateurs.tableau_memorise``) keeps its census's part apart from the steering's:

- ``froid``: cache cleared before every request (another process, or a restart); the census's
  figures come from the aggregates the last import wrote (``AgregatRecensement``);
- ``guichet``: a desk filing before every request (the tokens it renews: guichet, reseau);
- ``evenement``: an event before every request (the observatory's token);
- ``parcours``: the census's token renewed without aggregates (an establishment edited by the
  team, the filières' NAF rules): the scan of every establishment, as every cold page before;
- ``import``: right after an import (the census's token renewed, then the aggregates computed
  as at the end of every import, ``recensement.agreger``, timed apart: the import's extra cost);
- ``chaud``: the data unchanged since the previous request.

    python bench/pilotage_pages.py --base /chemin/territoire.sqlite3 [--repetitions 10]

Without ``--base``, builds bench/out/pilotage/territoire.sqlite3 once (migrate, init --ti tous,
national pass over the 1 M-row file of bench/sirene_generateur.py).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

BANC = Path(__file__).resolve().parent
RACINE = BANC.parent
SEUIL_MS = 300.0


def construire(base: Path) -> None:
    sys.path.insert(0, str(BANC))
    import sirene_generateur

    infos = sirene_generateur.generer(BANC / "out", 1_000_000, ["200072460"], 0.005)
    base.parent.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "TERRITOIRE_DATA_DIR": str(base.parent), "DATABASE_URL": f"sqlite:///{base}"}
    print("Base des 183 territoires remplie par une passe nationale (une fois, en cache)…", flush=True)
    for commande in (["migrate", "--no-input"], ["init", "--ti", "tous"],
                     ["sirene", "import", infos["fichiers"]["zip"], "--tous-les-territoires", "--sans-progression"]):
        subprocess.run([sys.executable, "-m", "territoire.cli", *commande], env=env, check=True, cwd=RACINE,
                       stdout=subprocess.DEVNULL)


def mesurer(client, chemin: str, repetitions: int, vider) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    murs, cpus, requetes = [], [], 0
    for _ in range(repetitions):
        vider()
        with CaptureQueriesContext(connection) as capture:
            debut, cpu = time.perf_counter(), time.process_time()
            reponse = client.get(chemin)
            murs.append((time.perf_counter() - debut) * 1000)
            cpus.append((time.process_time() - cpu) * 1000)
        if reponse.status_code != 200:
            raise SystemExit(f"{chemin} : {reponse.status_code}")
        requetes = len(capture)

    def p90(valeurs):
        return sorted(valeurs)[max(0, int(len(valeurs) * 0.9) - 1)]

    return {"chemin": chemin, "mur_ms": statistics.median(murs), "mur_p90_ms": p90(murs),
            "cpu_ms": statistics.median(cpus), "cpu_p90_ms": p90(cpus), "requetes": requetes,
            "octets": len(reponse.content)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Pages de la vue régionale et nationale (voir bench/README.md).")
    parser.add_argument("--base", type=Path, help="base SQLite des territoires (par défaut : construite en cache)")
    parser.add_argument("--repetitions", type=int, default=10)
    args = parser.parse_args(argv)
    base = args.base or BANC / "out" / "pilotage" / "territoire.sqlite3"
    if not base.exists():
        construire(base)
    os.environ["DATABASE_URL"] = f"sqlite:///{base.resolve()}"
    os.environ.setdefault("TERRITOIRE_DATA_DIR", str(base.resolve().parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "territoire.settings")
    sys.path.insert(0, str(RACINE))
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from territoire.observatoire.cache import invalider_chiffres
    from territoire.pilotage import recensement
    from territoire.pilotage.models import AgregatRecensement
    from territoire.referentiel.models import Territoire

    call_command("migrate", verbosity=0)  # a base built before the census's aggregates
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    n = Territoire.objects.filter(phase="2023-2027").count()
    etat, _ = get_user_model().objects.get_or_create(username="banc-etat", defaults={"first_name": "Banc"})
    from territoire.pilotage.actions import accorder_perimetre

    accorder_perimetre(etat, None, "Banc (État)")
    client = Client()
    client.force_login(etat)
    ti = list(Territoire.objects.filter(phase="2023-2027").order_by("id_ti").values_list("slug", flat=True)[:12])
    pages = [
        ("connexion (référence)", "/comptes/connexion/"),
        (f"côte à côte, France ({n} territoires)", "/pilotage/france/"),
        ("côte à côte, Hauts-de-France", "/pilotage/hauts-de-france/"),
        ("couche de la carte, France", "/pilotage/france/carte.geojson"),
        ("export XLSX, France", "/pilotage/france/export.xlsx"),
        ("comparaison de 12 territoires", "/pilotage/france/comparer/?" + "&".join(f"t={s}" for s in ti)),
        ("API /api/v1/territoires", "/api/v1/territoires"),
        ("GeoJSON national", "/api/v1/territoires.geojson"),
    ]
    agregats_cpu = []

    def apres_un_import():
        cache.clear()  # the import ran in another process: nothing in this one's cache holds
        invalider_chiffres("etablissements")  # what the run's save renews
        cpu = time.process_time()
        recensement.agreger()  # what the end of the import computes
        agregats_cpu.append((time.process_time() - cpu) * 1000)

    if not AgregatRecensement.objects.exists():
        print("Base sans agrégats du recensement (construite avant eux) : calculés une fois, comme à la fin "
              "d'un import.")
        recensement.agreger()
    modes = (
        ("froid", cache.clear),
        ("guichet", lambda: invalider_chiffres("guichet", "reseau")),
        ("evenement", lambda: invalider_chiffres("observatoire")),
        # The scan before the import: the import's aggregates then hold again for the next page.
        ("parcours", lambda: invalider_chiffres("etablissements")),
        ("import", apres_un_import),
        ("chaud", lambda: None),
    )
    print(f"Vue régionale et nationale — {n} territoires 2023-2027, charge moyenne {os.getloadavg()[0]:.1f}")
    print(f"  {'page':<42} {'':>9} {'CPU méd.':>9} {'CPU p90':>9} {'mur méd.':>9} {'requêtes':>9}")
    resultats = []
    for libelle, chemin in pages:
        client.get(chemin)  # warm-up: templates, imports
        for etat_cache, vider in modes:
            r = mesurer(client, chemin, args.repetitions, vider)
            r["libelle"], r["cache"] = libelle, etat_cache
            resultats.append(r)
            print(f"  {libelle:<42} {etat_cache:>9} {r['cpu_ms']:7.0f} ms {r['cpu_p90_ms']:7.0f} ms "
                  f"{r['mur_ms']:7.0f} ms {r['requetes']:9d}", flush=True)
    reference = resultats[0]["cpu_ms"] or 1
    if agregats_cpu:
        print(f"\nAgrégats du recensement à la fin d'un import (recensement.agreger, {n} territoires) : "
              f"{statistics.median(agregats_cpu):.0f} ms de CPU (médiane)")
    print("\nObjectifs (froid : cache vidé ; guichet, evenement : après un dépôt, un événement ; import : juste "
          "après un import ; parcours : sans agrégats, comme avant ; chaud : données inchangées)")
    for r in resultats[len(modes):]:
        etat_ = "PASS" if r["cpu_ms"] < SEUIL_MS else "FAIL"
        print(f"  {etat_}  {r['libelle']:<42} {r['cache']:>9} {r['cpu_ms']:.0f} ms CPU < {SEUIL_MS:.0f} ms "
              f"({r['cpu_ms'] / reference:.1f} × la page de connexion)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
