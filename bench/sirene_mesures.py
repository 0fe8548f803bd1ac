"""One measurement of the SIRENE import benchmark, run alone in its own process.

`bench/sirene_import.py` starts this script once per measurement, so that each peak memory
figure belongs to that measurement only (the parent reads it from `os.wait4`). The script
times only the measured operation (interpreter and Django start-up excluded) and prints one
JSON line on stdout: {"secondes": …, "lignes": …, "pic_memoire_mo": …}.

Peak memory is this process's own high-water mark (VmHWM in /proc/self/status: a fresh
address space since exec, so nothing inherited from the parent), or the largest of the
programs it ran (ru_maxrss of RUSAGE_CHILDREN: unzip, wc…) when larger.

    python bench/sirene_mesures.py brut_zip FICHIER
    python bench/sirene_mesures.py brut_csv FICHIER
    python bench/sirene_mesures.py pandas FICHIER --codes CODES.json
    python bench/sirene_mesures.py duckdb FICHIER --codes CODES.json
    python bench/sirene_mesures.py preparer_base BASE.sqlite3 --epci 200072460
    python bench/sirene_mesures.py importer FICHIER --base BASE.sqlite3 --importer module:fonction
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import resource
import shlex
import subprocess
import sys
import time
from pathlib import Path

RACINE = Path(__file__).resolve().parents[1]
SLUG_TERRITOIRE = "banc-sirene"


def brut(commande: str) -> dict:
    """The raw cost of reading the input: a shell pipeline that only counts bytes."""
    debut = time.perf_counter()
    sortie = subprocess.run(commande, shell=True, check=True, capture_output=True, text=True)
    secondes = time.perf_counter() - debut
    return {"secondes": secondes, "octets_lus": int(sortie.stdout.split()[0]), "commande": commande}


def pandas_filtre(fichier: Path, codes: list[str]) -> dict:
    """The baseline: pandas in chunks of 500 000 rows, every column as text, filtered on the communes."""
    import pandas as pd

    gardes = []
    codes = set(codes)
    debut = time.perf_counter()
    with pd.read_csv(fichier, chunksize=500_000, dtype=str, keep_default_na=False) as morceaux:
        for morceau in morceaux:
            gardes.append(morceau[morceau["codeCommuneEtablissement"].isin(codes)])
    resultat = pd.concat(gardes)
    secondes = time.perf_counter() - debut
    return {"secondes": secondes, "lignes": len(resultat)}


def duckdb_filtre(fichier: Path, codes: list[str]) -> dict:
    """Diagnostic floor: DuckDB alone reading the file and keeping the territory's rows."""
    import duckdb

    con = duckdb.connect()
    con.execute("CREATE TABLE codes(code VARCHAR)")
    con.executemany("INSERT INTO codes VALUES (?)", [(c,) for c in codes])
    source = (
        f"read_parquet('{fichier}')" if fichier.suffix == ".parquet"
        else f"read_csv('{fichier}', all_varchar=true, header=true)"
    )
    debut = time.perf_counter()
    table = con.execute(
        f"SELECT * FROM {source} WHERE codeCommuneEtablissement IN (SELECT code FROM codes)"
    ).to_arrow_table()
    secondes = time.perf_counter() - debut
    return {"secondes": secondes, "lignes": table.num_rows}


def _django(base: Path) -> None:
    if "DJANGO_SETTINGS_MODULE" in os.environ and os.environ.get("DATABASE_URL", "").endswith(str(base.resolve())):
        return  # already set up for this database
    os.environ["DATABASE_URL"] = f"sqlite:///{base.resolve()}"
    os.environ.setdefault("TERRITOIRE_DATA_DIR", str(base.resolve().parent))
    os.environ["DJANGO_SETTINGS_MODULE"] = "territoire.settings"
    sys.path.insert(0, str(RACINE))
    import django

    django.setup()


def preparer_base(base: Path, epcis: list[str]) -> dict:
    """A fresh SQLite database, migrated, holding the territory: copied before each import."""
    base.unlink(missing_ok=True)
    _django(base)
    from django.core.management import call_command

    from territoire.referentiel.actions import creer_territoire

    debut = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    territoire = creer_territoire(epcis, "Territoire du banc d'essai SIRENE", slug=SLUG_TERRITOIRE)
    return {"secondes": time.perf_counter() - debut, "communes": territoire.communes.count()}


