"""Benchmark of the SIRENE import (`make bench`): throughput and peak memory against baselines.

Generates a national-shaped, fictitious StockEtablissement file (bench/sirene_generateur.py)
at two sizes, as the official ZIP, as plain CSV and as Parquet (cached under bench/out/), then
measures, each in its own child process so that peak memories do not mix:

- the raw cost of reading the input: `unzip -p FILE | wc -c` (ZIP), `cat FILE | wc -c` (CSV);
- the baseline: pandas.read_csv in chunks of 500 000 rows, dtype=str, filtered on the
  territory's communes (on the CSV, and on the ZIP for information);
- DuckDB alone filtering the file (diagnostic: the floor of the importer's reading);
- the project's import of the territory through the real importer (`importer_stock`) into a
  throwaway SQLite database, from the ZIP, the CSV and the Parquet file.

It prints a table (seconds, MB/s of uncompressed CSV, peak memory) and PASS/FAIL per target,
and writes every figure as JSON to bench/out/sirene_import.json. Targets (issue 2): ZIP import
at least 80 % of raw unzip throughput; CSV import at least 5× the pandas baseline; Parquet
import faster than both; import peak memory under 1 GB and not growing with file size.

    python bench/sirene_import.py [--lignes 2000000] [--petit 1000000] [--repetitions 1]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import sirene_generateur  # noqa: I001 - sibling module: bench/ is the script's directory

BANC = Path(__file__).resolve().parent
MESURES = BANC / "sirene_mesures.py"
MO = 1_000_000

# (key, label, file kind, child measurement)
PROGRAMME = [
    ("brut_zip", "lecture brute ZIP (unzip -p | wc -c)", "zip", "brut_zip"),
    ("brut_csv", "lecture brute CSV (cat | wc -c)", "csv", "brut_csv"),
    ("pandas_csv", "pandas CSV (500 000, dtype=str)", "csv", "pandas"),
    ("pandas_zip", "pandas ZIP (500 000, dtype=str)", "zip", "pandas"),
    ("duckdb_csv", "DuckDB seul, CSV (diagnostic)", "csv", "duckdb"),
    ("duckdb_parquet", "DuckDB seul, Parquet (diagnostic)", "parquet", "duckdb"),
    ("import_zip", "import du territoire, ZIP", "zip", "importer"),
    ("import_csv", "import du territoire, CSV", "csv", "importer"),
    ("import_parquet", "import du territoire, Parquet", "parquet", "importer"),
]

SEUIL_ZIP = 0.80
SEUIL_CSV = 5.0
SEUIL_MEMOIRE_MO = 1000
CROISSANCE_MAX = 1.20  # peak at the large size / peak at the small size


def lancer(arguments: list[str], dossier: Path) -> dict:
    """Run one measurement in its own child process, which reports its time and peak memory."""
    with tempfile.TemporaryFile(mode="w+", dir=dossier) as sortie, tempfile.TemporaryFile(
        mode="w+", dir=dossier
    ) as erreurs:
        debut = time.perf_counter()
        processus = subprocess.run(
            [sys.executable, str(MESURES), *arguments], stdout=sortie, stderr=erreurs, cwd=BANC.parent
        )
        mur = time.perf_counter() - debut
        sortie.seek(0)
        erreurs.seek(0)
        lignes = [ligne for ligne in sortie.read().splitlines() if ligne.startswith("{")]
        if processus.returncode != 0 or not lignes:
            texte = erreurs.read().strip().splitlines()
            return {"erreur": (texte[-1] if texte else f"code de sortie {processus.returncode}")}
        resultat = json.loads(lignes[-1])
    resultat["secondes_mur"] = mur
    return resultat


def mesurer(infos: dict, base_modele: Path, dossier: Path, importer: str, repetitions: int,
            seulement: set[str] | None) -> dict:
    """Every measurement of one file size; repetitions are interleaved so that noise from other
    work on the machine spreads over all of them, and the best time of each is kept."""
    codes = dossier / f"codes_{infos['lignes']}.json"
    codes.write_text(json.dumps(infos["codes_territoire"]), encoding="utf-8")
    octets_csv = infos["octets"]["csv"]
    programme = [p for p in PROGRAMME if not seulement or p[0] in seulement]
    essais: dict[str, list[dict]] = {cle: [] for cle, *_ in programme}
    for repetition in range(repetitions):
        print(f"    essai {repetition + 1}/{repetitions}…", flush=True)
        for cle, _, sorte, mesure in programme:
            if essais[cle] and ("erreur" in essais[cle][-1] or "absent" in essais[cle][-1]):
                continue
            arguments = [mesure, infos["fichiers"][sorte], "--codes", str(codes)]
            if mesure == "importer":
                base = dossier / "import.sqlite3"
                shutil.copyfile(base_modele, base)
                arguments += ["--base", str(base), "--importer", importer]
            essais[cle].append(lancer(arguments, dossier))
    resultats = {}
    for cle, libelle, *_ in programme:
        valides = [e for e in essais[cle] if "secondes" in e]
        if valides:
            meilleur = dict(min(valides, key=lambda e: e["secondes"]))
            meilleur["pic_memoire_mo"] = max(e["pic_memoire_mo"] for e in valides)
            meilleur["cpu_secondes"] = min(e["cpu_secondes"] for e in valides)
            meilleur["debit_mo_s"] = octets_csv / MO / meilleur["secondes"]
            meilleur["essais_secondes"] = [round(e["secondes"], 3) for e in valides]
        else:
            meilleur = essais[cle][-1]
        meilleur["libelle"] = libelle
        resultats[cle] = meilleur
        print(f"    {libelle:<42} {_cellule(meilleur)}", flush=True)
    return resultats


def _cellule(r: dict) -> str:
    if "absent" in r:
        return "ABSENT : " + r["absent"]
    if "erreur" in r:
        return "ERREUR : " + r["erreur"]
    return (
        f"{r['secondes']:8.2f} s {r['debit_mo_s']:8.1f} Mo/s {r['pic_memoire_mo']:8.0f} Mo "
        f"{r['cpu_secondes']:8.2f} s"
    )


def _debit(resultats: dict, cle: str) -> float | None:
    return resultats.get(cle, {}).get("debit_mo_s")


def _cpu(resultats: dict, cle: str) -> float | None:
    return resultats.get(cle, {}).get("cpu_secondes")


def _rapport_cpu(resultats: dict, reference: str, mesure: str) -> str | None:
    """How many times more CPU seconds the reference took than the measure (load-independent)."""
    a, b = _cpu(resultats, reference), _cpu(resultats, mesure)
    return f"{a / b:.2f}" if a and b else None


def objectifs(par_taille: dict[int, dict]) -> list[dict]:
    """PASS / FAIL per target and size; None when a figure is missing (importer absent…).

    Verdicts use wall-clock throughput, as the targets are stated; ``cpu`` gives the same
    ratio in CPU seconds, which a loaded machine distorts much less (but which ignores that
    the import may use both cores at once while unzip uses one).
    """
    lignes = []
    tailles = sorted(par_taille)
    for taille in tailles:
        r = par_taille[taille]
        zip_, brut_zip = _debit(r, "import_zip"), _debit(r, "brut_zip")
        csv_, pandas_ = _debit(r, "import_csv"), _debit(r, "pandas_csv")
        parquet = _debit(r, "import_parquet")
        ratio_zip = zip_ / brut_zip if zip_ and brut_zip else None
        ratio_csv = csv_ / pandas_ if csv_ and pandas_ else None
        lignes.append({
            "taille": taille, "objectif": f"import ZIP ≥ {SEUIL_ZIP:.0%} du débit de unzip brut",
            "valeur": None if ratio_zip is None else f"{ratio_zip:.0%}",
            "cpu": _rapport_cpu(r, "brut_zip", "import_zip"),
            "ok": None if ratio_zip is None else ratio_zip >= SEUIL_ZIP,
        })
        lignes.append({
            "taille": taille, "objectif": f"import CSV ≥ {SEUIL_CSV:g}× le débit de pandas",
            "valeur": None if ratio_csv is None else f"{ratio_csv:.1f}×",
            "cpu": _rapport_cpu(r, "pandas_csv", "import_csv"),
            "ok": None if ratio_csv is None else ratio_csv >= SEUIL_CSV,
        })
        rivaux = [d for d in (zip_, csv_) if d]
        cpu_rivaux = [c for c in (_cpu(r, "import_zip"), _cpu(r, "import_csv")) if c]
        cpu_parquet = _cpu(r, "import_parquet")
        lignes.append({
            "taille": taille, "objectif": "import Parquet plus rapide que l'import ZIP et l'import CSV",
            "valeur": None if not (parquet and rivaux) else f"{parquet / max(rivaux):.1f}× le meilleur",
            "cpu": None if not (cpu_parquet and cpu_rivaux) else f"{min(cpu_rivaux) / cpu_parquet:.2f}",
            "ok": None if not (parquet and len(rivaux) == 2) else parquet > max(rivaux),
        })
        pics = [r[c]["pic_memoire_mo"] for c in ("import_zip", "import_csv", "import_parquet")
                if "secondes" in r.get(c, {})]
        lignes.append({
            "taille": taille, "objectif": f"pic mémoire des imports < {SEUIL_MEMOIRE_MO} Mo",
            "valeur": None if not pics else f"{max(pics):.0f} Mo", "cpu": None,
            "ok": None if not pics else max(pics) < SEUIL_MEMOIRE_MO,
        })
    if len(tailles) >= 2:
        petit, grand = par_taille[tailles[0]], par_taille[tailles[-1]]
        for cle in ("import_zip", "import_csv", "import_parquet"):
            a = petit.get(cle, {}).get("pic_memoire_mo") if "secondes" in petit.get(cle, {}) else None
            b = grand.get(cle, {}).get("pic_memoire_mo") if "secondes" in grand.get(cle, {}) else None
            lignes.append({
                "taille": f"{tailles[0]}→{tailles[-1]}",
                "objectif": f"pic mémoire {cle.removeprefix('import_').upper()} ne croît pas "
                            f"(grand/petit ≤ {CROISSANCE_MAX:.2f})",
                "valeur": None if not (a and b) else f"{b / a:.2f}", "cpu": None,
                "ok": None if not (a and b) else b / a <= CROISSANCE_MAX,
            })
    return lignes


def _milliers(n: int) -> str:
    return f"{n:,}".replace(",", " ")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Banc d'essai de l'import SIRENE (voir bench/README.md).")
    parser.add_argument("--lignes", type=int, default=2_000_000, help="lignes du grand fichier (2 000 000)")
    parser.add_argument("--petit", type=int, help="lignes du petit fichier (moitié du grand par défaut ; 0 : aucun)")
    parser.add_argument("--epci", action="append", help="SIREN d'EPCI du territoire (200072460 par défaut)")
    parser.add_argument("--part-territoire", type=float, default=0.005, help="part des lignes dans le territoire")
    parser.add_argument("--repetitions", type=int, default=3, help="essais par mesure, entrelacés (le meilleur temps est gardé)")
    parser.add_argument("--importer", default="territoire.etablissements.importer:importer_stock",
                        help="fonction d'import mesurée, module:fonction")
    parser.add_argument("--seulement", help="mesures à faire, séparées par des virgules (ex. import_zip,brut_zip)")
    parser.add_argument("--sortie", type=Path, default=BANC / "out")
    args = parser.parse_args(argv)

    epcis = args.epci or ["200072460"]
    petit = args.lignes // 2 if args.petit is None else args.petit
    tailles = sorted({t for t in (petit, args.lignes) if t > 0})
    args.sortie.mkdir(parents=True, exist_ok=True)
    seulement = set(args.seulement.split(",")) if args.seulement else None

    charge_avant = os.getloadavg()
    print(
        f"Banc d'essai de l'import SIRENE — {os.cpu_count()} cœurs, Python {platform.python_version()}, "
        f"charge moyenne {charge_avant[0]:.1f} (d'autres travaux sur la machine faussent les temps)"
    )
    print("Préparation des fichiers (en cache dans bench/out/)…", flush=True)
    fichiers = {t: sirene_generateur.generer(args.sortie, t, epcis, args.part_territoire) for t in tailles}

    with tempfile.TemporaryDirectory(prefix="banc-sirene-", dir=args.sortie) as temporaire:
        dossier = Path(temporaire)
        base_modele = dossier / "modele.sqlite3"
        print("Base SQLite jetable : migrations et territoire…", flush=True)
        preparation = lancer(["preparer_base", str(base_modele), *sum([["--epci", e] for e in epcis], [])], dossier)
        if "erreur" in preparation:
            print(f"Préparation de la base impossible : {preparation['erreur']}", file=sys.stderr)
            return 1
        par_taille = {}
        for taille in tailles:
            infos = fichiers[taille]
            o = infos["octets"]
            print(
                f"\n{_milliers(taille)} lignes — CSV {o['csv'] / MO:.0f} Mo, ZIP {o['zip'] / MO:.0f} Mo, "
                f"Parquet {o['parquet'] / MO:.0f} Mo ; {_milliers(infos['lignes_territoire'])} lignes "
                f"dans le territoire ({preparation['communes']} communes)", flush=True,
            )
            print(f"    {'mesure':<42} {'temps':>10} {'débit (CSV)':>13} {'pic mémoire':>11} {'CPU':>10}")
            par_taille[taille] = mesurer(infos, base_modele, dossier, args.importer, args.repetitions, seulement)

    verdicts = objectifs(par_taille)
    print("\nObjectifs")
    for v in verdicts:
        etat = {True: "PASS", False: "FAIL", None: "N/A "}[v["ok"]]
        cpu = f"  (en temps CPU : {v['cpu']})" if v["cpu"] else ""
        print(f"  {etat}  {str(v['taille']):>17}  {v['objectif']:<62} {v['valeur'] or '—'}{cpu}")

    rapport = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {"noeud": platform.node(), "coeurs": os.cpu_count(), "python": platform.python_version(),
                    "charge_moyenne_avant": charge_avant, "charge_moyenne_apres": os.getloadavg()},
        "parametres": {"tailles": tailles, "epcis": epcis, "part_territoire": args.part_territoire,
                       "repetitions": args.repetitions, "importer": args.importer},
        "fichiers": {t: {k: v for k, v in fichiers[t].items() if k != "codes_territoire"} for t in tailles},
        "mesures": par_taille,
        "objectifs": verdicts,
    }
    chemin = args.sortie / "sirene_import.json"
    chemin.write_text(json.dumps(rapport, indent=1, ensure_ascii=False), encoding="utf-8")
    print(f"\nChiffres complets : {chemin}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
