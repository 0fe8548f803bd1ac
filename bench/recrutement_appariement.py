"""Benchmark of the match page on the demo territory: SQL queries and server time.

Renders `/<territoire>/recrutement/appariement/` for the demo team account through Django's
test client on the demo database (TERRITOIRE_DATA_DIR of a built demo), `--repetitions`
times after a warm-up, and prints the median server time (processor time of the process, like
bench/pages.py, and wall time) and the query count; then doubles
the open needs (copies, rolled back at the end) and checks the query count did not change.
The baseline in the same run is the public trainings list (`formations/`). Target
(issue 14): constant queries, under 100 ms.

    TERRITOIRE_DATA_DIR=/path/to/demo python bench/recrutement_appariement.py [--repetitions 20] [--territoire SLUG]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

RACINE = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repetitions", type=int, default=20)
    parser.add_argument("--territoire", help="identifiant (slug) ; par défaut le premier territoire fictif (la démo)")
    args = parser.parse_args()
    sys.path.insert(0, str(RACINE))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "territoire.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from territoire.recrutement.models import BesoinRecrutement
    from territoire.referentiel.models import Territoire

    settings.ALLOWED_HOSTS = ["*"]
    territoire = (Territoire.objects.get(slug=args.territoire) if args.territoire
                  else Territoire.objects.filter(donnees_fictives=True).order_by("pk").first())
    client = Client()
    client.force_login(get_user_model().objects.get(username="demo-equipe"))

    def mesurer(url):
        """Median server time in ms: processor time of this process (what the load of other
        processes on a shared machine disturbs least; the database is SQLite, in this process)
        and wall time; and the query count."""
        client.get(url)
        temps, murs = [], []
        for _ in range(args.repetitions):
            debut, mur = time.process_time(), time.perf_counter()
            assert client.get(url).status_code == 200
            temps.append(time.process_time() - debut)
            murs.append(time.perf_counter() - mur)
        with CaptureQueriesContext(connection) as requetes:
            client.get(url)
        mesurer.mur = statistics.median(murs) * 1000
        return statistics.median(temps) * 1000, len(requetes)

    page = f"/{territoire.slug}/recrutement/appariement/"
    ms, requetes = mesurer(page)
    mur = mesurer.mur
    base_ms, base_requetes = mesurer(f"/{territoire.slug}/recrutement/formations/")
    with transaction.atomic():
        besoins = list(BesoinRecrutement.objects.filter(territoire=territoire, statut="ouvert"))
        for b in besoins:
            b.pk = None
            b.rome = b.rome[:3] + f"{(int(b.rome[3:]) + 7) % 100:02d}"
        BesoinRecrutement.objects.bulk_create(besoins)
        ms2, requetes2 = mesurer(page)
        transaction.set_rollback(True)
    print(f"Page d'appariement (démo, {len(besoins)} besoins ouverts) : {ms:.1f} ms médian de processeur "
          f"({mur:.1f} ms de mur), {requetes} requêtes")
    print(f"  référence, liste publique des formations : {base_ms:.1f} ms, {base_requetes} requêtes ; rapport {ms / base_ms:.2f}")
    print(f"  besoins doublés : {ms2:.1f} ms, {requetes2} requêtes — requêtes constantes : {'PASS' if requetes2 == requetes else 'FAIL'}")
    print(f"  moins de 100 ms : {'PASS' if max(ms, ms2) < 100 else 'FAIL'}")


if __name__ == "__main__":
    main()
