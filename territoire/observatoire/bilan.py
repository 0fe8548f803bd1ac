"""The yearly report ("bilan") of a territory: one HTML template rendered to PDF (WeasyPrint) and
to DOCX by the programme's export machinery (``territoire.programme.exports``).

It shows industrial jobs and establishments at the end of the year against a year before and
against January 2019, by filière (from the monthly series, with their vintage sentence); the
year's confirmed events with their sources; the action plan's progress (fiches, status,
progress, lateness) and the year's visit plan; the visits' aggregates.
"""

from __future__ import annotations

import datetime as dt

from django.template.loader import render_to_string
from django.utils import timezone

from . import series, visites
from .models import Evenement, PlanVisites


def _fin_de_l_annee(points: list[dict], annee: int) -> dict | None:
    dans_l_annee = [p for p in points if p["mois"].year == annee]
    return dans_l_annee[-1] if dans_l_annee else None


def donnees_bilan(territoire, annee: int) -> dict:
    from territoire.programme.queries import programme_courant
    from territoire.programme.tableau import charger_fiches

    s = series.series_du_territoire(territoire)
    principale = s["reconstitution"] or s["releve"]
    source = series.RECONSTITUTION if s["reconstitution"] else series.RELEVE
    fin = _fin_de_l_annee(principale, annee)
    un_an = series.point_au(principale, fin["mois"].replace(year=fin["mois"].year - 1)) if fin else None
    depart = series.point_au(principale, series.MOIS_DEPART)
    mois = [p["mois"] for p in (depart, un_an, fin) if p]
    par_filiere = series.comparaison(series.par_dimension(territoire, source, "filiere", mois), mois) if mois else []
    programme = programme_courant(territoire)
    fiches = []
    if programme is not None:
        aujourdhui = min(timezone.localdate(), dt.date(annee, 12, 31))
        for f in charger_fiches(programme):
            avancement = f.avancement_calcule
            fiches.append({
                "numero": f.numero, "titre": f.titre, "statut": f.statut.libelle if f.statut_id else "",
                "avancement": avancement.valeur if avancement else None,
                "retard": f.raisons_retard(aujourdhui),
            })
    plan = PlanVisites.objects.filter(territoire=territoire, annee=annee).first()
    avancement_plan = visites.avancement_du_plan(plan) if plan else []
    return {
        "territoire": territoire, "annee": annee, "le": timezone.localdate(), "source": source,
        "phrase": s["phrase_reconstitution"] if s["reconstitution"] else s["phrase_releve"],
        "fin": fin, "un_an": un_an, "depart": depart, "mois": mois, "par_filiere": par_filiere,
        "evenements": list(
            Evenement.objects.filter(territoire=territoire, statut=Evenement.Statut.CONFIRME, date__year=annee)
            .select_related("organisation").order_by("date", "pk")
        ),
        "programme": programme, "fiches": fiches,
        "visites_prevues": len(avancement_plan), "visites_faites": sum(1 for a in avancement_plan if not a["due"]),
        "agregats": visites.agregats(territoire, dt.date(annee, 1, 1)),
        "donnees_fictives": territoire.donnees_fictives,
    }


def html_bilan(donnees: dict) -> str:
    return render_to_string("observatoire/documents/bilan.html", {"b": donnees, "territoire": donnees["territoire"]})


def bilan_pdf(donnees: dict) -> bytes:
    from territoire.programme.exports.documents import pdf_depuis_html

    return pdf_depuis_html(html_bilan(donnees))


def bilan_docx(donnees: dict) -> bytes:
    from territoire.programme.exports.docx_html import docx_depuis_html

    return docx_depuis_html(html_bilan(donnees), f"Bilan {donnees['annee']} — {donnees['territoire'].nom}")
