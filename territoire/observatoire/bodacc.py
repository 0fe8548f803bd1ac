"""Import of BODACC notices (DILA's open "annonces commerciales"): collective procedures of the
territory's firms, matched by SIREN.

Two layouts are read, each as CSV or JSON:

- **ods**, the DILA's own export (OpenDataSoft): fields ``dateparution``, ``numeroannonce``,
  ``familleavis`` / ``familleavis_lib``, ``tribunal``, ``commercant``, ``registre`` (the SIREN,
  often twice: ``"811 625 987,811625987"``), ``cp``, ``ville``, ``numerodepartement`` and
  ``jugement``, a JSON string whose ``nature`` says which judgment;
- **renommee**, the snapshot layout of ``../shared/data/real/bodacc/`` (``records`` with
  ``date_parution``, ``numero_annonce``, ``famille``, ``nom_entreprise``, ``registre`` as a list,
  ``code_postal``, ``contenu`` = the ``jugement`` string verbatim).

The judgment is classified by its ``nature`` (never by a third party's label). A malformed file
(not UTF-8, not JSON, no known layout, missing fields) is refused with one French line and
nothing is written; a malformed notice (unreadable date, ``jugement`` that is not JSON) is
rejected and reported with its line or rank. CSV is streamed (constant memory, any size); a JSON
file is parsed whole, so JSON files over ``TAILLE_JSON_MAX`` are refused with a pointer to the
CSV export. Importing the same file twice stores nothing new.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from territoire.etablissements.importer.erreurs import ImportRefuse

from .models import AnnonceBodacc, Evenement, ImportBodacc

TAILLE_JSON_MAX = 200 << 20
EXEMPLES_MAX = 10
Categorie = AnnonceBodacc.Categorie

# Field names of each layout → our names.
DISPOSITIONS = {
    "ods": {
        "date_parution": "dateparution", "numero_annonce": "numeroannonce", "famille": "familleavis_lib",
        "famille_code": "familleavis", "tribunal": "tribunal", "commercant": "commercant", "registre": "registre",
        "code_postal": "cp", "ville": "ville", "jugement": "jugement",
    },
    "renommee": {
        "date_parution": "date_parution", "numero_annonce": "numero_annonce", "famille": "famille",
        "famille_code": "famille", "tribunal": "tribunal", "commercant": "nom_entreprise", "registre": "registre",
        "code_postal": "code_postal", "ville": "ville", "jugement": "contenu",
    },
}
REQUIS = ("date_parution", "registre", "jugement")
_SIREN = re.compile(r"\d{9}")


def classer(nature: str) -> str:
    """The category of a judgment from its nature (as the DILA writes it). Only judgments count:
    "Liste des créances nées après le jugement d'ouverture…" is a list of claims, not an opening."""
    n = (nature or "").lower().replace("\u2019", "'").strip()
    if not n.startswith("jugement"):
        return Categorie.AUTRE
    if "clôture" in n or "cloture" in n:
        return Categorie.CLOTURE
    if n.startswith("jugement d'ouverture"):
        for mot, categorie in (("liquidation", Categorie.LIQUIDATION), ("redressement", Categorie.REDRESSEMENT),
                               ("sauvegarde", Categorie.SAUVEGARDE)):
            if mot in n:
                return categorie
        return Categorie.AUTRE
    if "liquidation" in n and any(m in n for m in ("conversion", "prononçant", "prononcant")):
        return Categorie.LIQUIDATION
    if "plan" in n:
        return Categorie.PLAN
    return Categorie.AUTRE


def sirens(registre) -> list[str]:
    """The SIRENs a ``registre`` value names (a list, or a comma-separated text), without doubles."""
    valeurs = registre if isinstance(registre, list) else str(registre or "").split(",")
    trouves = []
    for v in valeurs:
        chiffres = re.sub(r"\s", "", str(v or ""))
        if _SIREN.fullmatch(chiffres) and chiffres not in trouves:
            trouves.append(chiffres)
    return trouves


@dataclass
class Lecture:
    disposition: str = ""
    format: str = ""
    lignes: int = 0
    annonces: list[dict] = field(default_factory=list)
    hors_territoire: int = 0
    sans_siren: int = 0
    hors_procedure: int = 0
    rejets: list[dict] = field(default_factory=list)
    rejetees: int = 0

    def rejeter(self, ou: str, motif: str) -> None:
        self.rejetees += 1
        if len(self.rejets) < EXEMPLES_MAX:
            self.rejets.append({"ligne": ou, "motif": motif})


def _disposition(noms: set[str], nom_fichier: str) -> str:
    for code, champs in DISPOSITIONS.items():
        if all(champs[c] in noms for c in REQUIS):
            return code
    connus = ", ".join(sorted(noms)[:8])
    raise ImportRefuse(
        f"{nom_fichier} : disposition inconnue (champs : {connus}…) ; un export BODACC « annonces commerciales » "
        "de la DILA a les champs dateparution, registre et jugement (ou date_parution, registre et contenu)."
    )


def _lire_csv(chemin: Path) -> Iterator[tuple[str, dict]]:
    try:
        with open(chemin, encoding="utf-8-sig", newline="") as fh:
            premiere = fh.readline()
            if not premiere.strip():
                raise ImportRefuse(f"{chemin}, ligne 1 : fichier vide ou sans en-tête.")
            delimiteur = ";" if premiere.count(";") > premiere.count(",") else ","
            fh.seek(0)
            lecteur = csv.DictReader(fh, delimiter=delimiteur)
            for rang, ligne in enumerate(lecteur, start=2):
                if None in ligne:
                    raise ImportRefuse(
                        f"{chemin}, ligne {rang} : plus de colonnes que l'en-tête ; le fichier est abîmé, reprenez l'export."
                    )
                yield f"ligne {rang}", ligne
    except UnicodeDecodeError as exc:
        raise ImportRefuse(
            f"{chemin} : caractères qui ne sont pas en UTF-8 (octet {exc.start + 1} d'un bloc lu) ; réenregistrez "
            "l'export en UTF-8."
        ) from exc
    except csv.Error as exc:
        raise ImportRefuse(f"{chemin} : CSV illisible ({exc}) ; reprenez l'export de la DILA.") from exc


def _lire_json(chemin: Path) -> Iterator[tuple[str, dict]]:
    if chemin.stat().st_size > TAILLE_JSON_MAX:
        raise ImportRefuse(
            f"{chemin} : fichier JSON de plus de {TAILLE_JSON_MAX >> 20} Mo ; pour un gros volume, prenez l'export "
            "CSV de la DILA, lu au fil de l'eau."
        )
    try:
        donnees = json.loads(chemin.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ImportRefuse(f"{chemin} : fichier qui n'est pas en UTF-8 (octet {exc.start + 1}).") from exc
    except json.JSONDecodeError as exc:
        raise ImportRefuse(
            f"{chemin}, ligne {exc.lineno}, colonne {exc.colno} : JSON invalide ({exc.msg}) ; le fichier est "
            "tronqué ou abîmé : reprenez l'export."
        ) from exc
    if isinstance(donnees, dict):
        donnees = donnees.get("records", donnees.get("results"))
    if not isinstance(donnees, list):
        raise ImportRefuse(
            f"{chemin} : JSON sans liste d'annonces (ni tableau, ni champ « records ») ; donnez l'export JSON des "
            "annonces commerciales."
        )
    for rang, enregistrement in enumerate(donnees, start=1):
        if isinstance(enregistrement, dict) and isinstance(enregistrement.get("fields"), dict):
            enregistrement = enregistrement["fields"]  # the older OpenDataSoft API
        if not isinstance(enregistrement, dict):
            raise ImportRefuse(f"{chemin} : annonce n° {rang} qui n'est pas un objet JSON ; reprenez l'export.")
        yield f"annonce n° {rang}", enregistrement


def detecter_format(chemin: Path) -> str:
    if not chemin.is_file():
        raise ImportRefuse(f"Fichier {chemin} introuvable : vérifiez le chemin.")
    with open(chemin, "rb") as fh:
        debut = fh.read(2048).lstrip(b"\xef\xbb\xbf").lstrip()
    if not debut:
        raise ImportRefuse(f"{chemin} : fichier vide.")
    if debut[:2] in (b"PK", b"\x1f\x8b") or b"\x00" in debut:
        raise ImportRefuse(f"{chemin} : fichier compressé ou binaire ; donnez l'export CSV ou JSON décompressé.")
    return "json" if debut[:1] in (b"{", b"[") else "csv"


def _date(valeur) -> dt.date | None:
    texte = str(valeur or "").strip()[:10]
    try:
        return dt.date.fromisoformat(texte) if texte else None
    except ValueError:
        return None


def lire(chemin: Path, sirens_territoire: set[str]) -> Lecture:
    """Read the file; keep the collective-procedure notices of the territory's SIRENs (pure:
    no database)."""
    chemin = Path(chemin)
    lecture = Lecture(format=detecter_format(chemin))
    source = _lire_json(chemin) if lecture.format == "json" else _lire_csv(chemin)
    champs = None
    for ou, brut in source:
        if champs is None:
            lecture.disposition = _disposition(set(brut), str(chemin))
            champs = DISPOSITIONS[lecture.disposition]
        lecture.lignes += 1
        valeur = {nom: brut.get(cle) for nom, cle in champs.items()}
        parution = _date(valeur["date_parution"])
        if parution is None:
            lecture.rejeter(ou, f"date de parution illisible « {str(valeur['date_parution'])[:20]} » (AAAA-MM-JJ attendu)")
            continue
        jugement = valeur["jugement"]
        if isinstance(jugement, str):
            if not jugement.strip():
                jugement = {}
            else:
                try:
                    jugement = json.loads(jugement)
                except json.JSONDecodeError:
                    lecture.rejeter(ou, "champ jugement qui n'est pas un JSON lisible")
                    continue
        if not isinstance(jugement, dict):
            lecture.rejeter(ou, "champ jugement qui n'est pas un objet JSON")
            continue
        famille = f"{valeur.get('famille') or ''} {valeur.get('famille_code') or ''}".lower()
        if not jugement and "collective" not in famille:
            lecture.hors_procedure += 1
            continue
        trouves = sirens(valeur["registre"])
        if not trouves:
            lecture.sans_siren += 1
            continue
        nos = [s for s in trouves if s in sirens_territoire]
        if not nos:
            lecture.hors_territoire += 1
            continue
        nature = str(jugement.get("nature") or "")[:300]
        numero = str(valeur.get("numero_annonce") or "")[:20]
        lecture.annonces.append({
            "siren": nos[0], "numero_annonce": numero, "date_parution": parution,
            "date_jugement": _date(jugement.get("date")), "famille": str(valeur.get("famille") or "")[:120],
            "nature": nature, "categorie": classer(nature), "tribunal": str(valeur.get("tribunal") or "")[:200],
            "commercant": str(valeur.get("commercant") or "")[:250], "ville": str(valeur.get("ville") or "")[:120],
            "code_postal": str(valeur.get("code_postal") or "")[:10],
            "complement": str(jugement.get("complementJugement") or "")[:5000],
            "cle": f"{nos[0]}:{parution.isoformat()}:{numero}:{nature[:80]}"[:200],
        })
    if champs is None:
        raise ImportRefuse(f"{chemin} : aucune annonce dans le fichier.")
    return lecture


def _sirens_du_territoire(territoire) -> set[str]:
    from territoire.etablissements.models import Etablissement

    return set(Etablissement.objects.filter(code_commune__in=territoire.codes_communes()).values_list("siren", flat=True))


@transaction.atomic
def importer(territoire, chemin, *, lance_par: str = "") -> ImportBodacc:
    """Store the territory's new notices; raise the watch list's signals and propose
    "procédure collective" events for the opening judgments. Returns the run."""
    from territoire.reseau.models import Organisation

    from . import veille
    from .cache import invalider_chiffres

    debut = timezone.now()
    lecture = lire(Path(chemin), _sirens_du_territoire(territoire))
    run = ImportBodacc.objects.create(
        territoire=territoire, source=str(chemin)[:500], format=lecture.format, disposition=lecture.disposition,
        debut=debut, lignes_lues=lecture.lignes, annonces=len(lecture.annonces),
        hors_territoire=lecture.hors_territoire, sans_siren=lecture.sans_siren, lignes_rejetees=lecture.rejetees,
        exemples_rejets=lecture.rejets, lance_par=lance_par[:150],
    )
    deja = set(AnnonceBodacc.objects.filter(territoire=territoire).values_list("cle", flat=True))
    nouvelles, vues = [], set()
    for a in lecture.annonces:
        if a["cle"] not in deja and a["cle"] not in vues:
            vues.add(a["cle"])
            nouvelles.append(AnnonceBodacc(territoire=territoire, import_bodacc=run, **a))
    AnnonceBodacc.objects.bulk_create(nouvelles, batch_size=500)
    creees = list(AnnonceBodacc.objects.filter(territoire=territoire, import_bodacc=run))
    organisations = dict(
        Organisation.objects.du_territoire(territoire).filter(unite_legale__siren__in={a.siren for a in creees})
        .values_list("unite_legale__siren", "pk")
    )
    ouvertures = [a for a in creees if a.ouverture]
    veille.creer_signaux(territoire, [{
        "regle": "procedure_collective", "siren": a.siren, "date": a.date_jugement or a.date_parution,
        "annonce_id": a.pk, "organisation_id": organisations.get(a.siren), "cle": f"bodacc:{a.pk}",
        "preuve": f"BODACC du {a.date_parution:%d/%m/%Y} : {a.nature or a.get_categorie_display()} ({a.tribunal}).",
    } for a in ouvertures])
    Evenement.objects.bulk_create([
        Evenement(
            territoire=territoire, type=Evenement.Type.PROCEDURE, titre=f"{a.get_categorie_display()} : {a.commercant}",
            description=a.complement[:2000], date=min(a.date_jugement or a.date_parution, timezone.localdate()),
            organisation_id=organisations.get(a.siren), statut=Evenement.Statut.PROPOSE,
            visibilite=Evenement.Visibilite.EQUIPE, origine=Evenement.Origine.BODACC,
            motif_proposition=f"Annonce du BODACC n° {a.numero_annonce} du {a.date_parution:%d/%m/%Y}",
            source_libelle=f"BODACC, annonce n° {a.numero_annonce} du {a.date_parution:%d/%m/%Y} ({a.tribunal})"[:300],
        )
        for a in ouvertures
    ], batch_size=500)
    run.nouvelles = len(creees)
    run.fin = timezone.now()
    run.save(update_fields=["nouvelles", "fin"])
    invalider_chiffres()
    return run


def resume(run: ImportBodacc) -> str:
    lignes = [
        f"BODACC importé ({run.format}, disposition {run.disposition}). Territoire : {run.territoire}.",
        f"  Annonces lues : {run.lignes_lues} ; du territoire : {run.annonces} (nouvelles : {run.nouvelles}) ; "
        f"d'autres entreprises : {run.hors_territoire} ; sans SIREN : {run.sans_siren}",
        f"  Annonces rejetées : {run.lignes_rejetees}",
    ]
    lignes += [f"    {r['ligne']} : {r['motif']}" for r in run.exemples_rejets]
    return "\n".join(lignes)
