"""Benchmark of the SIRENE import's writes on PostgreSQL: ``COPY`` (psycopg 3) against row inserts.

A first import of N establishments of one territory (the seed's Agglo, 100 communes: every row
of the generated file is in it) into an empty PostgreSQL database, twice, in the same run: with
``COPY … FROM STDIN`` (the importer's way, ``importer.actions.COPIE_POSTGRESQL = True``) and
with one ``executemany`` of INSERTs per batch (``COPIE_POSTGRESQL = False``). Each run is a
child process on a fresh copy of the same migrated database (``CREATE DATABASE … TEMPLATE``).
It reports the time spent inside ``inserer`` (the bulk writes), the whole import, and the ratio;
the target (issue 13) is COPY at least 3 × faster than row inserts on 1 M establishments.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test python bench/sirene_copie.py [--lignes 1000000]

The database of DATABASE_URL is only used to create and drop the bench's own databases
(``banc_copie_*``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path

BANC = Path(__file__).resolve().parent
RACINE = BANC.parent
MODELE = "banc_copie_modele"
ESSAI = "banc_copie_essai"
SEUIL = 3.0


def _url(base: str) -> str:
    from urllib.parse import urlsplit, urlunsplit

    parties = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parties._replace(path="/" + base))


def _admin(*requetes: str) -> None:
    import psycopg

    with psycopg.connect(os.environ["DATABASE_URL"].replace("postgres://", "postgresql://", 1), autocommit=True) as c:
        for requete in requetes:
            c.execute(requete)


def enfant(mesure: str, fichier: str | None) -> dict:
    os.environ["DJANGO_SETTINGS_MODULE"] = "territoire.settings"
    sys.path.insert(0, str(RACINE))
    import django

    django.setup()
    from io import StringIO

    from django.core.management import call_command

    if mesure == "preparer":
        call_command("migrate", verbosity=0)
        call_command("init", "--epci", "200072460", "--nom", "Banc COPY", "--slug", "banc-copie", stdout=StringIO())
        return {"ok": True}
    from territoire.etablissements.importer import actions, importer_stock
    from territoire.referentiel import geo
    from territoire.referentiel.models import Territoire

    actions.COPIE_POSTGRESQL = mesure == "copie"
    ecritures = {"secondes": 0.0, "lignes": 0}
    inserer = actions.inserer

    def inserer_mesure(modele, lignes, constantes=None):
        debut = time.perf_counter()
        inserer(modele, lignes, constantes)
        ecritures["secondes"] += time.perf_counter() - debut
        ecritures["lignes"] += len(lignes)

    actions.inserer = inserer_mesure
    geo.lambert93_vers_wgs84(650000.0, 6860000.0)
    debut, cpu = time.perf_counter(), time.process_time()
    imp = importer_stock(Territoire.objects.get(slug="banc-copie"), fichier, force=True)
    return {"secondes": time.perf_counter() - debut, "cpu_secondes": time.process_time() - cpu,
            "ecriture_secondes": ecritures["secondes"], "lignes_ecrites": ecritures["lignes"],
            "crees": imp.crees, "retenues": imp.lignes_retenues}


def lancer(base: str, arguments: list[str]) -> dict:
    env = {**os.environ, "DATABASE_URL": _url(base)}
    processus = subprocess.run([sys.executable, __file__, "--enfant", *arguments], capture_output=True, text=True,
                               cwd=RACINE, env=env)
    lignes = [ligne for ligne in processus.stdout.splitlines() if ligne.startswith("{")]
    if processus.returncode != 0 or not lignes:
        texte = processus.stderr.strip().splitlines()
        raise SystemExit(f"mesure {arguments[0]} : {texte[-1] if texte else processus.returncode}")
    return json.loads(lignes[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Banc COPY contre insertions ligne à ligne (PostgreSQL).")
    parser.add_argument("--enfant", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument("--lignes", type=int, default=1_000_000, help="établissements importés (1 000 000)")
    parser.add_argument("--sortie", type=Path, default=BANC / "out")
    args = parser.parse_args(argv)
    if args.enfant:
        print(json.dumps(enfant(args.enfant[0], args.enfant[1] if len(args.enfant) > 1 else None)))
        return 0
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        print("DATABASE_URL doit désigner un serveur PostgreSQL (postgres://…).", file=sys.stderr)
        return 1
    sys.path.insert(0, str(BANC))
    import sirene_generateur

    print(f"Banc COPY / insertions — {args.lignes:,} établissements, charge moyenne {os.getloadavg()[0]:.1f}"
          .replace(",", " "), flush=True)
    infos = sirene_generateur.generer(args.sortie, args.lignes, ["200072460"], 1.0)
    fichier = infos["fichiers"]["zip"]
    _admin(f"DROP DATABASE IF EXISTS {ESSAI}", f"DROP DATABASE IF EXISTS {MODELE}", f"CREATE DATABASE {MODELE}")
    resultats = {}
    try:
        lancer(MODELE, ["preparer"])
        for mesure in ("copie", "lignes"):
            _admin(f"DROP DATABASE IF EXISTS {ESSAI}", f"CREATE DATABASE {ESSAI} TEMPLATE {MODELE}")
            r = resultats[mesure] = lancer(ESSAI, [mesure, fichier])
            print(f"  {'COPY' if mesure == 'copie' else 'INSERT par lots':<16} écritures {r['ecriture_secondes']:8.1f} s "
                  f"({r['lignes_ecrites']:,} lignes) — import entier {r['secondes']:8.1f} s, "
                  f"{r['crees']:,} établissements créés".replace(",", " "), flush=True)
    finally:
        _admin(f"DROP DATABASE IF EXISTS {ESSAI}", f"DROP DATABASE IF EXISTS {MODELE}")
    ratio = resultats["lignes"]["ecriture_secondes"] / resultats["copie"]["ecriture_secondes"]
    entier = resultats["lignes"]["secondes"] / resultats["copie"]["secondes"]
    etat = "PASS" if ratio >= SEUIL else "FAIL"
    print(f"\n  {etat}  COPY ≥ {SEUIL:g}× plus rapide que les insertions : {ratio:.1f}× sur les écritures "
          f"({entier:.2f}× sur l'import entier)")
    chemin = args.sortie / "sirene_copie.json"
    chemin.write_text(json.dumps({
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "lignes": args.lignes,
        "charge_moyenne": os.getloadavg(), "mesures": resultats, "rapport_ecritures": ratio, "rapport_import": entier,
    }, indent=1, ensure_ascii=False), encoding="utf-8")
    print(f"Chiffres complets : {chemin}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
