"""Benchmark of the France Travail offers import against bare `json.loads` of the same file.

Generates a JSON array of fictitious offers shaped like the real samples (default 60 000,
about 200 MB, cached in bench/out/), 5 % of them on the territory's communes. Then, each in
its own child process, alternated `--repetitions` times: the baseline (`json.loads` of the
file's bytes) and `importer_offres` into a throwaway SQLite database for a two-commune
territory. Target (issue 14): import throughput ≥ 0.5 × the baseline.

    python bench/recrutement_offres.py [--offres 60000] [--repetitions 2]
"""

from __future__ import annotations

import argparse
import json
import os
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
DESCRIPTION = ("Description du poste\nAu sein de l'atelier d'usinage, vous conduisez des centres d'usinage à commande "
               "numérique, réglez les outils et contrôlez les pièces. ") * 8


def generer(n: int) -> Path:
    SORTIE.mkdir(exist_ok=True)
    chemin = SORTIE / f"recrutement_offres_{n}.json"
    if chemin.exists():
        return chemin
    offres = []
    for i in range(n):
        commune = ("62119", "62729")[i % 2] if i % 20 == 0 else ("75056", "69123", "13055", "31555")[i % 4]
        offres.append({
            "id": f"B{i:07d}", "intitule": f"Opérateur régleur sur commande numérique H/F n° {i}",
            "description": DESCRIPTION, "dateCreation": "2026-11-20T08:00:00.000Z",
            "dateActualisation": "2026-11-21T08:00:00.000Z",
            "lieuTravail": {"libelle": "62 - BETHUNE", "latitude": 50.53, "longitude": 2.64, "codePostal": "62400",
                            "commune": commune},
            "romeCode": "H2903", "romeLibelle": "Conduite d'équipement d'usinage",
            "appellationlibelle": "Opérateur régleur / Opératrice régleuse sur machine-outil",
            "entreprise": {"nom": "Entreprise fictive", "entrepriseAdaptee": False},
            "typeContrat": "CDI", "typeContratLibelle": "Contrat à durée indéterminée", "natureContrat": "Contrat travail",
            "experienceExige": "D", "experienceLibelle": "Débutant accepté",
            "salaire": {"libelle": "Mensuel de 2000,00 Euros sur 12 mois"}, "alternance": False, "nombrePostes": 1,
            "accessibleTH": False, "codeNAF": "25.62A", "qualificationLibelle": "Ouvrier qualifié",
            "origineOffre": {"origine": "1", "urlOrigine": f"https://candidat.francetravail.fr/offres/recherche/detail/B{i:07d}"},
        })
    chemin.write_text(json.dumps(offres, ensure_ascii=False), encoding="utf-8")
    return chemin


def mesure_brute(chemin: Path) -> dict:
    debut = time.perf_counter()
    with open(chemin, "rb") as fh:
        n = len(json.loads(fh.read()))
    return {"secondes": time.perf_counter() - debut, "offres": n}


def mesure_import(chemin: Path, base: Path) -> dict:
    os.environ["DATABASE_URL"] = f"sqlite:///{base}"
    sys.path.insert(0, str(RACINE))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "territoire.settings")
    import django

    django.setup()
    from territoire.recrutement.offres import importer_offres
    from territoire.referentiel.models import Commune, Territoire

    territoire = Territoire.objects.create(nom="Banc", slug="banc")
    for code, nom in (("62119", "Béthune"), ("62729", "Ruitz")):
        territoire.communes.add(Commune.objects.create(code_insee=code, nom=nom))
    debut = time.perf_counter()
    run = importer_offres(territoire, chemin)
    return {"secondes": time.perf_counter() - debut, "offres": run.lus, "crees": run.crees, "statut": run.statut}


def enfant(mode: str, chemin: Path, base: Path | None) -> dict:
    commande = [sys.executable, __file__, "--enfant", mode, "--fichier", str(chemin)] + (["--base", str(base)] if base else [])
    sortie = subprocess.run(commande, capture_output=True, text=True, check=True, cwd=RACINE)
    return json.loads(sortie.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--offres", type=int, default=60000)
    parser.add_argument("--repetitions", type=int, default=2)
    parser.add_argument("--enfant")
    parser.add_argument("--fichier")
    parser.add_argument("--base")
    args = parser.parse_args()
    if args.enfant:
        fichier = Path(args.fichier)
        print(json.dumps(mesure_brute(fichier) if args.enfant == "brut" else mesure_import(fichier, Path(args.base))))
        return
    chemin = generer(args.offres)
    taille = chemin.stat().st_size / MO
    with tempfile.TemporaryDirectory() as dossier:
        modele = Path(dossier) / "modele.sqlite3"
        subprocess.run([sys.executable, "-m", "django", "migrate", "-v0"], check=True, cwd=RACINE, capture_output=True,
                       env={**os.environ, "DATABASE_URL": f"sqlite:///{modele}",
                            "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "territoire.settings")})
        brut, imp = [], []
        for _ in range(args.repetitions):
            brut.append(enfant("brut", chemin, None))
            base = Path(dossier) / "essai.sqlite3"
            shutil.copy(modele, base)
            imp.append(enfant("import", chemin, base))
    b, i = min(brut, key=lambda r: r["secondes"]), min(imp, key=lambda r: r["secondes"])
    rapport = b["secondes"] / i["secondes"]
    print(f"Offres France Travail : {taille:.0f} Mo, {b['offres']} offres ({i['crees']} sur le territoire)")
    print(f"  json.loads nu : {b['secondes']:.2f} s ({taille / b['secondes']:.0f} Mo/s)")
    print(f"  import        : {i['secondes']:.2f} s ({taille / i['secondes']:.0f} Mo/s)")
    print(f"  débit de l'import / json nu : {rapport:.2f} — {'PASS' if rapport >= 0.5 else 'FAIL'} (objectif ≥ 0,5)")


if __name__ == "__main__":
    main()
