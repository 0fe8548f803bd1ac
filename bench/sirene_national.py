"""Benchmark of the national pass (`territoire sirene import FICHIER --tous-les-territoires`).

On the national-shaped, fictitious StockEtablissement ZIP that `bench/sirene_generateur.py`
writes (cached under bench/out/), with the 183 Territoires d'industrie 2023-2027 created by
`territoire init --ti tous` in a throwaway SQLite database, it measures, each in its own child
process (peak memory of that measurement alone: VmHWM of a fresh process):

- the physical limit: ISA-L (the ``isal`` package) inflating the ZIP's CSV member, bytes counted
  and thrown away; zlib doing the same, for reference;
- one territory (ti-3205, Béthune-Bruay et Flandre-Lys) imported from the file
  (``importer_stock``), in the same run;
- every created territory filled by one pass (``importer_tous_les_territoires``).

It prints seconds (wall and CPU), MB/s of uncompressed CSV, peak memory, then the targets of
issue 13: all territories ≤ 1.3 × one territory; the pass ≥ 0.5 × ISA-L's rate; peak memory
< 1.5 GB and flat in file size (two sizes); and the full national estimate (43.9 M rows) from
the measured rate. Figures go to bench/out/sirene_national.json. The machine is shared: the
verdicts are given on wall time as the targets are stated, with the same ratio in CPU time.

    python bench/sirene_national.py [--lignes 2000000] [--petit 1000000] [--repetitions 1]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import shutil
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BANC = Path(__file__).resolve().parent
RACINE = BANC.parent
MO = 1_000_000
LIGNES_NATIONALES = 43_900_000
ID_TI = "ti-3205"
SEUIL_TOUS = 1.3
SEUIL_ISAL = 0.5
SEUIL_MEMOIRE_MO = 1500
CROISSANCE_MAX = 1.20
MESURES = [
    ("isal", "ISA-L inflate du membre (limite physique)"),
    ("zlib", "zlib inflate du membre (référence)"),
    ("un", f"import d'un territoire ({ID_TI})"),
    ("tous", "import de tous les territoires (une passe)"),
]


# --- child side ---------------------------------------------------------------------------


def _pic_mo() -> float:
    with open("/proc/self/status", encoding="ascii") as f:
        for ligne in f:
            if ligne.startswith("VmHWM:"):
                return int(ligne.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _inflater(fichier: Path, module) -> int:
    """Inflate the ZIP's single member from its raw deflate stream; the inflated size."""
    import zipfile

    with zipfile.ZipFile(fichier) as archive:
        info = archive.infolist()[0]
    total = 0
    with open(fichier, "rb") as f:
        f.seek(info.header_offset)
        entete = f.read(30)
        longueur_nom, longueur_extra = struct.unpack("<HH", entete[26:30])
        f.seek(info.header_offset + 30 + longueur_nom + longueur_extra)
        inflation = module.decompressobj(-15)
        reste = info.compress_size
        while reste:
            bloc = f.read(min(1 << 20, reste))
            reste -= len(bloc)
            total += len(inflation.decompress(bloc))
        total += len(inflation.flush())
    return total


def _django(base: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{base}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "territoire.settings")
    if str(RACINE) not in sys.path:
        sys.path.insert(0, str(RACINE))
    import django

    django.setup()


def enfant(mesure: str, fichier: Path, base: Path | None) -> dict:
    if mesure in ("isal", "zlib"):
        if mesure == "isal":
            from isal import isal_zlib as module
        else:
            import zlib as module
        debut, cpu = time.perf_counter(), time.process_time()
        octets = _inflater(fichier, module)
        return {"secondes": time.perf_counter() - debut, "cpu_secondes": time.process_time() - cpu,
                "octets": octets, "pic_memoire_mo": _pic_mo()}
    _django(base)
    from django.core.management import call_command

    if mesure == "preparer":
        from io import StringIO

        call_command("migrate", verbosity=0)
        debut = time.perf_counter()
        call_command("init", "--ti", "tous", stdout=StringIO())
        from territoire.referentiel.models import Territoire

        return {"secondes": time.perf_counter() - debut, "territoires": Territoire.objects.count(),
                "pic_memoire_mo": _pic_mo(), "cpu_secondes": time.process_time()}
    # Everything the import loads (modules, pyproj's transformer) before the clock starts.
    import pyarrow  # noqa: F401

    from territoire.etablissements.importer import importer_stock, importer_tous_les_territoires
    from territoire.referentiel import geo
    from territoire.referentiel.models import Territoire

    geo.lambert93_vers_wgs84(650000.0, 6860000.0)
    debut, cpu = time.perf_counter(), time.process_time()
    if mesure == "un":
        imp = importer_stock(Territoire.objects.get(id_ti=ID_TI), fichier)
        resultat = {"territoires": 1, "refuses": 0, "lignes_lues": imp.lignes_lues, "retenues": imp.lignes_retenues}
    else:
        rapport = importer_tous_les_territoires(fichier)
        resultat = {"territoires": len(rapport.resultats), "refuses": len(rapport.refuses),
                    "lignes_lues": rapport.lignes_lues, "retenues": rapport.lignes_gardees,
                    "secondes_lecture": rapport.secondes_lecture,
                    "retenues_ti": next((r.imp.lignes_retenues for r in rapport.resultats
                                         if r.imp and r.territoire.id_ti == ID_TI), None)}
    resultat.update({"secondes": time.perf_counter() - debut, "cpu_secondes": time.process_time() - cpu,
                     "pic_memoire_mo": _pic_mo()})
    return resultat


