"""Benchmark of the SIRENE history import (`territoire sirene historique`): throughput against
`unzip -p` and peak memory at two sizes, each measurement in its own process.

1. Files: the national-shaped fictitious StockEtablissement of `sirene_generateur.py` (cached in
   bench/out/), and a StockEtablissementHistorique derived from it by DuckDB (cached too): for
   each establishment, its `nombrePeriodesEtablissement` periods (1 to 4), newest first, with the
   official 18 columns in INSEE's order, sorted by SIREN as INSEE writes them; the current period
   carries the stock's state and start, earlier ones are active and split the time since the
   creation. Written as CSV and as the official ZIP (one member). The small file is the head of
   the large one.
2. A throwaway SQLite database is migrated once, the territory created and its stock imported by
   the real `importer_stock` (from the stock ZIP); it is copied before each history import.
3. Measurements (`sirene_mesures.py`, unchanged): `unzip -p FILE | wc -c` for the raw cost of
   reading the history ZIP, `cat FILE | wc -c` for the CSV, and the real
   `importer_historique` from the ZIP and from the CSV (the whole import: filter, write, series
   rebuilt, signals and proposals), and its **filter alone** from the ZIP (the history reader
   streaming the file and keeping the territory's periods, nothing written: what the target is
   about). Interleaved trials; the best time and the largest peak of each are kept. Wall time
   and CPU time are both reported: on a loaded machine only the CPU figures are stable.

Targets (issue 12): filtering the history ZIP to the territory at least 80 % of `unzip -p`'s
throughput (the whole import is reported beside it); peak memory not growing with the file
(large / small ≤ 1.20).

    python bench/observatoire_historique.py [--lignes 1000000] [--petit 400000] [--repetitions 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import duckdb
import sirene_generateur  # noqa: I001 - sibling module: bench/ is the script's directory
import sirene_mesures
from sirene_import import lancer

BANC = Path(__file__).resolve().parent
SORTIE = BANC / "out"
MO = 1_000_000
SEUIL_ZIP = 0.80
CROISSANCE_MAX = 1.20
ENTETE = (
    "siren", "nic", "siret", "dateFin", "dateDebut", "etatAdministratifEtablissement",
    "changementEtatAdministratifEtablissement", "enseigne1Etablissement", "enseigne2Etablissement",
    "enseigne3Etablissement", "changementEnseigneEtablissement", "denominationUsuelleEtablissement",
    "changementDenominationUsuelleEtablissement", "activitePrincipaleEtablissement",
    "nomenclatureActivitePrincipaleEtablissement", "changementActivitePrincipaleEtablissement",
    "caractereEmployeurEtablissement", "changementCaractereEmployeurEtablissement",
)


def historique(stock_csv: Path, sortie: Path) -> dict:
    """Derive the history file (CSV and ZIP) of a stock file; cached next to it."""
    csv_h, zip_h = sortie.with_suffix(".csv"), sortie.with_suffix(".zip")
    description = sortie.with_suffix(".json")
    if description.exists() and csv_h.exists() and zip_h.exists():
        return json.loads(description.read_text(encoding="utf-8"))
    con = duckdb.connect()
    colonnes = ", ".join(f'"{c}"' for c in ENTETE)
    con.execute(f"""
        COPY (
          WITH s AS (
            SELECT siren, nic, siret, CAST(dateCreationEtablissement AS DATE) AS c, CAST(dateDebut AS DATE) AS d,
                   etatAdministratifEtablissement AS etat, enseigne1Etablissement AS enseigne,
                   activitePrincipaleEtablissement AS naf, caractereEmployeurEtablissement AS employeur,
                   CASE WHEN CAST(dateDebut AS DATE) - CAST(dateCreationEtablissement AS DATE) >= 3
                        THEN least(greatest(CAST(nombrePeriodesEtablissement AS INTEGER), 1), 4) ELSE 1 END AS n
            FROM read_csv('{stock_csv}', all_varchar = true, header = true)
          ), p AS (
            SELECT s.*, j, c + CAST(((d - c) * j) // greatest(n - 1, 1) AS INTEGER) AS debut_j,
                   c + CAST(((d - c) * (j + 1)) // greatest(n - 1, 1) AS INTEGER) AS suivant
            FROM s, range(n) AS r(j)
          )
          SELECT siren, nic, siret,
                 CASE WHEN j = n - 1 THEN NULL ELSE strftime(suivant - 1, '%Y-%m-%d') END
                   AS "dateFin",
                 strftime(CASE WHEN j = n - 1 THEN d ELSE debut_j END, '%Y-%m-%d') AS "dateDebut",
                 CASE WHEN j = n - 1 THEN etat ELSE 'A' END AS "etatAdministratifEtablissement",
                 CASE WHEN j = n - 1 AND etat = 'F' THEN 'true' ELSE 'false' END AS "changementEtatAdministratifEtablissement",
                 enseigne AS "enseigne1Etablissement", NULL AS "enseigne2Etablissement", NULL AS "enseigne3Etablissement",
                 'false' AS "changementEnseigneEtablissement", NULL AS "denominationUsuelleEtablissement",
                 'false' AS "changementDenominationUsuelleEtablissement", naf AS "activitePrincipaleEtablissement",
                 'NAFRev2' AS "nomenclatureActivitePrincipaleEtablissement",
                 'false' AS "changementActivitePrincipaleEtablissement",
                 CASE WHEN j = n - 1 THEN employeur ELSE 'O' END AS "caractereEmployeurEtablissement",
                 'false' AS "changementCaractereEmployeurEtablissement"
          FROM p ORDER BY siren, siret, j DESC
        ) TO '{csv_h}.tmp' (FORMAT csv, HEADER true, DELIMITER ',', QUOTE '"')
    """)
    Path(f"{csv_h}.tmp").replace(csv_h)
    lignes = con.execute(f"SELECT count(*) FROM read_csv('{csv_h}', all_varchar = true)").fetchone()[0]
    con.close()
    assert open(csv_h, encoding="utf-8").readline().strip().split(",") == [c.strip('"') for c in colonnes.split(", ")]
    with zipfile.ZipFile(f"{zip_h}.tmp", "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        archive.write(csv_h, arcname="StockEtablissementHistorique_utf8.csv")
    Path(f"{zip_h}.tmp").replace(zip_h)
    infos = {"lignes": lignes, "csv": str(csv_h), "zip": str(zip_h),
             "octets_csv": csv_h.stat().st_size, "octets_zip": zip_h.stat().st_size}
    description.write_text(json.dumps(infos, indent=1), encoding="utf-8")
    return infos


def preparer(base: Path, stock_zip: Path, epcis: list[str], dossier: Path) -> dict:
    """Migrate a throwaway database, create the territory, import its stock (the real importer)."""
    mesures = BANC / "sirene_mesures.py"
    resultat = subprocess.run([sys.executable, str(mesures), "preparer_base", str(base), *sum((["--epci", e] for e in epcis), [])],
                              capture_output=True, text=True, cwd=BANC.parent)
    if resultat.returncode:
        raise SystemExit(resultat.stderr[-2000:])
    stock = lancer(["importer", str(stock_zip), "--base", str(base)], dossier)
    if "erreur" in stock:
        raise SystemExit(f"import du stock impossible : {stock['erreur']}")
    return stock


def filtrer(fichier: Path, base: Path) -> dict:
    """Child process: the history reader alone on ``fichier`` (the territory's periods kept, the
    overlapping ones set aside, nothing written). Prints one JSON line, as sirene_mesures does."""
    sirene_mesures._django(base)
    from territoire.etablissements.importer.historique import (
        LecteurHistorique,
        _lire,
        _sirets_du_territoire,
    )
    from territoire.etablissements.models import RegleNaf
    from territoire.referentiel.models import Territoire

    sirene_mesures._prechauffer_import()
    territoire = Territoire.objects.get(slug=sirene_mesures.SLUG_TERRITOIRE)
    sirets = _sirets_du_territoire(territoire)
    regles = dict(RegleNaf.objects.values_list("prefixe", "filiere_id"))
    cpu_avant, debut = sirene_mesures.temps_cpu(), time.perf_counter()
    lecteur = LecteurHistorique(fichier)
    try:
        lecture = _lire(lecteur, sirets, regles, False)
    finally:
        lecteur.fermer()
    resultat = {"secondes": time.perf_counter() - debut, "lignes": lecteur.lignes_lues,
                "retenues": lecture.lignes_retenues, "periodes": sum(len(p) for p in lecture.periodes.values())}
    resultat["pic_memoire_mo"] = sirene_mesures.pic_memoire_mo()
    resultat["cpu_secondes"] = sirene_mesures.temps_cpu() - cpu_avant
    return resultat


def lancer_filtre(fichier: str, base: Path, dossier: Path) -> dict:
    with tempfile.TemporaryFile(mode="w+", dir=dossier) as sortie:
        processus = subprocess.run([sys.executable, __file__, "filtrer", fichier, "--base", str(base)],
                                   stdout=sortie, stderr=subprocess.PIPE, text=True, cwd=BANC.parent)
        sortie.seek(0)
        lignes = [ligne for ligne in sortie.read().splitlines() if ligne.startswith("{")]
    if processus.returncode or not lignes:
        return {"erreur": (processus.stderr.strip().splitlines() or [f"code {processus.returncode}"])[-1]}
    return json.loads(lignes[-1])


def _debit(r: dict, octets: int) -> float | None:
    return octets / r["secondes"] / MO if r.get("secondes") else None


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["filtrer"]:
        print(json.dumps(filtrer(Path(argv[1]), Path(argv[3]))), flush=True)
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lignes", type=int, default=1_000_000, help="lignes du stock du grand fichier")
    parser.add_argument("--petit", type=int, default=400_000, help="lignes du stock du petit fichier")
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--epci", action="append", default=None)
    args = parser.parse_args(argv)
    epcis = args.epci or ["200072460"]
    SORTIE.mkdir(exist_ok=True)
    charge = {"avant": os.getloadavg()}
    par_taille = {}
    with tempfile.TemporaryDirectory(dir=SORTIE, prefix="historique-") as tmp:
        dossier = Path(tmp)
        for taille in (args.petit, args.lignes):
            stock = sirene_generateur.generer(SORTIE, taille, epcis)
            h = historique(Path(stock["fichiers"]["csv"]), SORTIE / f"StockEtablissementHistorique_{taille}")
            modele = dossier / f"modele_{taille}.sqlite3"
            preparer(modele, Path(stock["fichiers"]["zip"]), epcis, dossier)
            resultats: dict[str, dict] = {}
            for _ in range(args.repetitions):
                for cle, commande in (
                    ("brut_zip", ["brut_zip", h["zip"]]), ("filtre_zip", "filtre"),
                    ("brut_csv", ["brut_csv", h["csv"]]), ("import_zip", None), ("import_csv", None),
                ):
                    if commande == "filtre":
                        r = lancer_filtre(h["zip"], modele, dossier)
                    elif commande is None:
                        base = dossier / "essai.sqlite3"
                        shutil.copy(modele, base)
                        fichier = h["zip"] if cle == "import_zip" else h["csv"]
                        r = lancer(["importer", fichier, "--base", str(base), "--importer",
                                    "territoire.etablissements.importer.historique:importer_historique"], dossier)
                    else:
                        r = lancer(commande, dossier)
                    if "erreur" in r:
                        raise SystemExit(f"{cle} : {r['erreur']}")
                    meilleur = resultats.get(cle)
                    pic = max(r["pic_memoire_mo"], (meilleur or {}).get("pic_memoire_mo", 0))
                    cpu = min(r["cpu_secondes"], (meilleur or {}).get("cpu_secondes", float("inf")))
                    if meilleur is None or r["secondes"] < meilleur["secondes"]:
                        resultats[cle] = r
                    # Best wall time, least CPU time and largest peak of the trials.
                    resultats[cle]["pic_memoire_mo"] = pic
                    resultats[cle]["cpu_secondes"] = cpu
            par_taille[taille] = {"historique": h, "mesures": resultats}
    charge["apres"] = os.getloadavg()

    print(f"\nImport de l'historique SIRENE — charge moyenne {charge['avant'][0]:.1f} → {charge['apres'][0]:.1f}")
    print(f"{'mesure':<34}{'stock':>10}{'lignes hist.':>14}{'secondes':>10}{'Mo/s':>9}{'pic Mo':>9}{'CPU s':>8}")
    verdicts = []
    for taille, donnees in par_taille.items():
        h, m = donnees["historique"], donnees["mesures"]
        for cle, libelle in (("brut_zip", "unzip -p | wc -c"), ("filtre_zip", "filtre de l'historique (ZIP)"),
                             ("import_zip", "import de l'historique (ZIP)"),
                             ("brut_csv", "cat | wc -c"), ("import_csv", "import de l'historique (CSV)")):
            r = m[cle]
            print(f"{libelle:<34}{taille:>10,}{h['lignes']:>14,}{r['secondes']:>10.2f}{_debit(r, h['octets_csv']):>9.1f}"
                  f"{r['pic_memoire_mo']:>9.0f}{r['cpu_secondes']:>8.2f}".replace(",", " "))
        for cle, quoi in (("filtre_zip", "filtre"), ("import_zip", "import entier")):
            rapport = m["brut_zip"]["secondes"] / m[cle]["secondes"]
            verdicts.append((f"ZIP (stock de {taille} lignes) : {quoi} / unzip -p, temps écoulé", rapport,
                             rapport >= SEUIL_ZIP))
            rapport = m["brut_zip"]["cpu_secondes"] / m[cle]["cpu_secondes"]
            verdicts.append((f"ZIP (stock de {taille} lignes) : {quoi} / unzip -p, temps processeur", rapport,
                             rapport >= SEUIL_ZIP))
    petit, grand = par_taille[args.petit]["mesures"], par_taille[args.lignes]["mesures"]
    for cle in ("filtre_zip", "import_zip"):
        croissance = grand[cle]["pic_memoire_mo"] / petit[cle]["pic_memoire_mo"]
        verdicts.append((f"pic mémoire grand / petit ({cle})", croissance, croissance <= CROISSANCE_MAX))
    print()
    for libelle, valeur, ok in verdicts:
        print(f"{'PASS' if ok else 'FAIL'}  {libelle} : {valeur:.2f}")
    (SORTIE / "observatoire_historique.json").write_text(json.dumps({
        "date": dt.datetime.now().isoformat(timespec="seconds"), "charge": charge,
        "tailles": {str(k): v for k, v in par_taille.items()},
        "verdicts": [{"mesure": a, "valeur": b, "atteint": c} for a, b, c in verdicts],
    }, indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
