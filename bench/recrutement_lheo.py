"""Benchmark of the LHEO import: throughput against lxml's bare iterparse, and flat memory.

Generates a fictitious regional LHEO 2.2 file (default 500 MB, cached in bench/out/): offers
shaped like the real samples, 5 % of them given on the territory's communes, the others in
far-away communes (Paris, Lyon, Marseille, Toulouse, Lille), as a regional Carif-Oref export
would be for one Territoire d'industrie. Then, each in its own child process (so that peak
memories do not mix), alternated `--repetitions` times:

- the baseline: lxml's bare `iterparse(tag=formation)` over the file, clearing each element
  (the least a streaming reader can do);
- the import: `importer_lheo` into a throwaway SQLite database (migrated once, copied before
  each run) for a two-commune territory (Béthune, Ruitz), with the default 30 km radius.

Prints, for each interleaved pair, seconds and processor seconds (user + system, which the
other processes of a shared machine disturb less), the peak resident memory (VmHWM), then the
resident memory sampled along the file and the verdicts: the median over the pairs of the
import's throughput ≥ 0.5 × the baseline's, the import's peak < 200 MB and flat. `--second`
imports the same file a second time in the same child (every offer unchanged).

    python bench/recrutement_lheo.py [--mo 500] [--repetitions 2] [--version 2.3] [--second]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BANC = Path(__file__).resolve().parent
RACINE = BANC.parent
SORTIE = BANC / "out"
MO = 1_000_000
NS = {"2.2": "http://www.lheo.org/2.2", "2.3": "http://lheo.gouv.fr/2.3"}
LOIN = ["75056", "69123", "13055", "31555", "59350"]
SUR_PLACE = ["62119", "62729"]


def _offre(i: int, commune: str) -> str:
    sys.path.insert(0, str(RACINE))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "territoire.settings")
    import django

    django.setup()
    from tests.recrutement.factories import offre_lheo

    return offre_lheo(f"B{i}", intitule=f"Technicien d'usinage en commande numérique n° {i}", commune=commune,
                      siret="73282932000074" if i % 2 else "82422814200660")


def generer(mo: int, version: str) -> Path:
    SORTIE.mkdir(exist_ok=True)
    chemin = SORTIE / f"recrutement_lheo_{version}_{mo}mo.xml"
    if chemin.exists():
        return chemin
    provisoire = chemin.with_suffix(".part")
    modeles = {c: _offre(0, c) for c in LOIN + SUR_PLACE}
    with open(provisoire, "w", encoding="utf-8") as fh:
        fh.write(f'<?xml version="1.0" encoding="UTF-8"?>\n<lheo xmlns="{NS[version]}"><offres>\n')
        i = 0
        while fh.tell() < mo * MO:
            commune = SUR_PLACE[i % 2] if i % 20 == 0 else LOIN[i % len(LOIN)]
            fh.write(modeles[commune].replace('"B0', f'"B{i}').replace("n° 0<", f"n° {i}<"))
            i += 1
        fh.write("</offres></lheo>\n")
    provisoire.rename(chemin)
    return chemin


def vmhwm() -> int:
    for ligne in Path("/proc/self/status").read_text().splitlines():
        if ligne.startswith("VmHWM:"):
            return int(ligne.split()[1]) * 1024
    return 0


def cpu() -> float:
    """Processor time of this process (user + system): what the load of other processes
    on a shared machine disturbs least."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def rss() -> int:
    return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def mesure_brute(chemin: Path, version: str) -> dict:
    from lxml import etree

    debut, processeur, n = time.perf_counter(), cpu(), 0
    for _, element in etree.iterparse(str(chemin), events=("end",), tag=f"{{{NS[version]}}}formation"):
        n += 1
        element.clear(keep_tail=False)
        while element.getprevious() is not None:
            del element.getparent()[0]
    return {"secondes": time.perf_counter() - debut, "cpu": cpu() - processeur, "offres": n, "pic": vmhwm()}


def mesure_import(chemin: Path, version: str, base: Path, second: bool = False) -> dict:
    os.environ["DATABASE_URL"] = f"sqlite:///{base}"
    sys.path.insert(0, str(RACINE))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "territoire.settings")
    import django

    django.setup()
    from territoire.recrutement.geographie import centroides_france
    from territoire.recrutement.lheo import importation
    from territoire.recrutement.lheo.lecture import schema_23
    from territoire.referentiel.models import Commune, Territoire

    territoire = Territoire.objects.create(nom="Banc", slug="banc")
    for code, nom, lat, lon in (("62119", "Béthune", 50.53, 2.64), ("62729", "Ruitz", 50.47, 2.59)):
        territoire.communes.add(Commune.objects.create(code_insee=code, nom=nom, latitude=lat, longitude=lon))
    centroides_france()  # loaded once per process, before the stopwatch (like lxml's import)
    schema_23()
    echantillons = []
    debut, processeur = time.perf_counter(), cpu()
    run = importation.importer_lheo(territoire, chemin, rayon_km=30,
                                    progression=lambda n: echantillons.append((n, rss())) if n % 20000 == 0 else None)
    secondes, processeur = time.perf_counter() - debut, cpu() - processeur
    resultat = {"secondes": secondes, "cpu": processeur, "offres": run.lus, "crees": run.crees,
                "hors": run.hors_territoire, "statut": run.statut, "pic": vmhwm(), "rss": echantillons}
    if second:
        # The same file again: every kept offer is unchanged (content hash), nothing is written.
        debut, processeur = time.perf_counter(), cpu()
        run = importation.importer_lheo(territoire, chemin, rayon_km=30)
        resultat["second"] = {"secondes": time.perf_counter() - debut, "cpu": cpu() - processeur,
                              "inchanges": run.inchanges, "crees": run.crees}
    return resultat


