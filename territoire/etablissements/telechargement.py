"""Download of the monthly SIRENE stock (`territoire sirene download`), standard library only.

The national StockEtablissement ZIP is about 2.7 GB: a download is long and may be cut.
`telecharger()` therefore:

- streams into ``<fichier>.part`` beside the final file, never into the final file itself;
- resumes an interrupted download with an HTTP ``Range`` request (``206``), restarts from
  zero when the server ignores it (``200``) or when the file changed upstream since the
  first attempt (``If-Range`` with the ETag / Last-Modified kept in ``<fichier>.part.json``),
  and understands ``416`` (the part is already whole, or is longer than the file); a part
  without that bookkeeping, or from another address, is never resumed;
- retries a connection that drops mid-file a few times, resuming each time;
- checks the final size against ``Content-Length`` / the ``Content-Range`` total and against
  ``taille_attendue`` when given, then that the file really is what SIRENE publishes (a ZIP
  whose central directory opens and lists one CSV, or a Parquet file) — ``zipfile.testzip``
  would decompress 2.7 GB, so only the directory and the start of the member are read;
- renames the part atomically (``os.replace``) only once every check has passed: a corrupt
  or incomplete file is never left under the final name.

Every failure raises ``ErreurTelechargement`` with a French message that says what went
wrong, where, and what to do.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import socket
import sys
import time
import urllib.error
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from tqdm import tqdm

TAILLE_BLOC = 1024 * 1024
TENTATIVES = 4
DELAI_RESEAU = 60.0  # seconds without a byte before a read is considered stalled
MARGE_DISQUE = 64 * 1024 * 1024

_CONTENT_RANGE = re.compile(r"^\s*bytes\s+(?:(\d+)-(\d+)|\*)/(\d+|\*)\s*$", re.IGNORECASE)


class ErreurTelechargement(Exception):
    """A download that could not complete, with a message a person can act on."""


class _Coupure(Exception):
    """The connection dropped or stalled mid-file: worth resuming."""


@dataclass
class _Reponse:
    """What the server told us about the bytes it is about to send."""

    debut: int  # offset in the remote file of the first byte of the body
    total: int | None  # size of the whole remote file, when the server says it
    validateur: dict  # ETag / Last-Modified, to resume only the same file


def nom_depuis_url(url: str) -> str:
    """The file name an URL points at (``…/StockEtablissement_utf8.zip`` → that name)."""
    nom = unquote(urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1])
    if not nom or nom in {".", ".."}:
        raise ErreurTelechargement(
            f"Adresse {url} : impossible d'en déduire un nom de fichier. "
            "Indiquez un chemin de fichier complet comme destination."
        )
    return nom


def chemin_final(url: str, destination: Path) -> Path:
    """Where the file lands: inside ``destination`` when it is a directory, else ``destination``."""
    destination = Path(destination)
    if destination.is_dir():
        return destination / nom_depuis_url(url)
    return destination


def telecharger(
    url: str,
    destination: Path,
    *,
    progression: bool = False,
    taille_attendue: int | None = None,
    tentatives: int = TENTATIVES,
    delai_reseau: float = DELAI_RESEAU,
    pause: float = 1.0,
) -> Path:
    """Download ``url`` to ``destination`` (a directory or a file path) and return the final path.

    An earlier interrupted run leaves ``<fichier>.part``: calling again resumes it.
    ``tentatives`` bounds the number of HTTP requests of this call (resumptions included);
    ``pause`` is the wait before each resumption, doubled every time.
    """
    if urlsplit(url).scheme not in {"http", "https"}:
        raise ErreurTelechargement(
            f"Adresse {url!r} : seules les adresses http:// et https:// sont acceptées."
        )
    final = chemin_final(url, destination)
    if not final.parent.is_dir():
        raise ErreurTelechargement(
            f"Dossier de destination {final.parent} introuvable : créez-le ou choisissez-en un autre "
            "(--destination)."
        )
    part = final.with_name(final.name + ".part")
    meta = final.with_name(final.name + ".part.json")

    barre = tqdm(
        unit="o", unit_scale=True, unit_divisor=1024, file=sys.stderr,
        disable=not progression, desc=final.name, dynamic_ncols=True,
    )
    try:
        _telecharger_part(
            url, part, meta, barre, taille_attendue=taille_attendue,
            tentatives=max(1, tentatives), delai_reseau=delai_reseau, pause=pause,
        )
    finally:
        barre.close()

    taille = part.stat().st_size
    if taille_attendue is not None and taille != taille_attendue:
        _abandonner(part, meta)
        raise ErreurTelechargement(
            f"{url} : le fichier reçu fait {taille} octets, {taille_attendue} étaient attendus. "
            "Le fichier publié a peut-être changé : vérifiez la taille indiquée sur data.gouv.fr "
            "puis relancez (le fichier partiel a été supprimé)."
        )
    try:
        verifier_fichier(part, nom=final.name)
    except ErreurTelechargement:
        _abandonner(part, meta)
        raise
    with open(part, "rb+") as fh:
        os.fsync(fh.fileno())
    os.replace(part, final)
    meta.unlink(missing_ok=True)
    return final


def _telecharger_part(
    url: str, part: Path, meta: Path, barre, *, taille_attendue: int | None,
    tentatives: int, delai_reseau: float, pause: float,
) -> int | None:
    """Fill ``part`` with the whole remote file; return the total size the server announced."""
    etat = _lire_meta(meta, url)
    if not part.exists():
        etat = {}
    elif not etat:
        # A part without its bookkeeping, or left by another address: its bytes may belong to
        # another file, and splicing them would go unnoticed (only the ZIP's directory and
        # first block are checked). Start again.
        _abandonner(part, meta)
    derniere_erreur = ""
    for tentative in range(tentatives):
        if tentative:
            time.sleep(pause * 2 ** (tentative - 1))
        deja = part.stat().st_size if part.exists() else 0
        if deja and etat.get("total") is not None and deja == etat["total"]:
            return etat["total"]  # a previous run received everything but stopped before checking
        requete = urllib.request.Request(url, headers={"User-Agent": "territoire (sirene download)"})
        if deja:
            requete.add_header("Range", f"bytes={deja}-")
            validateur = etat.get("etag") or etat.get("last_modified")
            if validateur:
                requete.add_header("If-Range", validateur)
        try:
            reponse = urllib.request.urlopen(requete, timeout=delai_reseau)  # noqa: S310 - http(s) only
        except urllib.error.HTTPError as exc:
            if exc.code == 416 and deja:
                total = _total_416(exc)
                exc.close()
                if total is not None and total == deja and etat.get("total") in (None, total):
                    return total  # the part already holds the whole file
                # The part is longer than the file, or the file changed: start again.
                _abandonner(part, meta)
                etat = {}
                derniere_erreur = f"HTTP 416 : reprise à l'octet {deja} refusée"
                continue
            exc.close()
            if exc.code >= 500:
                derniere_erreur = f"HTTP {exc.code} ({exc.reason})"
                continue
            raise ErreurTelechargement(_message_http(url, exc.code, str(exc.reason))) from exc
        except http.client.HTTPException as exc:  # malformed or cut status line / headers
            derniere_erreur = f"réponse HTTP invalide ({exc.__class__.__name__}: {exc})"
            continue
        except (urllib.error.URLError, OSError) as exc:
            raison = getattr(exc, "reason", exc)
            if isinstance(raison, socket.gaierror | ConnectionRefusedError):
                raise ErreurTelechargement(_message_injoignable(url, raison)) from exc
            derniere_erreur = f"erreur réseau : {raison}"
            continue

        with reponse:
            info = _lire_reponse(reponse, deja)
            if info.debut == 0 and deja:
                # 200 to a Range request: the server ignores Range (or the file changed, If-Range).
                part.unlink(missing_ok=True)
                deja = 0
            elif info.debut != deja:
                _abandonner(part, meta)
                etat = {}
                derniere_erreur = f"le serveur a repris à l'octet {info.debut} au lieu de {deja}"
                continue
            if etat.get("total") not in (None, info.total) and deja:
                # Same validators but a different size: never splice two different files.
                _abandonner(part, meta)
                etat = {}
                derniere_erreur = "la taille du fichier distant a changé"
                continue
            _verifier_place(part, info.total, deja, taille_attendue)
            etat = {"url": url, "total": info.total, **info.validateur}
            _ecrire_meta(meta, etat)
            barre.reset(total=info.total)
            barre.update(deja)
            try:
                _recevoir(reponse, part, reprise=bool(deja), barre=barre)
            except _Coupure as exc:
                derniere_erreur = str(exc)
                continue
        recu = part.stat().st_size
        if info.total is None or recu == info.total:
            return info.total
        if recu > info.total:
            _abandonner(part, meta)
            etat = {}
            derniere_erreur = f"{recu} octets reçus pour un fichier annoncé de {info.total}"
            continue
        derniere_erreur = (
            f"connexion close après {recu} octets sur {info.total} annoncés"
        )
    raise ErreurTelechargement(
        f"Téléchargement de {url} inachevé après {tentatives} tentative(s) ({derniere_erreur}). "
        f"Aucun fichier final n'a été écrit ; la partie reçue est gardée dans {part} "
        "si elle est réutilisable : relancez la même commande pour reprendre."
    )


def _lire_reponse(reponse, deja: int) -> _Reponse:
    entetes = reponse.headers
    validateur = {}
    if entetes.get("ETag") and not entetes["ETag"].startswith("W/"):
        validateur["etag"] = entetes["ETag"]
    if entetes.get("Last-Modified"):
        validateur["last_modified"] = entetes["Last-Modified"]
    longueur = entetes.get("Content-Length")
    longueur = int(longueur) if longueur and longueur.strip().isdigit() else None
    if reponse.status == 206:
        plage = _CONTENT_RANGE.match(entetes.get("Content-Range") or "")
        if not plage or plage.group(1) is None:
            raise ErreurTelechargement(
                f"{reponse.url} : réponse 206 sans en-tête Content-Range lisible "
                f"({entetes.get('Content-Range')!r}). Supprimez le fichier .part et relancez."
            )
        debut = int(plage.group(1))
        total = int(plage.group(3)) if plage.group(3) != "*" else None
        if total is None and longueur is not None:
            total = debut + longueur
        return _Reponse(debut=debut, total=total, validateur=validateur)
    return _Reponse(debut=0, total=longueur, validateur=validateur)


def _recevoir(reponse, part: Path, *, reprise: bool, barre) -> None:
    try:
        with open(part, "ab" if reprise else "wb") as fh:
            while True:
                bloc = reponse.read(TAILLE_BLOC)
                if not bloc:
                    break
                fh.write(bloc)
                barre.update(len(bloc))
    except (OSError, ValueError, http.client.HTTPException) as exc:  # resets, timeouts, IncompleteRead
        if isinstance(exc, OSError) and exc.errno is not None and not isinstance(exc, ConnectionError):
            # A local write error (disk full, permission): not something a retry fixes.
            raise ErreurTelechargement(f"Écriture de {part} impossible : {exc}.") from exc
        raise _Coupure(f"connexion interrompue ({exc.__class__.__name__}: {exc})") from exc


def _total_416(exc: urllib.error.HTTPError) -> int | None:
    plage = _CONTENT_RANGE.match(exc.headers.get("Content-Range") or "") if exc.headers else None
    if plage and plage.group(3) != "*":
        return int(plage.group(3))
    return None


def _verifier_place(part: Path, total: int | None, deja: int, taille_attendue: int | None) -> None:
    reste = (total if total is not None else (taille_attendue or 0)) - deja
    libre = shutil.disk_usage(part.parent).free
    if reste > 0 and libre < reste + MARGE_DISQUE:
        raise ErreurTelechargement(
            f"Espace disque insuffisant dans {part.parent} : {reste / 2**30:.1f} Gio à recevoir, "
            f"{libre / 2**30:.1f} Gio libres. Libérez de la place ou choisissez un autre dossier "
            "(--destination)."
        )


def _lire_meta(meta: Path, url: str) -> dict:
    try:
        etat = json.loads(meta.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError):
        meta.unlink(missing_ok=True)  # unreadable bookkeeping: resume without validators
        return {}
    if not isinstance(etat, dict) or etat.get("url") != url:
        return {}
    return etat


def _ecrire_meta(meta: Path, etat: dict) -> None:
    temporaire = meta.with_name(meta.name + ".tmp")
    temporaire.write_text(json.dumps(etat), encoding="utf-8")
    os.replace(temporaire, meta)


def _abandonner(part: Path, meta: Path) -> None:
    part.unlink(missing_ok=True)
    meta.unlink(missing_ok=True)


def verifier_fichier(chemin: Path, *, nom: str | None = None) -> None:
    """Check ``chemin`` is a SIRENE stock as published: a ZIP of one CSV, or a Parquet file.

    Reads the ZIP's central directory and the first block of its member (enough to prove
    the member is reachable and decompresses), not the whole archive.
    """
    nom = nom or chemin.name
    with open(chemin, "rb") as fh:
        debut = fh.read(4)
        if debut == b"PAR1":
            fh.seek(-4, os.SEEK_END)
            if fh.read(4) != b"PAR1":
                raise ErreurTelechargement(
                    f"{nom} : fichier Parquet tronqué (pied de fichier absent). Relancez le téléchargement."
                )
            return
    if debut[:2] != b"PK":
        raise ErreurTelechargement(
            f"{nom} : le fichier reçu n'est ni une archive ZIP ni un fichier Parquet "
            f"(début : {debut!r}). L'adresse pointe peut-être vers une page web : vérifiez-la."
        )
    try:
        with zipfile.ZipFile(chemin) as archive:
            membres = [m for m in archive.infolist() if not m.is_dir()]
            csv = [m for m in membres if m.filename.lower().endswith(".csv")]
            if len(membres) != 1 or len(csv) != 1:
                noms = ", ".join(m.filename for m in membres[:5]) or "aucun fichier"
                raise ErreurTelechargement(
                    f"{nom} : l'archive devrait contenir un seul fichier CSV, elle contient : {noms}. "
                    "Vérifiez l'adresse du stock SIRENE."
                )
            with archive.open(csv[0]) as membre:
                membre.read(64 * 1024)
    except ErreurTelechargement:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, NotImplementedError) as exc:
        raise ErreurTelechargement(
            f"{nom} : archive ZIP illisible ou tronquée ({exc}). Relancez le téléchargement."
        ) from exc


def _message_http(url: str, code: int, raison: str) -> str:
    conseils = {
        404: "l'adresse n'existe pas (ou plus) : vérifiez --url ou le réglage SIRENE_STOCK_*_URL",
        403: "accès refusé : vérifiez l'adresse ou le proxy",
        401: "le serveur demande une authentification : utilisez l'adresse publique du stock",
    }
    conseil = conseils.get(code, "vérifiez l'adresse, puis réessayez plus tard")
    return f"Le serveur a répondu HTTP {code} ({raison}) pour {url} : {conseil}."


def _message_injoignable(url: str, raison) -> str:
    hote = urlsplit(url).hostname
    return (
        f"Réseau injoignable : impossible de contacter {hote} ({raison}). Vérifiez la connexion "
        "ou le proxy (variables HTTPS_PROXY / NO_PROXY), ou téléchargez le fichier sur une "
        "machine connectée et passez-le à « territoire sirene import »."
    )
