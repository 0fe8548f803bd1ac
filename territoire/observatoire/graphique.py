"""The observatory's chart: the industrial jobs curve since 2019 with the events placed on it.

The geometry is the design system's (``territoire.ui.graphiques.courbes``); this module only adds
the events as numbered vertical marks at their date, using the same horizontal scale. The page
draws it with ``observatoire/_courbe_emplois.html`` (the design system's line chart has no event
marks) and lists the numbered events, with their sources, right under the chart.
"""

from __future__ import annotations

from territoire.ui import graphiques


def courbe_emplois(series: dict, evenements: list) -> dict | None:
    """The chart of the central jobs estimate (reconstitution and import points) with events."""
    reconstitution = [(p["mois"], p["emplois"]["central"]) for p in series["reconstitution"]]
    releve = [(p["mois"], p["emplois"]["central"]) for p in series["releve"]]
    courbes = [(nom, points) for nom, points in (
        ("Reconstitution (historique SIRENE et stock)", reconstitution),
        ("Relevés des imports du stock", releve),
    ) if points]
    g = graphiques.courbes(
        "emplois-industriels", "Emplois industriels depuis janvier 2019 (estimation centrale)", courbes,
        description="Estimation centrale des emplois des établissements industriels suivis, mois par mois ; "
                    "les événements sont marqués par leur numéro.",
        unite="emplois",
    )
    if g is None:
        return None
    dates = sorted({d for _nom, points in courbes for d, _v in points})
    d0, d1 = dates[0], dates[-1]
    gauche, droite = graphiques.MARGES["g"], graphiques.LARGEUR_COURBES - graphiques.MARGES["d"]
    reperes = []
    for e in evenements:
        if not d0 <= e.date <= d1 or d1 == d0:
            continue
        x = round(gauche + (droite - gauche) * (e.date.toordinal() - d0.toordinal()) / (d1.toordinal() - d0.toordinal()), 1)
        reperes.append({"numero": len(reperes) + 1, "x": x, "evenement": e})
    g["reperes"] = reperes
    g["y_haut"] = graphiques.MARGES["h"]
    g["y_numero"] = graphiques.MARGES["h"] + 12
    return g
