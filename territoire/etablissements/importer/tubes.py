"""The temporary folders of the FIFOs that feed a ZIP member to DuckDB.

Each folder is named after the process that made it (``territoire-sirene-<pid>-…``): a process
killed before its ``finally`` (SIGKILL, power loss) leaves its folder and FIFO behind, and the
next reader removes the folders of dead processes.
"""

from __future__ import annotations

import os
import shutil
import tempfile

# The FIFO's folder is named after the process that made it: a process killed before its
# `finally` (SIGKILL, power loss) leaves it behind, and the next reader removes it.
PREFIXE_TUBE = "territoire-sirene-"


def nettoyer_tubes_abandonnes(dossier: str | None = None) -> list[str]:
    """Remove the FIFO folders left by dead processes in the temporary folder; return them."""
    racine = dossier or tempfile.gettempdir()
    retires = []
    try:
        noms = os.listdir(racine)
    except FileNotFoundError:
        return retires
    for nom in noms:
        if not nom.startswith(PREFIXE_TUBE):
            continue
        pid = nom[len(PREFIXE_TUBE):].split("-", 1)[0]
        if not pid.isdigit() or _vivant(int(pid)):
            continue
        chemin = os.path.join(racine, nom)
        shutil.rmtree(chemin, ignore_errors=True)
        if not os.path.exists(chemin):
            retires.append(chemin)
    return retires


def _vivant(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's live process
    return True


