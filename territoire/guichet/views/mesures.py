"""The desk's measures: share taken in charge within 5 working days, time to close."""

from __future__ import annotations

from django.shortcuts import render

from territoire.comptes.vues import vue_territoire

from .. import mesures
from ..models import Demande
from ._commun import INTERNES

# The chart's geometry, in the page's font size (em): labels are never cut, the chart never
# uses a font larger than the page's. It is drawn here rather than with ui/_graphique_barres.html,
# whose 13 px text grows when its figure stretches the SVG to 40 rem (the defect this page had).
HAUTEUR_BARRE = 2.0
LARGEUR_BARRES = 20.0


def _n(x: float) -> str:
    """A coordinate for SVG: a point as decimal mark whatever the page's language (the
    templates would localise a float to « 35,2 »)."""
    return f"{x:.2f}".rstrip("0").rstrip(".")


def barres(lignes) -> dict:
    """Horizontal bars (share within 5 working days, by partner), as SVG coordinates in em.

    The label column is as wide as the longest label (at about 0.55 em per character), so
    that no label is cut; the viewBox is in em, the SVG scales with the page's font."""
    marge = max((len(m.libelle) for m in lignes), default=10) * 0.55 + 1
    donnees = []
    for i, m in enumerate(lignes):
        p = m.pourcentage_5_jours
        donnees.append({"y": _n(i * HAUTEUR_BARRE), "libelle": m.libelle, "valeur": p,
                        "largeur": _n(LARGEUR_BARRES * (p or 0) / 100), "y_texte": _n(i * HAUTEUR_BARRE + 1.1)})
    return {"barres": donnees, "hauteur": _n(max(1, len(donnees)) * HAUTEUR_BARRE), "marge": _n(marge),
            "largeur": _n(LARGEUR_BARRES), "x_valeur": _n(marge + LARGEUR_BARRES + 0.4),
            "total": _n(marge + LARGEUR_BARRES + 4), "epaisseur": _n(1.4)}


@vue_territoire(*INTERNES)
def tableau_mesures(request):
    territoire = request.territoire
    m = mesures.mesurer(Demande.objects.for_user(request.user, territoire))
    return render(request, "guichet/mesures.html", {
        "territoire": territoire, "total": m["total"], "par_partenaire": m["par_partenaire"],
        "par_sujet": m["par_sujet"], "delai": mesures.DELAI_JOURS_OUVRES,
        "graphique": barres(m["par_partenaire"]), "fil": [("Mesures du guichet", None)],
    })
