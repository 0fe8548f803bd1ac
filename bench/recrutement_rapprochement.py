"""Precision and recall of the ROME ↔ training matching on a held-out sample we labelled.

The matcher under test is `territoire.recrutement.rapprochement.romes_deduits`: the ROME
codes deduced from a training's title when its file declares none (ONISEP diplomas never
declare any). The sample: 45 titles drawn at random (seed 2026, `random.sample`) from the
real ONISEP industrial extract (../shared/data/real/recherche/), each labelled by hand with
the ROME codes of the lexicon's set it leads to (an empty set when none). The labels were
written by this project's engineer from the ROME répertoire's definitions, once, and the
lexicon was not changed after the first measurement. Caveat: the sample's titles were seen
while the lexicon's first version was written, so the figures are an upper bound of what an
unseen sample would give. Precision and recall are counted on
(title, ROME code) pairs; the baseline is "no deduction" (recall 0).

    python bench/recrutement_rapprochement.py
"""

from __future__ import annotations

import csv
import random
import sys
from pathlib import Path

RACINE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(RACINE))
ONISEP = RACINE.parent / "shared" / "data" / "real" / "recherche" / "onisep_ideo_formations_initiales_industrie_2022.csv"

# Index in the seeded sample → ROME codes the training leads to (our labels).
ETIQUETTES: dict[int, set[str]] = {
    0: set(), 1: set(), 2: {"H1206", "H1208"}, 3: set(), 4: set(), 5: {"H2412"}, 6: {"H1206"}, 7: {"H1206"},
    8: {"H1206", "H2403"}, 9: {"H2412"}, 10: set(), 11: set(), 12: {"H2903", "I1310"}, 13: {"H1206"},
    14: {"H2801"}, 15: set(), 16: {"H2206"}, 17: {"H1206", "H2701"}, 18: set(), 19: set(),
    20: {"H1206", "H2502"}, 21: {"H2206"}, 22: {"H2102"}, 23: {"H2402"}, 24: {"D1104"}, 25: {"H1206"},
    26: {"H1302"}, 27: {"H3401", "H3403"}, 28: {"H1206", "H2502"}, 29: {"H1206", "H2502"}, 30: {"H1206"},
    31: set(), 32: {"H1206"}, 33: {"D1104"}, 34: set(), 35: {"H1502"}, 36: {"H1506"}, 37: {"D1104"},
    38: set(), 39: {"H1206", "H1402", "H2502"}, 40: set(), 41: {"H1402", "H2502"}, 42: set(),
    43: {"H1206", "H1208"}, 44: {"H1206"},
}


def echantillon() -> list[str]:
    with open(ONISEP, encoding="utf-8-sig", newline="") as fh:
        lignes = list(csv.DictReader(fh, delimiter=";"))
    return [ligne["libellé formation principal"] for ligne in random.Random(2026).sample(lignes, 45)]


def mesurer(deduire) -> dict:
    vrais = faux_positifs = faux_negatifs = 0
    erreurs = []
    for i, titre in enumerate(echantillon()):
        predits, attendus = set(deduire(titre)), ETIQUETTES[i]
        vrais += len(predits & attendus)
        faux_positifs += len(predits - attendus)
        faux_negatifs += len(attendus - predits)
        if predits != attendus:
            erreurs.append((titre, sorted(predits - attendus), sorted(attendus - predits)))
    precision = vrais / (vrais + faux_positifs) if vrais + faux_positifs else 1.0
    rappel = vrais / (vrais + faux_negatifs) if vrais + faux_negatifs else 1.0
    return {"precision": precision, "rappel": rappel, "vrais": vrais, "faux_positifs": faux_positifs,
            "faux_negatifs": faux_negatifs, "erreurs": erreurs}


def main() -> None:
    if not ONISEP.exists():
        sys.exit(f"{ONISEP} absent : les données réelles partagées ne sont pas là.")
    from territoire.recrutement.rapprochement import romes_deduits

    base = mesurer(lambda titre: [])
    resultat = mesurer(romes_deduits)
    print("Rapprochement ROME ↔ formation, échantillon réservé de 45 intitulés ONISEP étiquetés à la main")
    print(f"  référence (aucune déduction) : précision {base['precision']:.2f}, rappel {base['rappel']:.2f}")
    print(f"  lexique : précision {resultat['precision']:.2f}, rappel {resultat['rappel']:.2f} "
          f"({resultat['vrais']} vrais, {resultat['faux_positifs']} faux positifs, {resultat['faux_negatifs']} oubliés)")
    for titre, en_trop, oublies in resultat["erreurs"]:
        print(f"  - {titre[:90]} : en trop {en_trop or '—'}, oubliés {oublies or '—'}")


if __name__ == "__main__":
    main()
