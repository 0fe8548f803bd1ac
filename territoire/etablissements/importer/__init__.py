"""SIRENE importer: reader (DuckDB) → pure transforms → actions (STYLE.md, "Importers").

Public interface, used by the ``sirene`` command, the demo builder and the benchmark::

    importer_stock(territoire, chemin, *, chemin_unites_legales=None, dry_run=False, force=False,
                   fictif=False, progression=False, lance_par="", suivi=None) -> ImportSirene
    importer_tous_les_territoires(chemin, *, territoires=None, dry_run=False, force=False,
                                  fictif=False, progression=False, lance_par="", suivi=None) -> RapportNational

``ImportRefuse`` is raised, with one French line (what, where, what to do), when the file is
refused; the database is then exactly as it was.
"""

from __future__ import annotations

from .erreurs import ImportRefuse


def importer_stock(
    territoire,
    chemin,
    *,
    chemin_unites_legales=None,
    dry_run: bool = False,
    force: bool = False,
    fictif: bool = False,
    progression: bool = False,
    lance_par: str = "",
    suivi=None,
):
    """Import a StockEtablissement file for a territory; see ``actions.importer_stock``."""
    from .actions import importer_stock as importer

    return importer(
        territoire, chemin, chemin_unites_legales=chemin_unites_legales, dry_run=dry_run, force=force,
        fictif=fictif, progression=progression, lance_par=lance_par, suivi=suivi,
    )


__all__ = ["ImportRefuse", "importer_stock"]


def importer_tous_les_territoires(chemin, **options):
    """One read of the national stock, one run per created territory; see ``tous.py``."""
    from .tous import importer_tous_les_territoires as importer

    return importer(chemin, **options)


__all__ += ["importer_tous_les_territoires"]
