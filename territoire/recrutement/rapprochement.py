"""ROME codes deduced from a training's title, when its file declares none.

LHEO offers usually declare the ROME codes they lead to; ONISEP diplomas and some offers do
not. For those, the title is normalised (lower case, no accents, crude French plural
folding) and every expression of the lexicon (`data/lexique_rome.json`, data) found in it as
whole words adds its ROME code. The match uses declared and deduced codes alike; the page
says which were deduced. Its precision and recall are measured on a sample we labelled
(bench/recrutement_rapprochement.py).
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache
from pathlib import Path

LEXIQUE = Path(__file__).resolve().parent / "data" / "lexique_rome.json"


def normaliser(texte: str) -> str:
    sans_accents = unicodedata.normalize("NFKD", texte or "").encode("ascii", "ignore").decode().lower()
    mots = re.findall(r"[a-z0-9]+", sans_accents)
    return " " + " ".join(m[:-1] if len(m) > 3 and m[-1] in "sx" else m for m in mots) + " "


@cache
def expressions() -> tuple[tuple[str, str], ...]:
    donnees = json.loads(LEXIQUE.read_text(encoding="utf-8"))["expressions"]
    return tuple((normaliser(e), code) for code, liste in donnees.items() for e in liste)


def romes_deduits(intitule: str) -> list[str]:
    texte = normaliser(intitule)
    codes = []
    for expression, code in expressions():
        if expression in texte and code not in codes:
            codes.append(code)
    return codes
