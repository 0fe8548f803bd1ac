"""What the `formations` and `offres` commands share: the run's report."""

from __future__ import annotations

from django.core.management.base import CommandError


def rapport(commande, run, quoi: str) -> None:
    """Print the run's counts and per-record problems; refuse with a non-zero status."""
    if run.statut == "refuse":
        raise CommandError(f"{run.source} refusé : {run.message}")
    commande.stdout.write(commande.style.SUCCESS(
        f"{run.source} ({quoi}{' LHEO ' + run.version if run.version else ''}) : {run.lus} lus, {run.crees} créés, "
        f"{run.mis_a_jour} mis à jour, {run.inchanges} inchangés, {run.archives} archivés ou clos, "
        f"{run.hors_territoire} hors du territoire, {run.en_erreur} en erreur."))
    for e in run.erreurs:
        ligne = f"ligne {e['ligne']}, " if e.get("ligne") else ""
        commande.stdout.write(f"  {e['niveau']} : {ligne}{e['numero']} — {e['message']}")
