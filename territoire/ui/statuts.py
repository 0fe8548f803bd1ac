"""One palette for every status badge: fiches, requests, prospects, imports, aids…

A badge says its status in words and in colour; the colour comes from the status's *tone*,
never from the page. `TONS` maps the status codes of every app to one of six tones; an app
whose codes are not here passes the tone itself (`{% include "ui/_badge.html" with ton="succes" %}`).

Tones: neutre (waiting, draft, not started), info (in progress, taken in charge), succes
(done, published, obtained), attention (late, suspended, overdue), erreur (refused, failed,
abandoned), important (confidential, to route).
"""

from __future__ import annotations

TONS_POSSIBLES = ("neutre", "info", "succes", "attention", "erreur", "important")

TONS: dict[str, str] = {
    # Fiches-actions (StatutFiche.Categorie) and the plan's derived flags
    "a_lancer": "neutre",
    "en_cours": "info",
    "suspendu": "attention",
    "termine": "succes",
    "abandonne": "erreur",
    "retard": "attention",
    "en_retard": "attention",
    "brouillon": "neutre",
    "publie": "succes",
    "confidentiel": "important",
    # Requests of the desk (Demande.Statut)
    "nouvelle": "important",
    "prise_en_charge": "info",
    "faite": "succes",
    "faite_sans_aide": "succes",
    "injoignable": "attention",
    "pas_pour_nous": "neutre",
    "en_souffrance": "attention",
    # Aids (AideProposee.Issue)
    "proposee": "neutre",
    "demandee": "info",
    "obtenue": "succes",
    "refusee": "erreur",
    "versee": "succes",
    # SIRENE imports (ImportSirene.Statut)
    "reussi": "succes",
    "essai": "neutre",
    "refuse": "erreur",
    # Background tasks and other imports
    "en_attente": "neutre",
    "echoue": "erreur",
    # Prospects (attractiveness pipeline)
    "contact": "neutre",
    "qualifie": "info",
    "visite": "info",
    "negociation": "info",
    "implante": "succes",
    "perdu": "erreur",
    # Establishments
    "actif": "succes",
    "ferme": "erreur",
    "fictif": "attention",
    "non_diffusible": "important",
}


def ton(code) -> str:
    """The tone of a status code; a tone's own name is its tone; unknown codes are neutral."""
    code = str(code or "")
    if code in TONS_POSSIBLES:
        return code
    return TONS.get(code, "neutre")
