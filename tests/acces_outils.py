"""The contract of the access walk (tests/test_acces.py).

Each app declares, in `tests/<app>/acces.py`, a list `ATTENDUS` of `Attendu`: for every URL
pattern name it owns, how to build the URL's arguments and which personas may see it.
The walk fails when a URL pattern of the project is declared nowhere.

Personas: "public" (anonymous), "alice" (équipe), "bruno" (pilotage), "chloe" (partenaire),
"david" (entreprise), "eve" (équipe of another territory only).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

TOUS = frozenset({"public", "alice", "bruno", "chloe", "david", "eve"})
CONNECTES = TOUS - {"public"}
MEMBRES = frozenset({"alice", "bruno", "chloe", "david"})
INTERNES = frozenset({"alice", "bruno", "chloe"})
EQUIPE = frozenset({"alice"})
EQUIPE_PILOTAGE = frozenset({"alice", "bruno"})


@dataclass(frozen=True)
class Attendu:
    """One URL pattern, its arguments, and who may GET it (status 200).

    `arguments(territoire)` creates what the URL needs and returns the reverse() kwargs.
    Anyone else gets a refusal: a redirect to the login page for the public, 403 or 404
    for signed-in users. `methode_get=False` marks a POST-only URL: GET must then answer
    405 to everyone, and `voient` says who may POST (checked by the app's own tests).
    `contient` is a text the page must show to those who may see it.
    """

    nom: str
    voient: frozenset[str]
    arguments: Callable = field(default=lambda territoire: {"territoire": territoire.slug})
    methode_get: bool = True
    contient: str = ""