# --- parent side --------------------------------------------------------------------------


def lancer(arguments: list[str]) -> dict:
    processus = subprocess.run([sys.executable, __file__, "--enfant", *arguments], capture_output=True, text=True,
                               cwd=RACINE)
    lignes = [ligne for ligne in processus.stdout.splitlines() if ligne.startswith("{")]
    if processus.returncode != 0 or not lignes:
        texte = processus.stderr.strip().splitlines()
        return {"erreur": texte[-1] if texte else f"code de sortie {processus.returncode}"}
    return json.loads(lignes[-1])


def _cellule(r: dict, octets: int) -> str:
    if "erreur" in r:
        return "ERREUR : " + r["erreur"]
    return (f"{r['secondes']:8.2f} s {octets / MO / r['secondes']:8.1f} Mo/s {r['pic_memoire_mo']:8.0f} Mo "
            f"{r['cpu_secondes']:8.2f} s CPU")


def mesurer(infos: dict, modele: Path, dossier: Path, repetitions: int) -> dict:
    zip_ = Path(infos["fichiers"]["zip"])
    essais: dict[str, list[dict]] = {cle: [] for cle, _ in MESURES}
    for repetition in range(repetitions):
        print(f"    essai {repetition + 1}/{repetitions}…", flush=True)
        for cle, _ in MESURES:  # interleaved: the machine's noise spreads over every measurement
            arguments = [cle, str(zip_)]
            if cle in ("un", "tous"):
                base = dossier / "import.sqlite3"
                shutil.copyfile(modele, base)
                arguments += ["--base", str(base)]
            essais[cle].append(lancer(arguments))
            e = essais[cle][-1]  # printed at once: a long pass can be stopped without losing the others
            print(f"      {cle} : " + (f"{e['secondes']:.1f} s, {e['cpu_secondes']:.2f} s CPU, {e['pic_memoire_mo']:.0f} Mo"
                                      if "secondes" in e else e.get("erreur", "?")), flush=True)
    resultats = {}
    for cle, libelle in MESURES:
        valides = [e for e in essais[cle] if "secondes" in e]
        r = dict(min(valides, key=lambda e: e["secondes"])) if valides else essais[cle][-1]
        if valides:
            r["pic_memoire_mo"] = max(e["pic_memoire_mo"] for e in valides)
            r["cpu_secondes"] = min(e["cpu_secondes"] for e in valides)
            r["debit_mo_s"] = infos["octets"]["csv"] / MO / r["secondes"]
        r["libelle"] = libelle
        resultats[cle] = r
        print(f"    {libelle:<46} {_cellule(r, infos['octets']['csv'])}", flush=True)
    return resultats


def objectifs(par_taille: dict[int, dict]) -> list[dict]:
    verdicts = []
    for taille, r in sorted(par_taille.items()):
        un, tous, isal = r.get("un", {}), r.get("tous", {}), r.get("isal", {})
        if "secondes" in un and "secondes" in tous:
            ratio = tous["secondes"] / un["secondes"]
            verdicts.append({"taille": taille, "objectif": f"tous les territoires ≤ {SEUIL_TOUS}× un territoire",
                             "valeur": f"{ratio:.2f}×", "cpu": f"{tous['cpu_secondes'] / un['cpu_secondes']:.2f}×",
                             "ok": ratio <= SEUIL_TOUS})
        if "secondes" in tous and "secondes" in isal:
            ratio = isal["secondes"] / tous["secondes"]
            verdicts.append({"taille": taille, "objectif": f"débit de la passe ≥ {SEUIL_ISAL}× ISA-L inflate",
                             "valeur": f"{ratio:.2f}×", "cpu": f"{isal['cpu_secondes'] / tous['cpu_secondes']:.2f}×",
                             "ok": ratio >= SEUIL_ISAL})
        pics = [x["pic_memoire_mo"] for x in (un, tous) if "secondes" in x]
        if pics:
            verdicts.append({"taille": taille, "objectif": f"pic mémoire < {SEUIL_MEMOIRE_MO} Mo",
                             "valeur": f"{max(pics):.0f} Mo", "cpu": None, "ok": max(pics) < SEUIL_MEMOIRE_MO})
    tailles = sorted(par_taille)
    if len(tailles) >= 2:
        a = par_taille[tailles[0]].get("tous", {}).get("pic_memoire_mo")
        b = par_taille[tailles[-1]].get("tous", {}).get("pic_memoire_mo")
        if a and b:
            verdicts.append({"taille": f"{tailles[0]}→{tailles[-1]}",
                             "objectif": f"pic mémoire de la passe plat (grand/petit ≤ {CROISSANCE_MAX})",
                             "valeur": f"{b / a:.2f}", "cpu": None, "ok": b / a <= CROISSANCE_MAX})
    return verdicts


