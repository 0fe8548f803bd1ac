"""The one toolkit of the browser tests: Playwright's sync API driving Debian's Chromium
against Django's live server.

- `lancer_chromium()` starts Playwright and Chromium and always stops both when its block
  ends (a Playwright left running keeps an asyncio loop in the thread, and the next sync
  Playwright of that thread refuses to start); it skips, saying why, without /usr/bin/chromium.
  Meanwhile the test's ORM calls keep the thread's database connections.
- `Ouvreur` opens pages, each in its own browser context, aborts and records every request
  that leaves the live server, records JavaScript errors, and closes every context it opened.
- `problemes_accessibilite(page)` runs the automatable accessibility checks (one copy);
  `violations_axe(page)` runs axe-core's WCAG 2.1 A/AA rules (vendored in tests/navigateur/axe/).
- Fixtures `navigateur` (one Chromium per test module) and `page` (one page per test) for the
  modules that import them: `from tests.navigateur_outils import navigateur, page`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGUMENTS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
MOT_DE_PASSE = "mot-de-passe-solide-42"  # the personas' password (tests/conftest.py)
# Schemes that never leave the machine.
LOCAUX = ("data:", "blob:", "about:")

# Automatable RGAA checks, the same on every page:
# - the page is in French (lang="fr") and has an h1 title;
# - every field has a label (label[for], an enclosing label, aria-label or aria-labelledby);
# - every image has an alt attribute;
# - every SVG chart of the main content is role=img with a non-empty text alternative
#   (aria-labelledby), inside a figure that holds its data table (or is followed by it);
#   a chart outside any figure must at least share its section with its table. Leaflet's map
#   layers (the map has its own data tables) and decorative aria-hidden SVGs are not charts;
# - landmarks: exactly one main; several navigations each have a name;
# - headings: one h1, no level skipped going down;
# - colour contrast of every visible text against its first opaque background: 4.5:1, or 3:1
#   for large text (the design system's tokens, a territory's accent, any page's own colours).
VERIFICATIONS_ACCESSIBILITE = r"""() => {
  const problemes = [];
  const texte = (id) => { const e = document.getElementById(id); return e ? e.textContent.trim() : ""; };
  if (document.documentElement.lang !== "fr") problemes.push("lang=" + document.documentElement.lang);
  if (!document.querySelector("h1")) problemes.push("pas de titre h1");
  for (const champ of document.querySelectorAll("input:not([type=hidden]), select, textarea")) {
    const etiquette = (champ.id && document.querySelector(`label[for="${champ.id}"]`))
      || champ.closest("label") || champ.getAttribute("aria-label") || champ.getAttribute("aria-labelledby");
    if (!etiquette) problemes.push("champ sans étiquette : " + (champ.name || champ.outerHTML.slice(0, 60)));
  }
  for (const img of document.querySelectorAll("img")) {
    if (!img.hasAttribute("alt")) problemes.push("image sans alt : " + img.src);
  }
  for (const svg of document.querySelectorAll("main svg")) {
    if (svg.closest(".leaflet-container") || svg.closest("[aria-hidden=true]")) continue;
    const ids = (svg.getAttribute("aria-labelledby") || "").split(" ").filter(Boolean);
    if (svg.getAttribute("role") !== "img" || !ids.length || !ids.every(texte))
      problemes.push("graphique sans alternative textuelle");
    const figure = svg.closest("figure");
    const suivant = figure && figure.nextElementSibling;
    const groupe = figure || svg.closest("section");
    const tableau = (groupe && groupe.querySelector("table"))
      || (suivant && (suivant.matches("table") ? suivant : suivant.querySelector("table")));
    if (!tableau) problemes.push("graphique sans tableau de données");
  }
  // Landmarks: one main, one banner and one contentinfo at most; every nav named when several.
  if (document.body.children.length > 1 || document.querySelector("header, footer, nav")) {
    if (document.querySelectorAll("main").length !== 1) problemes.push("il faut exactement une région main");
    const navs = document.querySelectorAll("nav");
    if (navs.length > 1) for (const n of navs)
      if (!n.getAttribute("aria-label") && !n.getAttribute("aria-labelledby")) problemes.push("navigation sans nom");
  }
  // Headings: one h1, and no level skipped going down (h2 then h4).
  if (document.querySelectorAll("h1").length > 1) problemes.push("plusieurs titres h1");
  let precedent = 0;
  for (const t of document.querySelectorAll("main h1, main h2, main h3, main h4, main h5, main h6")) {
    const niveau = Number(t.tagName[1]);
    if (precedent && niveau > precedent + 1) problemes.push(`titre ${t.tagName} après h${precedent} : « ${t.textContent.trim().slice(0, 40)} »`);
    precedent = niveau;
  }
  // Colour contrast of visible text against its first opaque background (WCAG 1.4.3).
  const rvb = (c) => { const m = c.match(/rgba?\(([^)]+)\)/); if (!m) return null; const v = m[1].split(",").map(Number); return v.length > 3 && v[3] < 1 ? (v[3] === 0 ? null : v) : v; };
  const lum = (v) => { const f = (x) => { x /= 255; return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4; }; return 0.2126 * f(v[0]) + 0.7152 * f(v[1]) + 0.0722 * f(v[2]); };
  const fond = (e) => { for (let n = e; n; n = n.parentElement) { const c = rvb(getComputedStyle(n).backgroundColor); if (c && (c.length < 4 || c[3] >= 1)) return c; } return [255, 255, 255]; };
  const vus = new Set();
  for (const e of document.querySelectorAll("body *")) {
    if (e.closest("svg, .leaflet-container, .sr-only, [aria-hidden=true]")) continue;
    const direct = Array.from(e.childNodes).some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!direct) continue;
    const st = getComputedStyle(e);
    if (st.visibility === "hidden" || st.display === "none" || !e.getClientRects().length) continue;
    const c = rvb(st.color); if (!c) continue;
    const a = lum(c), b = lum(fond(e));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    const taille = parseFloat(st.fontSize), gras = Number(st.fontWeight) >= 700;
    const minimum = taille >= 24 || (gras && taille >= 18.66) ? 3 : 4.5;
    if (ratio < minimum - 0.01) {
      const cle = e.tagName + ":" + e.textContent.trim().slice(0, 30);
      if (!vus.has(cle)) { vus.add(cle); problemes.push(`contraste ${ratio.toFixed(2)}:1 < ${minimum}:1 : ${cle}`); }
    }
  }
  return problemes;
}"""


def problemes_accessibilite(page) -> list[str]:
    """What the automatable checks find wrong on the page (an empty list when all is well)."""
    return page.evaluate(VERIFICATIONS_ACCESSIBILITE)


AXE = Path(__file__).parent / "navigateur" / "axe" / "axe.min.js"  # axe-core, MPL-2.0 (README there)
# The WCAG 2.0 and 2.1 rules of levels A and AA (RGAA 4 follows WCAG 2.1 AA).
REGLES_AXE = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
LANCER_AXE = """async (regles) => {
  const r = await axe.run(document, { runOnly: { type: "tag", values: regles }, resultTypes: ["violations"] });
  return r.violations.map((v) => ({ regle: v.id, impact: v.impact, aide: v.help,
    cibles: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }));
}"""


def violations_axe(page) -> list[str]:
    """The WCAG 2.1 A/AA violations axe-core finds on the page, one line each (rule, impact,
    help, up to three CSS targets); an empty list when there is none. axe is evaluated in the
    page by Playwright (the Content-Security-Policy, which refuses inline scripts, stays on)."""
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    return [
        f"{v['regle']} ({v['impact']}) : {v['aide']} — {', '.join(v['cibles'])}"
        for v in page.evaluate(LANCER_AXE, REGLES_AXE)
    ]


@contextmanager
def lancer_chromium() -> Iterator:
    """Playwright and Chromium for the block; both are stopped when it ends, even on failure."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} absent : installez le paquet Debian chromium (make browser).")
    # Playwright's sync API runs an event loop in this thread; the tests' ORM calls (creating
    # data, reading results) stay synchronous, which Django would otherwise refuse.
    avant = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Between its calls, Playwright's sync API leaves its event loop marked as running in this
    # thread. Django's connection handler (an asgiref Local, thread-critical) then takes the
    # thread for async code and hands out other connection objects than the ones the test
    # database was set up on. Those lack the rows Django serialized after the migrations, so the
    # serialized rollback of a browser test silently restored nothing: it started on an empty
    # database while the process-wide content type cache kept the ids of earlier tests (guichet's
    # browser test after its test_actions.py: FOREIGN KEY error). The tests' ORM calls stay
    # synchronous in this thread: they keep its connections while Playwright runs.
    connexions = {alias: connections[alias] for alias in connections}
    try:
        with sync_playwright() as p:
            for alias, connexion in connexions.items():
                connections[alias] = connexion
            try:
                navigateur = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGUMENTS)
                try:
                    yield navigateur
                finally:
                    navigateur.close()
            finally:
                for alias in connexions:
                    del connections[alias]  # the handler as Playwright found it
    finally:
        if avant is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = avant