def importer(fichier: Path, base: Path, chemin_fonction: str) -> dict:
    """The project's import of the territory, through the real importer, into a throwaway database."""
    _django(base)
    from territoire.etablissements.models import Etablissement
    from territoire.referentiel.models import Territoire

    module, _, nom = chemin_fonction.partition(":")
    try:
        fonction = getattr(importlib.import_module(module), nom)
    except (ImportError, AttributeError) as exc:
        return {"absent": f"{chemin_fonction} introuvable ({exc})"}
    territoire = Territoire.objects.get(slug=SLUG_TERRITOIRE)
    debut = time.perf_counter()
    run = fonction(territoire, fichier, fictif=True, progression=False, lance_par="bench")
    secondes = time.perf_counter() - debut
    return {
        "secondes": secondes,
        "lignes": Etablissement.objects.count(),
        "run": str(run),
    }


def _prechauffer_import() -> None:
    """What the project's import loads once per process, loaded before the clock starts, as
    ``import pandas`` is for the reference: its modules (the importer imports them lazily, so
    that the web pages do not pay for them) and pyproj's Lambert-93 transformer (it reads the
    PROJ database, about 0.1 s). None of it depends on the file."""
    import duckdb  # noqa: F401
    import pyarrow  # noqa: F401
    import shapely  # noqa: F401
    import tqdm  # noqa: F401

    from territoire.etablissements.importer import actions  # noqa: F401
    from territoire.referentiel import geo

    geo.lambert93_vers_wgs84([650_000.0], [6_860_000.0])


def temps_cpu() -> float:
    """User + system CPU seconds of this process and of its waited-for children."""
    total = 0.0
    for qui in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(qui)
        total += usage.ru_utime + usage.ru_stime
    return total


def pic_memoire_mo() -> float:
    """Peak resident memory of this measurement, in MB (10^6 bytes)."""
    propre = 0
    with open("/proc/self/status", encoding="ascii") as fh:
        for ligne in fh:
            if ligne.startswith("VmHWM:"):
                propre = int(ligne.split()[1]) * 1024  # kB
    enfants = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024  # KiB on Linux
    return max(propre, enfants) / 1_000_000


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mesure", choices=["brut_zip", "brut_csv", "pandas", "duckdb", "preparer_base", "importer"])
    parser.add_argument("fichier", type=Path)
    parser.add_argument("--codes", type=Path, help="JSON list of the territory's commune codes")
    parser.add_argument("--base", type=Path)
    parser.add_argument("--importer", default="territoire.etablissements.importer:importer_stock")
    parser.add_argument("--epci", action="append", default=[])
    args = parser.parse_args(argv)

    codes = json.loads(args.codes.read_text(encoding="utf-8")) if args.codes else []
    # Start-up work (libraries, Django) is done before the clocks start.
    if args.mesure == "pandas":
        import pandas  # noqa: F401
    elif args.mesure == "duckdb":
        import duckdb  # noqa: F401
    elif args.mesure == "importer":
        _django(args.base)
        try:
            importlib.import_module(args.importer.partition(":")[0])
        except ImportError:
            pass  # importer() below reports it as absent, with the reason
        _prechauffer_import()

    cpu_avant = temps_cpu()
    if args.mesure == "brut_zip":
        resultat = brut(f"unzip -p {shlex.quote(str(args.fichier))} | wc -c")
    elif args.mesure == "brut_csv":
        # `wc -c FILE` only stats a regular file: `cat` makes the bytes really go through a pipe.
        resultat = brut(f"cat {shlex.quote(str(args.fichier))} | wc -c")
    elif args.mesure == "pandas":
        resultat = pandas_filtre(args.fichier, codes)
    elif args.mesure == "duckdb":
        resultat = duckdb_filtre(args.fichier, codes)
    elif args.mesure == "preparer_base":
        resultat = preparer_base(args.fichier, args.epci)
    else:
        resultat = importer(args.fichier, args.base, args.importer)
    resultat["pic_memoire_mo"] = pic_memoire_mo()
    # CPU seconds (this process and the programs it ran) barely depend on the machine's load,
    # unlike wall time; they include Django's start-up for the imports (a fraction of a second).
    resultat["cpu_secondes"] = temps_cpu() - cpu_avant
    print(json.dumps(resultat), flush=True)


if __name__ == "__main__":
    main()
