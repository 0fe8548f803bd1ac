"""Colour arithmetic of the design system: WCAG contrast ratios and a territory's accent.

The tokens of `static/territoire/site.css` use these colours; tests/ui checks every pairing
the stylesheet uses, and a territory's accent is refused when it would not pass AA (4.5:1).
"""

from __future__ import annotations

import re

BLANC = "#ffffff"
TEXTE = "#1e1e1e"
# The lightest backgrounds an accent-coloured text or link sits on (site.css: --fond-doux).
FOND_DOUX = "#f4f6f8"
ACCENT_DEFAUT = "#005f73"
CONTRASTE_AA = 4.5

_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


def valide(couleur: str) -> bool:
    return bool(_HEX.match(couleur or ""))


def _rvb(couleur: str) -> tuple[int, int, int]:
    if not valide(couleur):
        raise ValueError(f"« {couleur} » n'est pas une couleur #rrvvbb.")
    return int(couleur[1:3], 16), int(couleur[3:5], 16), int(couleur[5:7], 16)


def _hex(rvb) -> str:
    return "#" + "".join(f"{max(0, min(255, round(c))):02x}" for c in rvb)


def luminance(couleur: str) -> float:
    """Relative luminance (WCAG 2.1)."""

    def canal(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, v, b = _rvb(couleur)
    return 0.2126 * canal(r) + 0.7152 * canal(v) + 0.0722 * canal(b)


def contraste(a: str, b: str) -> float:
    """Contrast ratio between two colours, from 1 to 21."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def melanger(couleur: str, avec: str, part: float) -> str:
    """`couleur` mixed with `part` (0–1) of `avec`."""
    c, a = _rvb(couleur), _rvb(avec)
    return _hex(tuple(x + (y - x) * part for x, y in zip(c, a, strict=True)))


def declinaisons(accent: str) -> dict[str, str]:
    """The accent and the two shades the stylesheet derives from it."""
    return {
        "accent": accent.lower(),
        "accent-fonce": melanger(accent, "#000000", 0.25),
        "accent-clair": melanger(accent, BLANC, 0.9),
    }


def problemes_accent(accent: str) -> list[str]:
    """Why `accent` cannot be a territory's accent colour (an empty list when it can).

    The accent colours links and headings on white and on the soft background, white text on
    buttons, and the current navigation item's text on its light tint: each needs 4.5:1.
    """
    if not valide(accent):
        return [f"« {accent} » n'est pas une couleur au format #rrvvbb (par exemple #005f73)."]
    d = declinaisons(accent)
    problemes = []
    for fond, ou in ((BLANC, "le blanc"), (FOND_DOUX, "le fond gris clair"), (d["accent-clair"], "sa teinte claire")):
        ratio = contraste(accent, fond)
        if ratio < CONTRASTE_AA:
            texte = f"{ratio:.2f}".replace(".", ",")
            problemes.append(
                f"Sur {ou}, cette couleur n'offre qu'un contraste de {texte}:1 "
                f"(4,5:1 au moins) : choisissez une couleur plus foncée."
            )
    return problemes
