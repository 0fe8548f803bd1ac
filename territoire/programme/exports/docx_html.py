"""Turn the small HTML of our document templates into a Word file.

One template makes both the PDF (WeasyPrint) and the DOCX (this module): headings,
paragraphs with bold and italic runs, bullet lists and tables. Anything else is read
for its text only. Elements with the class `pdf-seulement` are left out of the DOCX.
"""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

from docx import Document
from docx.enum.text import WD_BREAK
from docx.shared import Pt

# ASCII whitespace only: non-breaking and narrow spaces of French typography are kept.
BLANCS = re.compile(r"[ \t\n\r\f\v]+")
VIDES = {"br", "img", "meta", "link", "hr", "input", "col", "wbr"}
BLOCS_TEXTE = {"p", "li", "h1", "h2", "h3", "h4", "caption", "dt", "dd"}


class _Convertisseur(HTMLParser):
    def __init__(self, document):
        super().__init__(convert_charrefs=True)
        self.doc = document
        self.paragraphe = None
        self.gras = 0
        self.italique = 0
        self.ignore = 0  # depth inside an element left out (pdf-seulement, style, head)
        self.table = None  # list of rows, each a list of (text, is_header)
        self.cellule = None
        self.entete = False
        self.niveau_liste = 0

    # --- blocks ---
    def _nouveau_paragraphe(self, tag: str):
        if tag in ("h1", "h2", "h3", "h4"):
            self.paragraphe = self.doc.add_heading("", level=int(tag[1]))
        elif tag == "li":
            self.paragraphe = self.doc.add_paragraph(style="List Bullet")
        elif tag == "dt":
            self.paragraphe = self.doc.add_paragraph()
            self.gras += 1
        else:
            self.paragraphe = self.doc.add_paragraph()

    def handle_starttag(self, tag, attrs):
        if tag in VIDES:
            if tag == "br" and not self.ignore and self.paragraphe is not None:
                self.paragraphe.add_run().add_break(WD_BREAK.LINE)
            return
        attributs = dict(attrs)
        if (
            self.ignore
            or "pdf-seulement" in (attributs.get("class") or "").split()
            or tag in ("style", "head", "script")
        ):
            self.ignore += 1
            return
        if tag == "table":
            self.table = []
        elif tag == "tr" and self.table is not None:
            self.table.append([])
        elif tag in ("td", "th") and self.table is not None:
            self.cellule = []
            self.entete = tag == "th"
        elif tag in BLOCS_TEXTE and self.table is None:
            self._nouveau_paragraphe(tag)
        elif tag in ("strong", "b"):
            self.gras += 1
        elif tag in ("em", "i"):
            self.italique += 1

    def handle_endtag(self, tag):
        if tag in VIDES:
            return
        if self.ignore:
            self.ignore -= 1
            return
        if tag in ("td", "th") and self.cellule is not None and self.table:
            self.table[-1].append((BLANCS.sub(" ", "".join(self.cellule)).strip(" "), self.entete))
            self.cellule = None
        elif tag == "table" and self.table is not None:
            self._ecrire_table(self.table)
            self.table = None
        elif tag in BLOCS_TEXTE:
            if tag == "dt":
                self.gras = max(0, self.gras - 1)
            self.paragraphe = None
        elif tag in ("strong", "b"):
            self.gras = max(0, self.gras - 1)
        elif tag in ("em", "i"):
            self.italique = max(0, self.italique - 1)

    def handle_data(self, data):
        if self.ignore:
            return
        if self.cellule is not None:
            self.cellule.append(data)
            return
        texte = BLANCS.sub(" ", data)
        if not texte.strip(" "):
            return
        if self.paragraphe is None:
            self.paragraphe = self.doc.add_paragraph()
        run = self.paragraphe.add_run(texte)
        run.bold = bool(self.gras)
        run.italic = bool(self.italique)

    def _ecrire_table(self, lignes):
        lignes = [ligne for ligne in lignes if ligne]
        if not lignes:
            return
        colonnes = max(len(ligne) for ligne in lignes)
        table = self.doc.add_table(rows=len(lignes), cols=colonnes)
        table.style = "Table Grid"
        for i, ligne in enumerate(lignes):
            for j, (texte, entete) in enumerate(ligne):
                cellule = table.cell(i, j)
                run = cellule.paragraphs[0].add_run(texte)
                run.bold = entete
                run.font.size = Pt(9)
        self.doc.add_paragraph()


def docx_depuis_html(html: str, titre: str = "") -> bytes:
    document = Document()
    document.core_properties.title = titre
    document.core_properties.language = "fr-FR"
    style = document.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(10.5)
    convertisseur = _Convertisseur(document)
    convertisseur.feed(html)
    convertisseur.close()
    sortie = io.BytesIO()
    document.save(sortie)
    return sortie.getvalue()
