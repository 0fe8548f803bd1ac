"""Server time and SQL query count of the census's pages on an existing database (the demo).

    TERRITOIRE_DATA_DIR=/tmp/demo .venv/bin/python bench/pages_recensement.py [SLUG]

Each page is requested through Django's test client (no network), as the public and as a
team member; the baseline is the login page (a template and no data) measured in the same run.
The target (DESIGN §5): well under 100 ms per page, queries not growing with the data.
"""

from __future__ import annotations

import os
import statistics
import sys
import time

REPETITIONS = 7


def mesurer(client, url: str) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    durees = []
    requetes = 0
    for _ in range(REPETITIONS):
        with CaptureQueriesContext(connection) as capture:
            debut = time.perf_counter()
            reponse = client.get(url)
            if hasattr(reponse, "streaming_content"):
                b"".join(reponse.streaming_content)
            durees.append(time.perf_counter() - debut)
        assert reponse.status_code == 200, (url, reponse.status_code)
        requetes = len(capture)
    return statistics.median(durees) * 1000, requetes


def main(slug: str | None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "territoire.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.test.utils import setup_test_environment

    from territoire.comptes.models import Adhesion
    from territoire.etablissements.models import Etablissement
    from territoire.referentiel.queries import territoire_designe

    setup_test_environment()
    territoire = territoire_designe(slug)
    n = Etablissement.objects.filter(commune__territoires=territoire).count()
    s = territoire.slug
    pages = [
        ("accueil", f"/{s}/"),
        ("annuaire", f"/{s}/etablissements/"),
        ("annuaire, recherche « mécanique »", f"/{s}/etablissements/?q=m%C3%A9canique"),
        ("annuaire, industrie 10 salariés et plus", f"/{s}/etablissements/?industriels=on&tranche_min=11&tri=-taille"),
        ("export CSV de l'industrie", f"/{s}/etablissements/export.csv?industriels=on"),
        ("carte", f"/{s}/etablissements/carte/"),
        ("API établissements (200)", f"/api/v1/territoires/{s}/etablissements?taille=200"),
        ("GeoJSON industriels suivis", f"/api/v1/territoires/{s}/etablissements.geojson"),
        ("GeoJSON communes", f"/api/v1/territoires/{s}/communes.geojson"),
    ]
    public = Client()
    equipe = Client()
    utilisateur, _ = get_user_model().objects.get_or_create(username="banc-recensement")
    Adhesion.objects.get_or_create(utilisateur=utilisateur, territoire=territoire, role="equipe")
    equipe.force_login(utilisateur)
    base, _ = mesurer(public, "/comptes/connexion/")
    print(f"{territoire.nom} : {n} établissements ; référence (page de connexion) : {base:.1f} ms")
    print(f"{'page':45} {'public ms':>10} {'équipe ms':>10} {'ratio':>6} {'requêtes':>9}")
    for nom, url in pages:
        ms_public, q = mesurer(public, url)
        ms_equipe, _ = mesurer(equipe, url)
        print(f"{nom:45} {ms_public:10.1f} {ms_equipe:10.1f} {ms_equipe / base:6.1f} {q:9d}")
    utilisateur.delete()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else None)
