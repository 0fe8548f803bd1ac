"""Every page of the programme, on the demo's plan, for each persona: no unknown template
variable (tests render them as a visible marker), no server error."""

import io

import pytest
from django.urls import reverse

from territoire.comptes.models import Adhesion
from territoire.programme.models import FicheAction, Indicateur, Instance, Seance

MARQUE = "@@VARIABLE_INCONNUE"


@pytest.fixture
def demo(territoire):
    from territoire.demo.programme import construire

    construire(territoire, io.StringIO())
    return territoire


def _urls(t):
    def u(nom, **kw):
        return reverse(f"programme:{nom}", kwargs={"territoire": t.slug, **kw})

    fiches = FicheAction.objects.filter(programme__territoire=t)
    urls = [
        u("tableau"),
        u("plan"),
        u("mes_fiches"),
        u("indicateurs"),
        u("instances"),
        u("reporting"),
        u("rapport_comite") + "?debut=2021-01-01&fin=2022-12-31",
        u("plan_import"),
        u("fiche_creer"),
        u("tableau") + "?phase=2023-2027",
        u("plan") + "?phase=2023-2027",
    ]
    urls += [u("fiche", pk=f.pk) for f in fiches]
    urls += [
        u("historique", pk=fiches.get(numero="2").pk),
        u("maj_creer", pk=fiches.get(numero="2").pk),
    ]
    urls += [u("indicateur", pk=i.pk) for i in Indicateur.objects.filter(programme__territoire=t)]
    urls += [u("instance", pk=i.pk) for i in Instance.objects.filter(territoire=t)]
    urls += [u("seance", pk=s.pk) for s in Seance.objects.filter(instance__territoire=t)]
    return urls


def test_aucune_page_du_programme_n_a_de_variable_inconnue(client, demo, personas):
    # Chloé represents the CCI, which leads fiches 1 and 1.1 of the demo.
    from territoire.reseau.models import Organisation

    cci = Organisation.objects.get(nom="CCI Artois", fictif=False)
    Adhesion.objects.filter(utilisateur=personas["chloe"], territoire=demo).update(organisation=cci)
    urls = _urls(demo)
    vues = 0
    for nom in ("alice", "bruno", "chloe", "public"):
        client.logout()
        if personas[nom] is not None:
            client.force_login(personas[nom])
        for url in urls:
            reponse = client.get(url)
            assert reponse.status_code in (200, 302, 403, 404), (
                f"{nom} {url} : {reponse.status_code}"
            )
            if reponse.status_code == 200 and reponse["Content-Type"].startswith("text/html"):
                assert MARQUE not in reponse.content.decode(), f"{nom} {url}"
                vues += 1
    assert vues > 60