def estimation(par_taille: dict[int, dict], fichiers: dict) -> dict | None:
    """The national stock at the measured rate of the largest size (rows per second, wall and CPU)."""
    taille = max(par_taille)
    tous = par_taille[taille].get("tous", {})
    if "secondes" not in tous:
        return None
    par_ligne = tous["secondes"] / taille
    return {"lignes": LIGNES_NATIONALES, "depuis": taille, "secondes": par_ligne * LIGNES_NATIONALES,
            "secondes_cpu": tous["cpu_secondes"] / taille * LIGNES_NATIONALES,
            "octets_csv_estimes": fichiers[taille]["octets"]["csv"] / taille * LIGNES_NATIONALES}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Banc de la passe nationale (voir bench/README.md).")
    parser.add_argument("--enfant", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument("--base", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--lignes", type=int, default=2_000_000, help="lignes du grand fichier (2 000 000)")
    parser.add_argument("--petit", type=int, help="lignes du petit fichier (moitié du grand ; 0 : aucun)")
    parser.add_argument("--repetitions", type=int, default=1, help="essais par mesure, entrelacés")
    parser.add_argument("--sortie", type=Path, default=BANC / "out")
    args = parser.parse_args(argv)
    if args.enfant:
        print(json.dumps(enfant(args.enfant[0], Path(args.enfant[1]) if len(args.enfant) > 1 else None, args.base)))
        return 0

    sys.path.insert(0, str(BANC))
    import sirene_generateur

    petit = args.lignes // 2 if args.petit is None else args.petit
    tailles = sorted({t for t in (petit, args.lignes) if t > 0})
    args.sortie.mkdir(parents=True, exist_ok=True)
    charge = os.getloadavg()
    print(f"Banc de la passe nationale — {os.cpu_count()} cœurs, charge moyenne {charge[0]:.1f} "
          "(d'autres travaux sur la machine faussent les temps de mur ; les temps CPU moins)")
    print("Fichiers (en cache dans bench/out/)…", flush=True)
    fichiers = {t: sirene_generateur.generer(args.sortie, t, ["200072460"], 0.005) for t in tailles}
    with tempfile.TemporaryDirectory(prefix="banc-national-", dir=args.sortie) as temporaire:
        dossier = Path(temporaire)
        modele = dossier / "modele.sqlite3"
        print("Base SQLite jetable : migrations et territoire init --ti tous…", flush=True)
        preparation = lancer(["preparer", "--base", str(modele)])
        if "erreur" in preparation:
            print(f"Préparation impossible : {preparation['erreur']}", file=sys.stderr)
            return 1
        print(f"    {preparation['territoires']} territoires créés en {preparation['secondes']:.1f} s")
        par_taille = {}
        for taille in tailles:
            o = fichiers[taille]["octets"]
            print(f"\n{taille:,} lignes — CSV {o['csv'] / MO:.0f} Mo, ZIP {o['zip'] / MO:.0f} Mo".replace(",", " "),
                  flush=True)
            par_taille[taille] = mesurer(fichiers[taille], modele, dossier, args.repetitions)
    verdicts = objectifs(par_taille)
    print("\nObjectifs")
    for v in verdicts:
        etat = {True: "PASS", False: "FAIL"}[v["ok"]]
        cpu = f"  (en temps CPU : {v['cpu']})" if v["cpu"] else ""
        print(f"  {etat}  {str(v['taille']):>17}  {v['objectif']:<52} {v['valeur']}{cpu}")
    national = estimation(par_taille, fichiers)
    if national:
        print(f"\nStock national ({LIGNES_NATIONALES:,} lignes, ~{national['octets_csv_estimes'] / 1e9:.1f} Go de CSV) "
              f"au débit mesuré : {national['secondes'] / 60:.0f} min de mur, "
              f"{national['secondes_cpu'] / 60:.0f} min de CPU".replace(",", " "))
    rapport = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {"coeurs": os.cpu_count(), "python": platform.python_version(),
                    "charge_moyenne_avant": charge, "charge_moyenne_apres": os.getloadavg()},
        "preparation": preparation, "tailles": tailles,
        "fichiers": {t: {k: v for k, v in fichiers[t].items() if k != "codes_territoire"} for t in tailles},
        "mesures": par_taille, "objectifs": verdicts, "estimation_nationale": national,
    }
    chemin = args.sortie / "sirene_national.json"
    chemin.write_text(json.dumps(rapport, indent=1, ensure_ascii=False), encoding="utf-8")
    print(f"\nChiffres complets : {chemin}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
