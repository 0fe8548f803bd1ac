"""Printable documents: a fiche-action, the committee report. One HTML template each,
rendered to PDF by WeasyPrint and to DOCX by docx_html."""

from __future__ import annotations

import datetime as dt

from django.template.loader import render_to_string
from django.utils import timezone

from .. import derive
from ..models import FicheAction, Seance, ValeurIndicateur
from ..tableau import (
    argent_du_plan,
    charger_fiches,
    indicateurs_avec_valeurs,
    matrice_axes_statuts,
    progression_indicateur,
)
from .docx_html import docx_depuis_html


def pdf_depuis_html(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url=None).write_pdf()


# --- One fiche -----------------------------------------------------------------------------


def donnees_fiche(fiche: FicheAction, interne: bool, aujourdhui: dt.date | None = None) -> dict:
    """What the fiche document shows: the live fiche for the team, its published version otherwise."""
    aujourdhui = aujourdhui or timezone.localdate()
    valeurs = (
        ValeurIndicateur.objects.all() if interne else ValeurIndicateur.objects.filter(publiee=True)
    )
    indicateurs = [
        progression_indicateur(i)
        for i in indicateurs_avec_valeurs(fiche.programme, valeurs)
        if i.fiche_id == fiche.pk
    ]
    if not interne:
        v = fiche.version_publiee or {}
        return {
            "interne": False,
            "numero": v.get("numero", fiche.numero),
            "titre": v.get("titre", ""),
            "axes": v.get("axes", []),
            "statut": v.get("statut", ""),
            "avancement": v.get("avancement"),
            "methode": "",
            "retard": [],
            "date_debut": v.get("date_debut"),
            "date_fin": v.get("date_fin"),
            "pilote": v.get("pilote", ""),
            "personne": "",
            "partenaires": v.get("partenaires", []),
            "beneficiaires": v.get("beneficiaires", ""),
            "description": v.get("description", ""),
            "contexte": v.get("contexte", ""),
            "objectifs": v.get("objectifs", ""),
            "resultats_attendus": v.get("resultats_attendus", ""),
            "jalons": v.get("jalons", []),
            "derniere_mise_a_jour": v.get("derniere_mise_a_jour"),
            "argent": None,
            "indicateurs": indicateurs,
            "programme": str(fiche.programme),
            "le": aujourdhui,
            "confidentiel": False,
            "publie_le": fiche.publie_le,
        }
    f = charger_fiches(fiche.programme, FicheAction.objects.filter(pk=fiche.pk))[0]
    maj = f.derniere_mise_a_jour()
    av = f.avancement_calcule
    return {
        "interne": True,
        "numero": f.numero,
        "titre": f.titre,
        "axes": [a.libelle for a in f.axes.all()],
        "statut": f.statut.libelle if f.statut_id else "",
        "avancement": av.valeur if av else None,
        "methode": av.libelle_methode() if av else "",
        "retard": f.raisons_retard(aujourdhui),
        "date_debut": f.date_debut.isoformat() if f.date_debut else None,
        "date_fin": f.date_fin.isoformat() if f.date_fin else None,
        "pilote": f.pilote_organisation.nom if f.pilote_organisation_id else "",
        "personne": str(f.pilote_contact) if f.pilote_contact_id else "",
        "partenaires": [p.nom for p in f.partenaires.all()],
        "beneficiaires": f.beneficiaires,
        "description": f.description,
        "contexte": f.contexte,
        "objectifs": f.objectifs,
        "resultats_attendus": f.resultats_attendus,
        "jalons": [
            {"libelle": j.libelle, "date_prevue": j.date_prevue.isoformat(), "fait": j.fait}
            for j in f.jalons.all()
        ],
        "derniere_mise_a_jour": (
            {"date": maj.date.isoformat(), "note": maj.note, "signature": maj.signature}
            if maj
            else None
        ),
        "argent": {
            **f.argent(),
            "lignes": list(f.lignes_budget.all()),
            "cofinancements": list(f.cofinancements.all()),
        },
        "indicateurs": indicateurs,
        "programme": str(f.programme),
        "le": aujourdhui,
        "confidentiel": f.confidentiel,
        "publie_le": f.publie_le,
    }


