"""Benchmark of the committee report (issue 3): a 50-fiche report, PDF and DOCX.

Builds a throwaway SQLite database (migrations, one territory, one phase with its four
axes, N fiches each with four signed updates, three milestones, budget lines,
co-financing rows and an indicator with dated values), then measures in this process:

- the baseline: the same report for 5 fiches (PDF), so the ratio says how the report
  scales with the plan's size;
- the report data alone (queries + derivations, no rendering) for N fiches;
- the report's HTML for N fiches (data + template, no PDF);
- the PDF and the DOCX for N fiches;
- the SQL queries of the report data for 5 and for N fiches (they must be equal).

It prints median milliseconds, the ratio to the baseline and the query counts.

    python bench/rapport_comite.py [--fiches 50] [--repetitions 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from decimal import Decimal
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
    from django.contrib.auth import get_user_model

    from territoire.programme import actions
    from territoire.programme.models import Instance, StatutFiche
    from territoire.referentiel.models import Territoire
    from territoire.reseau.models import Organisation

    territoire = Territoire.objects.create(nom="Banc d'essai", slug="banc", id_ti="ti-banc")
    auteur = get_user_model().objects.create_user("banc")
    programme = actions.creer_programme(
        territoire, code="2019-2022", nom="Plan 2019-2022", debut=dt.date(2019, 1, 1), fin=dt.date(2022, 12, 31),
        axes_nationaux="2019-2022",
    )
    axes = list(programme.axes.all())
    statuts = {s.code: s for s in StatutFiche.objects.filter(territoire=territoire)}
    financeurs = []
    for nom in ("Région Hauts-de-France", "État", "Banque des Territoires", "FEDER"):
        org = Organisation.objects.create(nom=nom, type="collectivite")
        org.territoires.add(territoire)
        financeurs.append(org)
    fiches = []
    for i in range(1, n + 1):
        f = actions.creer_fiche(
            programme, auteur, numero=str(i), titre=f"Fiche-action {i} du banc d'essai",
            description="Description de la fiche. " * 8, objectifs="Objectifs. " * 5,
            date_debut=dt.date(2020, 1, 1), date_fin=dt.date(2022, 12, 31), axes=[axes[i % 4]],
            pilote_organisation=financeurs[i % 4], statut=statuts["a-lancer"], date_statut=dt.date(2020, 1, 1),
        )
        for k, (code, jour) in enumerate((("en-cours", 3), ("en-cours", 6), ("en-cours", 9)), start=1):
            actions.enregistrer_mise_a_jour(
                f, auteur, date=dt.date(2021, jour, 1), note=f"Point d'étape {k} : " + "avancement. " * 20,
                statut=statuts[code], avancement=20 * k,
            )
        for k in range(3):
            actions.ajouter_jalon(f, auteur, libelle=f"Jalon {k}", date_prevue=dt.date(2021, 3 + 3 * k, 15), fait=k == 0)
        for annee in (2020, 2021, 2022):
            actions.ajouter_ligne_budget(f, auteur, annee=annee, nature="investissement", type="prevu", montant=Decimal(50000))
        for k, etape in enumerate(("demande", "accorde", "verse")):
            actions.ajouter_cofinancement(f, auteur, financeur=financeurs[k], montant=Decimal(30000), etape=etape)
        ind = actions.creer_indicateur(programme, auteur, fiche=f, libelle=f"Indicateur {i}", unite="entreprises")
        actions.saisir_valeur(ind, auteur, date=dt.date(2022, 12, 31), type="cible", valeur=Decimal(40))
        for annee in (2020, 2021):
            actions.saisir_valeur(ind, auteur, date=dt.date(annee, 12, 31), type="realise", valeur=Decimal(10 * (annee - 2019)))
        fiches.append(f)
    instance = Instance.objects.create(territoire=territoire, nom="Comité de projet", type="comite_projet")
    seance = actions.creer_seance(instance, auteur, date=dt.date(2021, 10, 14), fiches=fiches[:5])
    for f in fiches[:5]:
        actions.enregistrer_decision(seance, auteur, texte="Poursuivre.", fiche=f)
    return territoire, programme


def mesurer(fonction, repetitions: int) -> float:
    fonction()  # warm-up (template loading, fonts)
    durees = []
    for _ in range(repetitions):
        debut = time.perf_counter()
        fonction()
        durees.append(time.perf_counter() - debut)
    return statistics.median(durees) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fiches", type=int, default=50)
    parser.add_argument("--repetitions", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="banc-rapport-") as dossier:
        preparer(dossier)
        territoire, programme = peupler(args.fiches)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from territoire.programme.exports import documents
        from territoire.programme.models import FicheAction

        debut, fin = dt.date(2021, 1, 1), dt.date(2022, 12, 31)
        cinq = FicheAction.objects.filter(programme=programme, numero__in=[str(i) for i in range(1, 6)])

        def donnees(qs=None):
            return documents.donnees_rapport(programme, debut, fin, qs)

        with CaptureQueriesContext(connection) as petit:
            donnees(cinq)
        with CaptureQueriesContext(connection) as grand:
            donnees()
        base = mesurer(lambda: documents.rapport_pdf(donnees(cinq), territoire), args.repetitions)
        lignes = [
            ("référence : PDF de 5 fiches", base),
            (f"données seules, {args.fiches} fiches", mesurer(donnees, args.repetitions)),
            (f"HTML, {args.fiches} fiches", mesurer(lambda: documents.html_rapport(donnees(), territoire), args.repetitions)),
            (f"PDF, {args.fiches} fiches", mesurer(lambda: documents.rapport_pdf(donnees(), territoire), args.repetitions)),
            (f"DOCX, {args.fiches} fiches", mesurer(lambda: documents.rapport_docx(donnees(), territoire), args.repetitions)),
        ]
        taille = len(documents.rapport_pdf(donnees(), territoire))
        print(f"Rapport au comité — {args.fiches} fiches, médiane de {args.repetitions} mesures")
        for nom, ms in lignes:
            print(f"  {nom:<28} {ms:9.1f} ms   ×{ms / base:5.2f} la référence")
        print(f"  requêtes SQL des données : {len(petit.captured_queries)} pour 5 fiches, "
              f"{len(grand.captured_queries)} pour {args.fiches} fiches")
        print(f"  PDF de {args.fiches} fiches : {taille / 1024:.0f} Kio")


if __name__ == "__main__":
    main()
