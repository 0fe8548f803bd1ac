"""The shared history's writes and reads."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string

from territoire.historique import actions
from territoire.historique.models import Entree
from tests.reseau import factories as f

pytestmark = pytest.mark.django_db


def test_une_entree_dit_qui_quand_quoi_et_sur_quel_dossier(territoire, alice):
    orga = f.organisation(territoire, nom="Fonderie")
    e = actions.enregistrer_historique(orga, alice, "  Organisation   modifiée ", {"naf": ["25.62A", "25.62B"]},
                                       territoire=territoire)
    assert e.objet == orga and e.auteur == alice and e.action == "Organisation modifiée" and e.territoire == territoire
    assert e.changements_lisibles() == [("activité (NAF rév. 2)", "25.62A", "25.62B")]
    assert list(actions.historique_de(orga)) == [e]
    anonyme = actions.enregistrer_historique(orga, None, "x" * 400)
    assert anonyme.auteur_affiche == "système" and len(anonyme.action) == 300 and anonyme.action.endswith("…")


def test_le_territoire_vient_du_dossier_quand_il_en_a_un(territoire):
    ev = f.evenement(territoire)
    assert actions.enregistrer_historique(ev, None, "Événement créé").territoire == territoire


def test_un_commentaire_vide_est_refuse(territoire, alice):
    orga = f.organisation(territoire)
    with pytest.raises(ValidationError):
        actions.commenter(orga, alice, "   ")
    c = actions.commenter(orga, alice, "À rappeler en mars.")
    assert c.nature == Entree.Nature.COMMENTAIRE and c.note == "À rappeler en mars."


def test_l_effacement_retire_une_personne_de_tout_le_journal_accents_compris(territoire, alice):
    orga = f.organisation(territoire)
    camille = f.contact(orga, prenom="Éloïse", nom="Béhague")
    actions.enregistrer_historique(camille, alice, "Contact modifié", {"email": ["a@b.fr", "eloise@c.fr"]})
    ailleurs = actions.enregistrer_historique(orga, alice, "Rendez-vous avec Éloïse Béhague",
                                              {"pilote": [None, "Éloïse Béhague"]}, note="Éloïse BÉHAGUE rappellera")
    actions.effacer_dans_historique(camille, ["Éloïse Béhague", "eloise@c.fr"])
    ailleurs.refresh_from_db()
    assert "Béhague" not in ailleurs.action and ailleurs.changements == {"pilote": [None, "[effacé]"]}
    propre = actions.historique_de(camille).get()
    assert propre.changements == {"email": ["[effacé]", "[effacé]"]}


def test_le_gabarit_commun_montre_les_changements_et_echappe_le_html(territoire, alice):
    orga = f.organisation(territoire)
    actions.enregistrer_historique(orga, alice, "<b>Gras</b>", {"nom": ["<i>avant</i>", None]}, note="<script>x</script>")
    html = render_to_string("historique/_entrees.html", {"entrees": actions.historique_de(orga)})
    assert "&lt;b&gt;Gras&lt;/b&gt;" in html and "&lt;script&gt;" in html and "∅" in html and "<script>" not in html
