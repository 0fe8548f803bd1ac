"""What Attirer's benches share: the demo database (built once, cached), Django in this process,
a timer that keeps the median (CPU time of the process, or wall time), a query counter.

The demo is built into bench/out/attractivite/ (`territoire migrate` then `territoire demo`,
each in its own process); `--reconstruire` rebuilds it. Benches that add rows (5 000 plots and
premises, 50 sites) work on a copy of it, so that the cached demo stays the demo.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

BANC = Path(__file__).resolve().parent
RACINE = BANC.parent
DOSSIER = BANC / "out" / "attractivite"


def preparer(reconstruire: bool = False, copie: str | None = None) -> Path:
    """Build (once) the demo database, optionally copy it, and set Django up on it."""
    base = DOSSIER / "demo" / "territoire.sqlite3"
    if reconstruire or not base.exists():
        base.parent.mkdir(parents=True, exist_ok=True)
        base.unlink(missing_ok=True)
        env = {**os.environ, "TERRITOIRE_DATA_DIR": str(base.parent), "DATABASE_URL": f"sqlite:///{base}"}
        print("Construction du territoire de démonstration (une fois, en cache)…", flush=True)
        for commande in (["migrate", "--no-input"], ["demo"]):
            subprocess.run([sys.executable, "-m", "territoire.cli", *commande], env=env, check=True, cwd=RACINE,
                           stdout=subprocess.DEVNULL)
    cible = base
    if copie:
        cible = DOSSIER / copie / "territoire.sqlite3"
        cible.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(base, cible)
    os.environ["TERRITOIRE_DATA_DIR"] = str(cible.parent)
    os.environ["DATABASE_URL"] = f"sqlite:///{cible}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "territoire.settings"
    sys.path.insert(0, str(RACINE))
    import django

    django.setup()
    return cible


def mediane_ms(fonction, repetitions: int, chauffe: int = 2, cpu: bool = True) -> float:
    """Median time of `fonction` in ms: CPU time of this process by default (what bench/pages.py
    judges too: the load of a shared machine distorts it far less than wall time), or wall time."""
    for _ in range(chauffe):
        fonction()
    horloge = time.process_time if cpu else time.perf_counter
    durees = []
    for _ in range(repetitions):
        debut = horloge()
        fonction()
        durees.append((horloge() - debut) * 1000)
    return statistics.median(durees)


def requetes(fonction) -> int:
    from django.db import connection

    compte = 0

    def compter(execute, sql, params, many, context):
        nonlocal compte
        compte += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(compter):
        fonction()
    return compte


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"
