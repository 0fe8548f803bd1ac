"""The observatory's series page (and the watch list) on the demo territory: server time against
the sign-in page measured in the same process, and SQL queries, warm and cold.

Uses the demo database of `bench/pages.py` (bench/out/pages/, built once, cached; `--reconstruire`
rebuilds it). For each page: median wall and CPU time over `--repetitions` requests, SQL query
count, ratio to the baseline page (the sign-in page: same base template and middleware, no data);
"à chaud" is the page as readers get it between two imports (its body comes from the cache, under
the data version of ADR 0004); "à froid" empties the cache before every request (the first reader
after an import or an edit). Target (issue 12): under 100 ms server time with a constant number of
queries (the count is asserted by tests/observatoire/test_vues.py; here it is reported).

    python bench/observatoire_series.py [--repetitions 20] [--reconstruire] [--base FICHIER.sqlite3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

import pages  # noqa: I001 - sibling module: bench/ is the script's directory

BANC = Path(__file__).resolve().parent
SEUIL_MS = 100.0


def mesurer(client, chemin: str, repetitions: int, froid: bool) -> dict:
    from django.core.cache import cache
    from django.db import connection

    compte = 0

    def compter(execute, sql, params, many, context):
        nonlocal compte
        compte += 1
        return execute(sql, params, many, context)

    for _ in range(2):
        client.get(chemin)
    if froid:
        cache.clear()
    with connection.execute_wrapper(compter):
        reponse = client.get(chemin)
    murs, cpus = [], []
    for _ in range(repetitions):
        if froid:
            cache.clear()
        debut, debut_cpu = time.perf_counter(), time.process_time()
        client.get(chemin)
        murs.append((time.perf_counter() - debut) * 1000)
        cpus.append((time.process_time() - debut_cpu) * 1000)
    return {"statut": reponse.status_code, "requetes_sql": compte, "mediane_ms": statistics.median(murs),
            "cpu_mediane_ms": statistics.median(cpus), "octets": len(reponse.content)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repetitions", type=int, default=20)
    parser.add_argument("--reconstruire", action="store_true")
    parser.add_argument("--sortie", type=Path, default=BANC / "out")
    parser.add_argument("--base", type=Path, help="base SQLite de démonstration déjà construite (par défaut : celle du banc des pages)")
    args = parser.parse_args(argv)
    if args.base is None:
        dossier = args.sortie / "pages"
        pages.construire_demo(dossier, args.reconstruire)
        args.base = dossier / "territoire.sqlite3"
    os.environ["TERRITOIRE_DATA_DIR"] = str(args.base.resolve().parent)
    os.environ["DATABASE_URL"] = f"sqlite:///{args.base.resolve()}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "territoire.settings")
    sys.path.insert(0, str(pages.RACINE))
    import django

    django.setup()
    from django.test import Client
    from django.urls import reverse

    from territoire.comptes.models import Adhesion
    from territoire.observatoire.models import PointSerie

    adhesion = Adhesion.objects.filter(role="equipe").select_related("utilisateur", "territoire").first()
    if adhesion is None or not PointSerie.objects.exists():
        print("Base de démonstration sans observatoire : relancez avec --reconstruire.")
        return 1
    territoire = adhesion.territoire
    public, equipe = Client(), Client()
    equipe.force_login(adhesion.utilisateur)
    socle = mesurer(public, reverse("comptes:connexion"), args.repetitions, froid=False)
    cas = []
    for lecteur, client in (("public", public), ("équipe", equipe)):
        for nom in ("accueil", "actualite", "flux"):
            cas.append((lecteur, nom, client))
    cas.append(("équipe", "veille", equipe))
    cas.append(("équipe", "plan", equipe))
    print(f"Observatoire de « {territoire.slug} », {args.repetitions} essais, charge moyenne {os.getloadavg()[0]:.1f}")
    print(f"Socle (page de connexion) : {socle['mediane_ms']:.1f} ms, CPU {socle['cpu_mediane_ms']:.1f} ms, "
          f"{socle['requetes_sql']} requêtes\n")
    print(f"  {'':4}  {'lecteur':<8} {'page':<24} {'cache':<6} {'médiane':>9} {'CPU':>9} {'× socle':>8} {'SQL':>5}")
    resultats = []
    for lecteur, nom, client in cas:
        chemin = reverse(f"observatoire:{nom}", kwargs={"territoire": territoire.slug})
        for froid in ((False, True) if nom == "accueil" else (False,)):
            r = mesurer(client, chemin, args.repetitions, froid)
            r.update({"lecteur": lecteur, "page": nom, "froid": froid,
                      "rapport_socle": r["cpu_mediane_ms"] / socle["cpu_mediane_ms"] if socle["cpu_mediane_ms"] else None})
            resultats.append(r)
            etat = "PASS" if r["cpu_mediane_ms"] < SEUIL_MS else "FAIL"
            print(f"  {etat}  {lecteur:<8} {nom:<24} {'froid' if froid else 'chaud':<6} {r['mediane_ms']:>7.1f}ms "
                  f"{r['cpu_mediane_ms']:>7.1f}ms {r['rapport_socle']:>7.1f}× {r['requetes_sql']:>5}")
    args.sortie.mkdir(parents=True, exist_ok=True)
    sortie = args.sortie / "observatoire_series.json"
    sortie.write_text(json.dumps({"socle": socle, "pages": resultats, "charge": os.getloadavg(),
                                  "points": PointSerie.objects.filter(territoire=territoire).count()}, indent=1),
                      encoding="utf-8")
    print(f"\nChiffres : {sortie}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
