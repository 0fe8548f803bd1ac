"""What the observatory does after each successful stock import (the importer's post-import
hook, ``EtablissementsConfig``-independent: named in ``ObservatoireConfig.apres_import_sirene``).

Inside the import's transaction: the run's point of the monthly series, the reconstituted series
rebuilt (when the territory has a history), the decision centres recomputed, the events its
differences call for proposed to the team, the watch list's signals raised.
"""

from __future__ import annotations

from . import centres, evenements, series, veille


def apres_import_sirene(import_sirene) -> None:
    territoire = import_sirene.territoire
    series.relever(import_sirene)
    series.reconstruire(territoire)
    sieges_avant = centres.mettre_a_jour(territoire)
    evenements.proposer_depuis_import(import_sirene)
    veille.signaux_de_l_import(import_sirene, sieges_avant)