def enfant(mode: str, chemin: Path, version: str, base: Path | None, second: bool = False) -> dict:
    commande = [sys.executable, __file__, "--enfant", mode, "--fichier", str(chemin), "--version", version]
    if base:
        commande += ["--base", str(base)]
    if second:
        commande.append("--second")
    sortie = subprocess.run(commande, capture_output=True, text=True, check=True, cwd=RACINE)
    return json.loads(sortie.stdout.strip().splitlines()[-1])


def _mediane(valeurs: list[float]) -> float:
    valeurs = sorted(valeurs)
    milieu = len(valeurs) // 2
    return valeurs[milieu] if len(valeurs) % 2 else (valeurs[milieu - 1] + valeurs[milieu]) / 2


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mo", type=int, default=500)
    parser.add_argument("--repetitions", type=int, default=2)
    parser.add_argument("--version", choices=["2.2", "2.3"], default="2.2")
    parser.add_argument("--second", action="store_true", help="réimporte le même fichier (offres inchangées)")
    parser.add_argument("--enfant")
    parser.add_argument("--fichier")
    parser.add_argument("--base")
    args = parser.parse_args()
    if args.enfant:
        fichier = Path(args.fichier)
        resultat = (mesure_brute(fichier, args.version) if args.enfant == "brut"
                    else mesure_import(fichier, args.version, Path(args.base), args.second))
        print(json.dumps(resultat))
        return
    chemin = generer(args.mo, args.version)
    taille = chemin.stat().st_size / MO
    with tempfile.TemporaryDirectory() as dossier:
        modele = Path(dossier) / "modele.sqlite3"
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{modele}"}
        subprocess.run([sys.executable, "-m", "django", "migrate", "-v0"], env={**env, "DJANGO_SETTINGS_MODULE":
                       os.environ.get("DJANGO_SETTINGS_MODULE", "territoire.settings")}, check=True, cwd=RACINE,
                       capture_output=True)
        paires = []
        for _ in range(args.repetitions):
            # Interleaved: each import is compared with the baseline run just before it.
            brut = enfant("brut", chemin, args.version, None)
            base = Path(dossier) / "essai.sqlite3"
            shutil.copy(modele, base)
            paires.append((brut, enfant("import", chemin, args.version, base, args.second)))
    rapports = [b["secondes"] / i["secondes"] for b, i in paires]
    rapports_cpu = [b["cpu"] / i["cpu"] for b, i in paires]
    b, i = paires[-1]
    pic = max(i["pic"] for _, i in paires) / MO
    rss = [round(m / MO) for _, m in i["rss"]]
    plat = not rss or max(rss) - min(rss) < 30
    rapport = _mediane(rapports)
    print(f"Fichier LHEO {args.version} : {taille:.0f} Mo, {b['offres']} offres ({i['crees']} gardées sur le territoire, {i['hors']} hors zone)")
    for n, (b, i) in enumerate(paires, 1):
        print(f"  paire {n} : iterparse nu {b['secondes']:.1f} s (processeur {b['cpu']:.1f} s), pic {b['pic'] / MO:.0f} Mo ; "
              f"import {i['secondes']:.1f} s (processeur {i['cpu']:.1f} s), pic {i['pic'] / MO:.0f} Mo ; "
              f"rapport {rapports[n - 1]:.2f} (processeur {rapports_cpu[n - 1]:.2f})")
        if "second" in i:
            s2 = i["second"]
            print(f"           réimport du même fichier : {s2['secondes']:.1f} s (processeur {s2['cpu']:.1f} s), "
                  f"{s2['inchanges']} inchangées, {s2['crees']} créées ; rapport {b['secondes'] / s2['secondes']:.2f}")
    print(f"  mémoire résidente de l'import le long du fichier (Mo) : {rss}")
    print(f"  débit de l'import / iterparse nu, médiane des paires : {rapport:.2f} (processeur {_mediane(rapports_cpu):.2f})"
          f" — {'PASS' if rapport >= 0.5 else 'FAIL'} (objectif ≥ 0,5)")
    print(f"  pic mémoire de l'import < 200 Mo et plat : {'PASS' if pic < 200 and plat else 'FAIL'}")


if __name__ == "__main__":
    main()
