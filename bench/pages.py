"""Server time and SQL queries of the team's daily pages on the demo territory.

Builds the demo territory once into bench/out/pages/ (its own SQLite file: `territoire migrate`
then `territoire demo`, cached; `--reconstruire` to rebuild), then, in this process, requests
every page of a territory that takes no other argument (lists, dashboards, map, home page),
plus one establishment page, through Django's test client as the demo team member:
median and 90th-percentile server time (wall and CPU), SQL query count, and the ratio to a
baseline page (the sign-in page: same base template and middleware, no data). Target (DESIGN
§5): well under 100 ms server time, judged on CPU time, which the load of a shared machine
distorts far less than wall time. PASS / FAIL is printed; nothing is asserted.

    python bench/pages.py [--repetitions 20] [--reconstruire]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

BANC = Path(__file__).resolve().parent
RACINE = BANC.parent
SEUIL_MS = 100.0
# Pages that are downloads or forms to fill, not pages one reads every day.
EXCLUS = ("export", "xlsx", "docx", "pdf", "csv", "nouvelle", "nouveau", "creer", "deposer", "merci",
          "import", "contribuer", "satisfaction")


def construire_demo(dossier: Path, reconstruire: bool) -> None:
    base = dossier / "territoire.sqlite3"
    if base.exists() and not reconstruire:
        return
    dossier.mkdir(parents=True, exist_ok=True)
    base.unlink(missing_ok=True)
    env = {**os.environ, "TERRITOIRE_DATA_DIR": str(dossier), "DATABASE_URL": f"sqlite:///{base}"}
    territoire = [sys.executable, "-m", "territoire.cli"]
    print("Construction du territoire de démonstration (une fois, en cache)…", flush=True)
    for commande in (["migrate", "--no-input"], ["demo"]):
        subprocess.run([*territoire, *commande], env=env, check=True, cwd=RACINE, stdout=subprocess.DEVNULL)


def pages_du_territoire(slug: str) -> list[tuple[str, str]]:
    """(name, path) of every named URL whose only argument is the territory."""
    from django.urls import URLPattern, URLResolver, get_resolver, reverse
    from django.urls.exceptions import NoReverseMatch

    noms = []

    def parcourir(motifs, espace):
        for motif in motifs:
            if isinstance(motif, URLResolver):
                if motif.namespace == "admin" or str(motif.pattern).startswith("api/"):
                    continue
                parcourir(motif.url_patterns, motif.namespace or espace)
            elif isinstance(motif, URLPattern) and motif.name:
                noms.append(f"{espace}:{motif.name}" if espace else motif.name)

    parcourir(get_resolver().url_patterns, None)
    pages = []
    for nom in dict.fromkeys(noms):
        if any(mot in nom for mot in EXCLUS):
            continue
        try:
            pages.append((nom, reverse(nom, kwargs={"territoire": slug})))
        except NoReverseMatch:
            continue  # needs more than the territory (a pk…), or none at all
    return pages


def chronometrer(client, chemin: str, repetitions: int) -> dict:
    """Median and 90th percentile of wall and CPU time of one page, and its SQL query count."""
    from django.db import connection

    compte = 0

    def compter(execute, sql, params, many, context):
        nonlocal compte
        compte += 1
        return execute(sql, params, many, context)

    for _ in range(2):  # warm caches (templates, first queries)
        client.get(chemin)
    with connection.execute_wrapper(compter):
        reponse = client.get(chemin)
    murs, cpus = [], []
    for _ in range(repetitions):
        debut, debut_cpu = time.perf_counter(), time.process_time()
        client.get(chemin)
        murs.append((time.perf_counter() - debut) * 1000)
        cpus.append((time.process_time() - debut_cpu) * 1000)
    murs.sort()
    return {
        "statut": reponse.status_code,
        "requetes_sql": compte,
        "mediane_ms": statistics.median(murs),
        "p90_ms": murs[min(len(murs) - 1, int(len(murs) * 0.9))],
        "cpu_mediane_ms": statistics.median(cpus),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Banc d'essai des pages (voir bench/README.md).")
    parser.add_argument("--repetitions", type=int, default=20)
    parser.add_argument("--reconstruire", action="store_true", help="reconstruit la base de démonstration")
    parser.add_argument("--sortie", type=Path, default=BANC / "out")
    args = parser.parse_args(argv)

    dossier = args.sortie / "pages"
    construire_demo(dossier, args.reconstruire)
    os.environ["TERRITOIRE_DATA_DIR"] = str(dossier)
    os.environ["DATABASE_URL"] = f"sqlite:///{dossier / 'territoire.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "territoire.settings"
    sys.path.insert(0, str(RACINE))
    import django

    django.setup()
    from django.test import Client

    from territoire.comptes.models import Adhesion
    from territoire.etablissements.models import Etablissement

    adhesion = Adhesion.objects.filter(role="equipe").select_related("utilisateur", "territoire").first()
    if adhesion is None:
        print("Aucun membre de l'équipe dans la base de démonstration : relancez avec --reconstruire.")
        return 1
    slug = adhesion.territoire.slug
    client = Client()
    client.force_login(adhesion.utilisateur)
    pages = pages_du_territoire(slug)
    etablissement = Etablissement.objects.filter(est_industriel=True).order_by("siret").first()
    if etablissement is not None:
        pages.append(("etablissements:detail", etablissement.url(adhesion.territoire)))

    from django.urls import reverse

    socle = chronometrer(client, reverse("comptes:connexion"), args.repetitions)
    print(f"Pages du territoire « {slug} » vues par {adhesion.utilisateur} (équipe), "
          f"{args.repetitions} essais, charge moyenne {os.getloadavg()[0]:.1f}")
    print(f"Socle (page de connexion : même gabarit de base, aucune donnée) : "
          f"{socle['mediane_ms']:.1f} ms, CPU {socle['cpu_mediane_ms']:.1f} ms, {socle['requetes_sql']} requêtes SQL\n")
    print(f"  {'':4}  {'page':<34} {'statut':>6} {'médiane':>9} {'p90':>9} {'CPU':>9} {'× socle':>8} {'SQL':>5}")
    resultats = {}
    for nom, chemin in pages:
        r = chronometrer(client, chemin, args.repetitions)
        r["chemin"] = chemin
        r["rapport_socle"] = r["cpu_mediane_ms"] / socle["cpu_mediane_ms"] if socle["cpu_mediane_ms"] else None
        resultats[nom] = r
        etat = "—   " if r["statut"] != 200 else ("PASS" if r["cpu_mediane_ms"] < SEUIL_MS else "FAIL")
        print(f"  {etat}  {nom:<34} {r['statut']:>6} {r['mediane_ms']:>7.1f}ms {r['p90_ms']:>7.1f}ms "
              f"{r['cpu_mediane_ms']:>7.1f}ms {r['rapport_socle'] or 0:>7.1f}× {r['requetes_sql']:>5}")
    print(
        f"\nObjectif : moins de {SEUIL_MS:.0f} ms de temps serveur par page, jugé sur le temps CPU médian "
        "(le temps écoulé dépend de la charge de la machine ; sur une machine au repos, les deux se "
        "rejoignent). « — » : page non servie en 200. « × socle » : en temps CPU."
    )
    args.sortie.mkdir(parents=True, exist_ok=True)
    chemin = args.sortie / "pages.json"
    chemin.write_text(json.dumps({"socle": socle, "pages": resultats, "seuil_ms": SEUIL_MS,
                                  "charge_moyenne": os.getloadavg()}, indent=1), encoding="utf-8")
    print(f"Chiffres complets : {chemin}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
