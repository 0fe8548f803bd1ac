"""Loading the reference tables from their official files (read by column name).

- ROME labels (`rome_id|rome_label`), the ROME × NAF hirings table
  (`rome_id,rome_label,naf_id,naf_label,hirings`) and the jobs in tension
  (`fap_code,fap,tension_pct,rome_code,rome_label`): Pôle emploi / France Travail tables as
  La Bonne Boîte publishes them;
- the ONISEP catalogue of initial trainings (`;`, UTF-8 with BOM, "code RNCP"…).

Each load replaces its table in one transaction; a file whose header is not one of these is
refused with the columns expected.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from django.db import transaction

from .lheo.lecture import FichierRefuse

FORMATS = {
    "rome": ({"rome_id", "rome_label"}, "|"),
    "embauches": ({"rome_id", "naf_id", "hirings"}, ","),
    "tension": ({"rome_code", "tension_pct", "fap"}, ","),
    "onisep": ({"code RNCP", "libellé formation principal", "domaine/sous-domaine"}, ";"),
}


def _lignes(chemin: Path):
    """(kind, DictReader) of a reference file, recognised by its header."""
    try:
        texte = Path(chemin).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FichierRefuse(f"{Path(chemin).name} : encodage illisible (octet {exc.start}), UTF-8 attendu.") from exc
    premiere = texte.split("\n", 1)[0]
    for nature, (colonnes, separateur) in FORMATS.items():
        entete = {c.strip().strip('"') for c in premiere.split(separateur)}
        if colonnes <= entete:
            return nature, csv.DictReader(io.StringIO(texte), delimiter=separateur)
    attendus = " ; ".join(f"{n} : {', '.join(sorted(c))}" for n, (c, _) in FORMATS.items())
    raise FichierRefuse(f"{Path(chemin).name} : en-tête non reconnu. Colonnes attendues — {attendus}.")


def _code_rome(texte: str) -> str:
    code = (texte or "").strip().upper()
    return code if len(code) == 5 and code[0].isalpha() and code[1:].isdigit() else ""


@transaction.atomic
def charger(chemin) -> tuple[str, int]:
    """Load one reference file; returns (kind, rows loaded)."""
    from territoire.observatoire.cache import invalider_chiffres

    from .models import CertificationOnisep, EmbaucheRomeNaf, MetierRome

    nature, lecteur = _lignes(chemin)
    n = 0
    if nature == "rome":
        existants = set(MetierRome.objects.values_list("code", flat=True))
        nouveaux = []
        for ligne in lecteur:
            code = _code_rome(ligne["rome_id"])
            if not code:
                continue
            n += 1
            if code in existants:
                MetierRome.objects.filter(code=code).update(libelle=ligne["rome_label"].strip()[:255])
            else:
                nouveaux.append(MetierRome(code=code, libelle=ligne["rome_label"].strip()[:255], source=Path(chemin).name))
                existants.add(code)
        MetierRome.objects.bulk_create(nouveaux)
    elif nature == "embauches":
        EmbaucheRomeNaf.objects.all().delete()
        lignes = {}
        for ligne in lecteur:
            code, naf = _code_rome(ligne["rome_id"]), ligne["naf_id"].strip().replace(".", "").upper()
            if code and len(naf) == 5 and (ligne["hirings"] or "").strip().isdigit():
                lignes[(code, naf)] = int(ligne["hirings"])
        EmbaucheRomeNaf.objects.bulk_create([EmbaucheRomeNaf(rome=r, naf=f, embauches=e) for (r, f), e in lignes.items()],
                                            batch_size=1000)
        n = len(lignes)
    elif nature == "tension":
        for ligne in lecteur:
            code = _code_rome(ligne["rome_code"])
            try:
                tension = float(ligne["tension_pct"])
            except (TypeError, ValueError):
                continue
            if code:
                libelle = (ligne.get("rome_label") or "").strip().capitalize()[:255] or code
                MetierRome.objects.update_or_create(code=code, defaults={"tension_pct": tension,
                                                                         "famille_tension": ligne["fap"].strip()[:255]},
                                                    create_defaults={"libelle": libelle, "tension_pct": tension,
                                                                     "famille_tension": ligne["fap"].strip()[:255],
                                                                     "source": Path(chemin).name})
                n += 1
    else:
        CertificationOnisep.objects.all().delete()
        vus, objets = set(), []
        for ligne in lecteur:
            rncp, libelle = (ligne["code RNCP"] or "").strip(), (ligne["libellé formation principal"] or "").strip()
            if not rncp or (rncp, libelle) in vus:
                continue
            vus.add((rncp, libelle))
            lien = (ligne.get("lien site onisep.fr") or "").strip()
            objets.append(CertificationOnisep(
                code_rncp=rncp[:10], libelle=libelle[:400], type_formation=(ligne.get("libellé type formation") or "")[:200],
                sigle_type=(ligne.get("sigle type formation") or "")[:40], niveau=(ligne.get("niveau RNCP") or "")[:2],
                duree=(ligne.get("durée") or "")[:40], domaines=ligne["domaine/sous-domaine"] or "",
                lien=lien[:300] if lien.startswith(("http://", "https://")) else "",
            ))
        CertificationOnisep.objects.bulk_create(objets, batch_size=500)
        n = len(objets)
    invalider_chiffres()
    return nature, n


EMBAUCHES_DEMO = Path(__file__).parent / "data" / "embauches_rome_naf_demo.csv"
ROME_LIBELLES = Path(__file__).parent / "data" / "rome_libelles.csv"


def charger_referentiels_demo() -> tuple[int, int]:
    """The demo's reference tables (see data/LISEZ-MOI.md): the ROME répertoire's labels (its
    532 codes, so that an unknown code is reported) and the real ROME × NAF table's rows for
    the demo's ROME codes, the latter only when the table is empty (a full table loaded by
    `territoire offres referentiel` is kept). Returns (labels, hiring rows) loaded."""
    from .models import EmbaucheRomeNaf

    libelles = charger(ROME_LIBELLES)[1]
    return libelles, 0 if EmbaucheRomeNaf.objects.exists() else charger(EMBAUCHES_DEMO)[1]


def repertoire_rome() -> frozenset[str]:
    """The ROME codes known to the platform (empty when no répertoire is loaded: then no code
    is reported unknown)."""
    from .models import MetierRome

    return frozenset(MetierRome.objects.values_list("code", flat=True))


def message_rome_inconnu(code: str, suite: str) -> str:
    return f"Code ROME « {code} » inconnu du répertoire ROME chargé (bien formé mais absent) : {suite}"
