"""The accessibility walk (issue 10, Quality): every page of every app, for every persona who
may open it, in Chromium, with the automated checks — axe-core's WCAG 2.1 A/AA rules and the
toolkit's own (labels, alternatives of charts, landmarks, headings, contrast).

The pages are those of the access walk (tests/<app>/acces.py ATTENDUS, discovered like
tests/test_acces.py does, and test_acces checks that every URL pattern is declared there): a
page added by any app is walked without touching this file. One object per URL pattern (the
arguments its ATTENDUS entry builds), one Chromium for the whole walk, one browser context per
persona (signed in by a session cookie), one test per URL namespace (an app: its pages'
arguments are built in a fresh database, as the access walk builds each pattern's). A page whose main content a persona sees exactly as an
earlier persona did is not checked by axe again (its header, which differs, was checked on
other pages of that persona): the walk stays bounded while covering what each persona sees.

Non-HTML answers (CSV, XLSX, PDF, JSON) are skipped. A page that fails to build its arguments,
that does not answer 200 to a persona that may see it, or that breaks the checks is listed in
one failure message: rule, page, persona, targets.
"""

from __future__ import annotations

import hashlib
import re

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Error as ErreurPlaywright

from tests.acces_outils import TOUS
from tests.navigateur_outils import ouvreur, problemes_accessibilite, violations_axe
from tests.test_acces import ATTENDUS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# The parts of a page that change between two loads without changing what a person sees.
_VOLATIL = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"|\?v=[0-9a-f]+|csrf[^"]*"[^"]*"')


def _espace(nom: str) -> str:
    return nom.split(":")[0] if ":" in nom else "(racine)"


# One walk per URL namespace (an app): each builds its pages' arguments in a fresh database, as
# the access walk does pattern by pattern (one app's objects never collide with another's).
ESPACES = sorted({_espace(a.nom) for a in ATTENDUS if a.methode_get})


def _urls(territoire, espace: str) -> tuple[list[tuple[str, str, frozenset]], list[str]]:
    """(pattern name, URL, who may see it) for every GET page of the namespace, and the
    patterns whose arguments could not be built (each listed with its error)."""
    pages, erreurs = [], []
    for attendu in ATTENDUS:
        if not attendu.methode_get or _espace(attendu.nom) != espace:
            continue
        try:
            url = reverse(attendu.nom, kwargs=attendu.arguments(territoire))
        except Exception as exc:  # noqa: BLE001 — reported as a failure of the walk, not swallowed
            erreurs.append(f"{attendu.nom} : arguments impossibles à construire ({type(exc).__name__} : {exc})")
            continue
        pages.append((attendu.nom, url, attendu.voient))
    return pages, erreurs


def _cookie_de_session(user, url_serveur: str) -> list[dict]:
    client = Client()
    client.force_login(user)
    return [{"name": c.key, "value": c.value, "url": url_serveur} for c in client.cookies.values()]


def test_la_marche_couvre_toutes_les_pages():
    assert sum(1 for a in ATTENDUS if a.methode_get) > 150 and len(ESPACES) > 10


@pytest.mark.parametrize("espace", ESPACES)
def test_chaque_page_de_chaque_persona_passe_les_verifications(navigateur, live_server, territoire, personas, espace):
    pages, problemes = _urls(territoire, espace)
    vus: set[tuple[str, str]] = set()
    verifiees = 0
    with ouvreur(navigateur, live_server.url) as ouvrir:
        for nom in sorted(TOUS):
            page = ouvrir()
            if personas[nom] is not None:
                page.context.add_cookies(_cookie_de_session(personas[nom], live_server.url))
            for motif, url, voient in pages:
                if nom not in voient:
                    continue
                try:
                    reponse = page.goto(live_server.url + url, wait_until="load")
                except ErreurPlaywright as exc:
                    if "Download is starting" in str(exc):
                        continue  # a file (CSV, XLSX, PDF…): not a page
                    raise
                if reponse is None or reponse.status != 200:
                    problemes.append(f"{nom} {url} ({motif}) : statut {reponse.status if reponse else '—'}, 200 attendu")
                    continue
                if "text/html" not in (reponse.headers.get("content-type") or ""):
                    continue
                for p in problemes_accessibilite(page):
                    problemes.append(f"{nom} {url} ({motif}) : {p}")
                contenu = page.evaluate("() => (document.querySelector('main') || document.body).innerHTML")
                cle = (motif, hashlib.sha1(_VOLATIL.sub("", contenu).encode()).hexdigest())
                if cle in vus:
                    continue
                vus.add(cle)
                verifiees += 1
                for v in violations_axe(page):
                    problemes.append(f"{nom} {url} ({motif}) : axe {v}")
    assert not problemes, f"{len(problemes)} problème(s) sur {verifiees} pages vérifiées par axe :\n" + "\n".join(problemes)
