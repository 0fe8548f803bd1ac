"""Benchmark of the network directory (issue 5): the list of 10 000 organisations, filtered.

Builds a throwaway SQLite database (migrations, a territory of 100 fictitious communes,
10 000 organisations with activity, band and commune, a tenth of them met recently), then
measures, in this process, with the team's account:

- the baseline: the bare ORM read of what the page shows (count, one page of 50 rows with
  their commune, counts by commune), without Django's request cycle or templates;
- the page `reseau:organisations` through Django's test client, unfiltered and with the
  directory's filters (NAF prefix + minimum size + commune, and a name search);
- the firm export (CSV) of the filtered selection;
- the portfolio page (firms not met in 12 months).

It prints median milliseconds, the ratio to the baseline and the number of SQL queries.

    python bench/annuaire_organisations.py [--organisations 10000] [--repetitions 15]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

RACINE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(RACINE))


def preparer(dossier: str) -> None:
    os.environ["TERRITOIRE_DATA_DIR"] = dossier
    os.environ["DATABASE_URL"] = f"sqlite:///{dossier}/banc.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "territoire.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def peupler(n: int):
    import json
    import random
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from territoire.comptes.models import Adhesion
    from territoire.etablissements import tranches
    from territoire.referentiel.models import Commune, Territoire
    from territoire.reseau.models import Interaction, Organisation

    rng = random.Random(5)
    territoire = Territoire.objects.create(nom="Banc d'essai", slug="banc")
    communes = []
    for i in range(100):
        lon, lat = 2.4 + (i % 10) * 0.04, 50.4 + (i // 10) * 0.03
        contour = {"type": "Polygon", "coordinates": [[[lon, lat], [lon + .04, lat], [lon + .04, lat + .03], [lon, lat + .03], [lon, lat]]]}
        communes.append(Commune(code_insee=f"62{i:03d}", nom=f"Commune {i}", contour=json.dumps(contour),
                                longitude=lon + .02, latitude=lat + .015))
    Commune.objects.bulk_create(communes)
    territoire.communes.add(*communes)
    codes = [c for c in tranches.ORDRE if c != "NN"]
    nafs = ["25.62A", "25.62B", "22.29A", "10.71A", "28.11Z", "62.01Z", "27.11Z", "20.16Z"]
    orgas = [
        Organisation(nom=f"Entreprise {i:05d}", type="entreprise", commune=rng.choice(communes),
                     naf=rng.choice(nafs), tranche_effectifs=rng.choice(codes), siret=f"{i:014d}")
        for i in range(n)
    ]
    Organisation.objects.bulk_create(orgas, batch_size=1000)
    Organisation.territoires.through.objects.bulk_create(
        [Organisation.territoires.through(organisation_id=o.pk, territoire_id=territoire.pk) for o in orgas], batch_size=1000
    )
    aujourdhui = timezone.localdate()
    Interaction.objects.bulk_create(
        [Interaction(territoire=territoire, organisation=o, type="visite", objet="Visite",
                     date=aujourdhui - timedelta(days=rng.randint(0, 700))) for o in orgas[::3]],
        batch_size=1000,
    )
    user = get_user_model().objects.create_user("banc-equipe")
    Adhesion.objects.create(utilisateur=user, territoire=territoire, role="equipe")
    return territoire, user, communes


def mesurer(fonction, repetitions: int) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    fonction()  # warm-up
    durees = []
    with CaptureQueriesContext(connection) as ctx:
        fonction()
    requetes = len(ctx.captured_queries)
    for _ in range(repetitions):
        debut = time.perf_counter()
        fonction()
        durees.append(time.perf_counter() - debut)
    return statistics.median(durees) * 1000, requetes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--organisations", type=int, default=10_000)
    parser.add_argument("--repetitions", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="banc-annuaire-") as dossier:
        preparer(dossier)
        from django.db.models import Count
        from django.test import Client
        from django.urls import reverse

        from territoire.reseau.models import Organisation

        territoire, user, communes = peupler(args.organisations)
        client = Client()
        client.force_login(user)
        url = reverse("reseau:organisations", kwargs={"territoire": territoire.slug})
        filtres = {"naf": "25", "tranche_min": "11", "commune": str(communes[42].pk)}

        def base():
            qs = Organisation.objects.filter(territoires=territoire, naf__startswith="25",
                                             tranche_effectifs__in=["11", "12", "21", "22", "31", "32", "41", "42", "51", "52", "53"])
            qs.count()
            list(qs.select_related("commune").order_by("nom", "pk")[:50])
            list(qs.order_by().values_list("commune").annotate(n=Count("id")))

        def page(parametres=None):
            def f():
                reponse = client.get(url, parametres or {})
                assert reponse.status_code == 200

            return f

        cas = [
            ("référence : lecture ORM nue (NAF 25, 10 salariés et plus)", base),
            ("page sans filtre", page()),
            ("page filtrée NAF 25 + 10 salariés et plus", page({"naf": "25", "tranche_min": "11"})),
            ("page filtrée NAF + taille + commune", page(filtres)),
            ("page recherche par nom", page({"q": "Entreprise 0042"})),
            ("export CSV filtré NAF 25 + taille", lambda: client.get(
                reverse("reseau:organisations_export", kwargs={"territoire": territoire.slug, "format": "csv"}),
                {"naf": "25", "tranche_min": "11"})),
            ("portefeuille non rencontrées (page 1)", page_url(client, reverse(
                "reseau:non_rencontrees", kwargs={"territoire": territoire.slug}))),
        ]
        print(f"Annuaire : {args.organisations} organisations, {len(communes)} communes, médiane de {args.repetitions} mesures")
        print(f"{'cas':<58} {'ms':>8} {'× réf.':>8} {'requêtes':>9}")
        reference = None
        for libelle, fonction in cas:
            ms, requetes = mesurer(fonction, args.repetitions)
            reference = reference or ms
            print(f"{libelle:<58} {ms:8.1f} {ms / reference:8.1f} {requetes:9d}")


def page_url(client, url):
    def f():
        assert client.get(url).status_code == 200

    return f


if __name__ == "__main__":
    main()
