"""A link that a role may not follow is not shown to it (issue 10 §6: a firm user used to see
links to two pages that answered 403).

Every page of the access walk (tests/<app>/acces.py ATTENDUS), for every persona who may see
it: each link of the page to another page of the project whose ATTENDUS entry does not name
this persona is followed; a refusal (401, 403, or the public sent to the login page) is a link
that should not have been drawn. Links to pages the persona may see are not followed again
(the access walk opens them), nor links out of the site, to static files or to the admin.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.urls import Resolver404, resolve, reverse

from tests.test_acces import ATTENDUS

PAR_MOTIF = {a.nom: a for a in ATTENDUS}
_LIEN = re.compile(r"<a\b[^>]*?\bhref=\"([^\"]+)\"", re.IGNORECASE)
_HORS_PRODUIT = (settings.STATIC_URL, "/admin/")


def _liens_internes(contenu: str) -> set[str]:
    liens = set()
    for href in _LIEN.findall(contenu):
        href = html.unescape(href)
        morceaux = urlsplit(href)
        if morceaux.scheme not in ("", "http", "https") or morceaux.netloc not in ("", "testserver"):
            continue
        if not morceaux.path.startswith("/") or morceaux.path.startswith(_HORS_PRODUIT):
            continue
        liens.add(morceaux.path + (f"?{morceaux.query}" if morceaux.query else ""))
    return liens


def _refus(reponse) -> bool:
    if reponse.status_code in (401, 403):
        return True
    return reponse.status_code == 302 and reponse["Location"].startswith(reverse("comptes:connexion"))


@pytest.mark.django_db
@pytest.mark.parametrize("attendu", [a for a in ATTENDUS if a.methode_get], ids=lambda a: a.nom)
def test_une_page_ne_montre_pas_de_lien_que_son_lecteur_ne_peut_pas_suivre(attendu, client, territoire, personas):
    url = reverse(attendu.nom, kwargs=attendu.arguments(territoire))
    fautes = []
    for nom in sorted(attendu.voient):
        client.logout()
        if personas[nom] is not None:
            client.force_login(personas[nom])
        reponse = client.get(url)
        if reponse.status_code != 200 or "text/html" not in reponse.get("Content-Type", ""):
            continue
        for lien in sorted(_liens_internes(reponse.content.decode())):
            try:
                motif = resolve(urlsplit(lien).path).view_name
            except Resolver404:
                continue
            cible = PAR_MOTIF.get(motif)
            if cible is None or nom in cible.voient or not cible.methode_get:
                continue
            suite = client.get(lien)
            if _refus(suite):
                fautes.append(f"{nom} voit sur {url} un lien vers {lien} ({motif}) qui répond {suite.status_code}")
    assert not fautes, "\n".join(fautes)