def html_fiche(donnees: dict, territoire) -> str:
    return render_to_string(
        "programme/documents/fiche.html", {"d": donnees, "territoire": territoire}
    )


def fiche_pdf(donnees: dict, territoire) -> bytes:
    return pdf_depuis_html(html_fiche(donnees, territoire))


def fiche_docx(donnees: dict, territoire) -> bytes:
    return docx_depuis_html(html_fiche(donnees, territoire), f"Fiche-action {donnees['numero']}")


# --- Committee report ----------------------------------------------------------------------


def _atteint_au(jalon, jour: dt.date) -> bool:
    return jalon.fait and (jalon.date_realisation is None or jalon.date_realisation <= jour)


def donnees_rapport(programme, debut: dt.date, fin: dt.date, fiches_qs=None) -> dict:
    """The report of a period: each fiche's latest update (as of the period's end), money, indicators."""
    fiches = charger_fiches(programme, fiches_qs)
    valeurs = ValeurIndicateur.objects.filter(date__lte=fin)
    par_fiche: dict[int, list] = {}
    programme_entier = []
    for ind in indicateurs_avec_valeurs(programme, valeurs):
        (par_fiche.setdefault(ind.fiche_id, []) if ind.fiche_id else programme_entier).append(
            progression_indicateur(ind)
        )
    lignes = []
    for f in fiches:
        majs = [m for m in f.mises_a_jour.all() if m.date <= fin]
        derniere = majs[0] if majs else None
        lignes.append(
            {
                "fiche": f,
                "derniere": derniere,
                "dans_periode": derniere is not None and derniere.date >= debut,
                "majs_periode": [m for m in majs if m.date >= debut],
                "argent": f.argent(),
                "statut": derniere.statut if derniere else None,
                "retard": derive.raisons_retard(
                    derniere.statut.categorie if derniere else None,
                    f.date_debut,
                    f.date_fin,
                    fin,
                    sum(
                        1 for j in f.jalons.all() if j.date_prevue < fin and not _atteint_au(j, fin)
                    ),
                ),
                "jalons_periode": [j for j in f.jalons.all() if debut <= j.date_prevue <= fin],
                "indicateurs": par_fiche.get(f.pk, []),
            }
        )
    axes = list(programme.axes.all())
    from ..models import StatutFiche

    statuts = list(StatutFiche.objects.filter(territoire_id=programme.territoire_id))
    seances = (
        Seance.objects.filter(
            instance__territoire_id=programme.territoire_id, date__range=(debut, fin)
        )
        .select_related("instance")
        .prefetch_related("decisions__fiche")
    )
    return {
        "programme": programme,
        "debut": debut,
        "fin": fin,
        "lignes": lignes,
        "matrice": matrice_axes_statuts(fiches, axes, statuts),
        "argent": argent_du_plan(fiches),
        "en_retard": [ligne for ligne in lignes if ligne["retard"]],
        "indicateurs_programme": programme_entier,
        "seances": list(seances),
        "sections": sections_rapport(programme.territoire),
        "le": timezone.localdate(),
    }


def sections_rapport(territoire) -> list[dict]:
    """Sections other apps add to the committee report: an AppConfig's `sections_rapport_comite`
    names a callable (territory → {"titre", "gabarit", "contexte"} or None). Aggregates only:
    the report leaves the team."""
    from django.apps import apps
    from django.utils.module_loading import import_string

    sections = []
    for config in apps.get_app_configs():
        chemin = getattr(config, "sections_rapport_comite", None)
        if chemin:
            section = import_string(chemin)(territoire)
            if section:
                sections.append(section)
    return sections


def html_rapport(donnees: dict, territoire) -> str:
    return render_to_string(
        "programme/documents/rapport_comite.html", {"r": donnees, "territoire": territoire}
    )


def rapport_pdf(donnees: dict, territoire) -> bytes:
    return pdf_depuis_html(html_rapport(donnees, territoire))


def rapport_docx(donnees: dict, territoire) -> bytes:
    return docx_depuis_html(
        html_rapport(donnees, territoire), f"Rapport au comité — {donnees['programme']}"
    )
