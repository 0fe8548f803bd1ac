"""The steering role (pilotage) reads the network and the desk without anyone's name: on every
page it may open, for contacts written through the apps' own actions (issue 11 §8)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from territoire.guichet import actions as guichet
from territoire.reseau import actions
from tests.guichet import factories as gf

pytestmark = pytest.mark.django_db

PRENOM, NOM, COURRIEL, TELEPHONE = "Gwendoline", "Quesnoy", "gwendoline.quesnoy@fonderie.example", "03 21 98 76 54"


def _traces(page: str) -> list[str]:
    return [t for t in (PRENOM, NOM, COURRIEL, "98 76 54") if t in page]


def test_aucune_page_du_pilotage_ne_nomme_une_personne(client, territoire, alice, bruno):
    orga = actions.creer_organisation(territoire, auteur=alice, nom="Fonderie de l'Artois", type="entreprise",
                                      commune=territoire.communes.first())
    personne = actions.creer_contact(orga, auteur=alice, prenom=PRENOM, nom=NOM, email=COURRIEL, telephone=TELEPHONE,
                                     base_legale="interet_legitime")
    actions.modifier_contact(personne, alice, fonction="Directrice technique")
    ev = actions.creer_evenement(territoire, auteur=alice, titre="Club des industriels", type="club", date=gf.moment(2026, 5, 12))
    actions.inscrire(ev, orga, personne, auteur=alice)
    actions.enregistrer_interaction(territoire, orga, auteur=alice, type="visite", date=date(2026, 4, 1),
                                    objet="Visite de l'atelier", contacts=[personne])
    demande = guichet.deposer_demande(territoire, sujet=gf.sujet(), description="Deux soudeurs.", organisation=orga,
                                      contact={"prenom": PRENOM, "nom": NOM, "email": COURRIEL}, origine="equipe",
                                      par=alice)
    guichet.changer_statut(demande, "prise_en_charge", alice, note="Rappel prévu.")
    t = territoire.slug
    pages = [
        reverse("reseau:organisations", kwargs={"territoire": t}),
        reverse("reseau:organisations_export", kwargs={"territoire": t, "format": "csv"}),
        reverse("reseau:organisation", kwargs={"territoire": t, "pk": orga.pk}),
        reverse("reseau:organisation_historique", kwargs={"territoire": t, "pk": orga.pk}),
        reverse("reseau:non_rencontrees", kwargs={"territoire": t}),
        reverse("reseau:evenements", kwargs={"territoire": t}),
        reverse("reseau:evenement", kwargs={"territoire": t, "pk": ev.pk}),
        reverse("guichet:demandes", kwargs={"territoire": t}),
        reverse("guichet:demande", kwargs={"territoire": t, "pk": demande.pk}),
        reverse("guichet:demandes_export", kwargs={"territoire": t, "format": "csv"}),
        reverse("guichet:mesures", kwargs={"territoire": t}),
    ]
    client.force_login(alice)
    vues_par_l_equipe = [u for u in pages if _traces(client.get(u).content.decode("utf-8", "replace"))]
    assert len(vues_par_l_equipe) >= 3, "l'équipe voit la personne : le test cherche bien quelque chose"
    client.force_login(bruno)
    for url in pages:
        reponse = client.get(url)
        assert reponse.status_code == 200, url
        assert not _traces(reponse.content.decode("utf-8", "replace")), f"{url} : {_traces(reponse.content.decode())}"
    # Searching the queue by the person's name finds nothing for steering (it would tell who filed).
    file = reverse("guichet:demandes", kwargs={"territoire": t})
    assert "Aucune demande" in client.get(file, {"q": NOM}).content.decode()
    client.force_login(alice)
    assert "Aucune demande" not in client.get(file, {"q": NOM}).content.decode()
