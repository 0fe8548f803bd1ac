"""The text of a PDF export, for tests that check what it says (or does not say)."""

from __future__ import annotations

import io


def texte_pdf(contenu: bytes) -> str:
    """All pages' text, read by pypdf (pure Python: no program to install on the machine)."""
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(contenu)).pages)
