"""Synthesis exports: DOCX (python-docx) and PDF (WeasyPrint). Public version: aggregates only,
never a firm's name; texts pass through python-docx or Django's autoescaping, never raw."""

from __future__ import annotations

import io

from django.template.loader import render_to_string
from django.utils import timezone


def _periode(consultation) -> str:
    if consultation.fin:
        return f"du {consultation.debut:%d/%m/%Y} au {consultation.fin:%d/%m/%Y}"
    return f"depuis le {consultation.debut:%d/%m/%Y}"


def _soutien_en_mots(soutien) -> str:
    return (
        f"{soutien.entreprises} entreprise(s), {soutien.reunions} réunion(s) "
        f"({soutien.reunions_collectives} collective(s), {soutien.entretiens} entretien(s) individuel(s)), "
        f"{soutien.contributions} contribution(s)"
    )


def _repartition(paires) -> str:
    return ", ".join(f"{libelle} ({n})" for libelle, n in paires) or "—"


def docx(contexte: dict) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.shared import Pt

    consultation = contexte["consultation"]
    doc = Document()
    doc.styles["Normal"].font.name = "Calibri"
    doc.styles["Normal"].font.size = Pt(10.5)
    doc.core_properties.title = f"Synthèse — {consultation.titre}"
    doc.core_properties.language = "fr-FR"
    doc.add_heading(f"Synthèse de la concertation : {consultation.titre}", level=0)
    doc.add_paragraph(
        f"{contexte['territoire'].nom} — concertation {_periode(consultation)}. Version publique : les "
        "entreprises sont décrites par leur filière et leur taille, jamais par leur nom."
    )
    c = contexte["chiffres"]
    doc.add_paragraph(
        f"{c['reunions_collectives']} réunions collectives, {c['entretiens']} entretiens individuels, "
        f"{c['entreprises']} entreprises participantes, {c['contributions']} contributions."
    )
    doc.add_heading("Ce que nous avons entendu → ce que nous faisons", level=1)
    for rang, ligne in enumerate(contexte["constats"], start=1):
        constat, soutien = ligne["constat"], ligne["soutien"]
        doc.add_heading(f"{rang}. {constat.titre}", level=2)
        if constat.description:
            doc.add_paragraph(constat.description)
        doc.add_paragraph(f"Soutien : {_soutien_en_mots(soutien)}.")
        doc.add_paragraph(f"Filières : {_repartition(soutien.filieres)}.")
        doc.add_paragraph(f"Tailles : {_repartition(soutien.tailles)}.")
        if ligne["reponses"]:
            for r in ligne["reponses"]:
                p = doc.add_paragraph(style="List Bullet")
                p.add_run(f"Fiche {r['fiche'].numero} — {r['fiche'].titre}").bold = True
                p.add_run(f" ({r['reponse'].get_type_display().lower()} ; statut : {r['statut']})")
                if r["reponse"].commentaire:
                    p.add_run(f". {r['reponse'].commentaire}")
        else:
            doc.add_paragraph("Aucune fiche-action publiée ne répond encore à ce constat.").runs[0].italic = True
        if ligne["reponses_masquees"]:
            doc.add_paragraph(f"Et {ligne['reponses_masquees']} fiche(s) en préparation, non publiée(s).")
    # The theme × meeting table is wide: it gets a landscape section of its own.
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    doc.add_heading("Thèmes abordés par réunion", level=1)
    themes, rangees = contexte["themes"], contexte["rangees"]
    table = doc.add_table(rows=1, cols=len(themes) + 2)
    table.style = "Table Grid"
    entetes = table.rows[0].cells
    entetes[0].text = "Réunion"
    for i, t in enumerate(themes, start=1):
        entetes[i].text = t.libelle
    entetes[-1].text = "Total"
    for rangee in rangees:
        cellules = table.add_row().cells
        date = f" ({rangee['date']:%d/%m/%Y})" if rangee["date"] else ""
        cellules[0].text = f"{rangee['libelle']}{date}"
        for i, n in enumerate(rangee["cellules"], start=1):
            cellules[i].text = str(n)
        cellules[-1].text = str(rangee["total"])
    for rangee in table.rows:
        for cellule in rangee.cells:
            for paragraphe in cellule.paragraphs:
                for morceau in paragraphe.runs:
                    morceau.font.size = Pt(8)
    doc.add_paragraph(f"Document produit le {timezone.localdate():%d/%m/%Y} par la plateforme Territoire.")
    sortie = io.BytesIO()
    doc.save(sortie)
    return sortie.getvalue()


def pdf(contexte: dict, base_url: str = "") -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "concertation/synthese_pdf.html", {**contexte, "periode": _periode(contexte["consultation"]),
                                            "produit_le": timezone.localdate()}
    )
    return HTML(string=html, base_url=base_url or None).write_pdf()