class Ouvreur:
    """Opens pages in separate contexts (one per person); no request may leave the live server.

    `sorties` lists the aborted outgoing requests, `erreurs` the JavaScript errors; `fermer()`
    closes every context opened, `verifier()` fails when either list is not empty.
    """

    def __init__(self, navigateur, url_serveur: str):
        self.navigateur = navigateur
        self.url_serveur = url_serveur.rstrip("/")
        self.sorties: list[str] = []
        self.erreurs: list[str] = []
        self._contextes: list = []

    def _filtrer(self, route) -> None:
        url = route.request.url
        if url == self.url_serveur or url.startswith((self.url_serveur + "/", *LOCAUX)):
            route.continue_()
        else:
            self.sorties.append(url)
            route.abort()

    def __call__(self, javascript: bool = True, **options):
        options.setdefault("viewport", {"width": 1280, "height": 900})
        contexte = self.navigateur.new_context(
            locale="fr-FR", java_script_enabled=javascript, **options
        )
        self._contextes.append(contexte)
        contexte.route("**/*", self._filtrer)
        page = contexte.new_page()
        page.on("pageerror", lambda exc: self.erreurs.append(str(exc)))
        return page

    def fermer(self) -> None:
        while self._contextes:
            self._contextes.pop().close()

    def verifier(self) -> None:
        assert not self.sorties, f"requêtes vers l'extérieur : {self.sorties}"
        assert not self.erreurs, f"erreurs JavaScript : {self.erreurs}"


@contextmanager
def ouvreur(navigateur, url_serveur: str) -> Iterator[Ouvreur]:
    """An `Ouvreur` whose contexts are closed when the block ends; checked if the block passed."""
    o = Ouvreur(navigateur, url_serveur)
    try:
        yield o
    finally:
        o.fermer()
    o.verifier()


@pytest.fixture(scope="module")
def navigateur():
    """One Chromium per test module, stopped with its Playwright when the module ends."""
    with lancer_chromium() as navigateur:
        yield navigateur


@pytest.fixture
def page(navigateur, live_server):
    """One page of the live server per test; no outgoing request, no JavaScript error."""
    with ouvreur(navigateur, live_server.url) as ouvrir:
        yield ouvrir()


def connecter(page, url_serveur: str, identifiant: str, suite: str = "") -> None:
    """Log in through the login form (the personas share one password)."""
    page.goto(f"{url_serveur}/comptes/connexion/" + (f"?next={suite}" if suite else ""))
    page.fill("#id_username", identifiant)
    page.fill("#id_password", MOT_DE_PASSE)
    page.click("main button[type=submit]")
