"""The controlled competence vocabulary: the shipped file, and a bad file refused whole, nothing lost."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from territoire.innovation import vocabulaire as voc
from territoire.innovation.models import Competence, Synonyme
from territoire.referentiel.actions import DonneesInvalides

ENTETE = "code;libelle;categorie;parent;synonymes;description\n"


def _lire(texte: str, existants=None):
    return voc.lire((ENTETE + texte).encode("utf-8"), "essai.csv", existants)


def test_le_vocabulaire_livre_est_juste_et_assez_riche():
    entrees = voc.lire(voc.FICHIER_LIVRE.read_bytes(), voc.FICHIER_LIVRE.name)
    assert len(entrees) >= 100
    assert {e.categorie for e in entrees} == {"technologie", "materiau", "procede", "secteur", "methode"}
    assert sum(len(e.synonymes) for e in entrees) >= 600
    aqueux = next(e for e in entrees if e.code == "revetements-aqueux")
    assert aqueux.parent == "peintures-vernis" and "peinture à l'eau" in aqueux.synonymes


def test_un_code_en_double_est_refuse_avec_sa_ligne():
    with pytest.raises(DonneesInvalides) as exc:
        _lire("robotique;Robotique;technologie;;robot;\nrobotique;Robots;technologie;;;\n")
    assert "ligne 3" in str(exc.value) and "doublon" in str(exc.value)


def test_deux_libelles_identiques_aux_accents_pres_sont_refuses():
    with pytest.raises(DonneesInvalides, match="déjà celui de la ligne 2"):
        _lire("a;Électronique;technologie;;;\nb;electronique;technologie;;;\n")


def test_un_terme_qui_designe_deux_entrees_est_refuse():
    with pytest.raises(DonneesInvalides, match="désigne déjà"):
        _lire("a;Soudage;procede;;soudure;\nb;Assemblage;procede;;Soudure|rivetage;\n")


def test_un_cycle_de_parents_est_refuse_et_nomme():
    with pytest.raises(DonneesInvalides) as exc:
        _lire("a;Alpha;procede;c;;\nb;Bêta;procede;a;;\nc;Gamma;procede;b;;\n")
    assert "cycle de parents" in str(exc.value) and "→" in str(exc.value)


def test_un_cycle_avec_une_entree_deja_en_base_est_refuse():
    with pytest.raises(DonneesInvalides, match="cycle"):
        _lire("a;Alpha;procede;b;;\n", existants={"b": "a"})


def test_un_parent_inconnu_et_une_categorie_inconnue_sont_refuses_ensemble():
    with pytest.raises(DonneesInvalides) as exc:
        _lire("a;Alpha;gadget;zzz;;\n")
    message = str(exc.value)
    assert "catégorie « gadget » inconnue" in message and "parent « zzz » inconnu" in message


def test_un_fichier_qui_n_est_pas_en_utf8_est_refuse_en_disant_quoi_faire():
    with pytest.raises(DonneesInvalides, match="UTF-8"):
        voc.lire((ENTETE + "a;Électronique;technologie;;;\n").encode("cp1252"), "essai.csv")


def test_un_fichier_separe_par_des_virgules_est_refuse_en_disant_le_separateur():
    with pytest.raises(DonneesInvalides, match="séparateur attendu est « ; »"):
        voc.lire(b"code,libelle,categorie\na,Alpha,procede\n", "essai.csv")


@pytest.mark.django_db
def test_un_fichier_refuse_ne_change_rien_au_vocabulaire(tmp_path, vocabulaire):
    avant = (Competence.objects.count(), Synonyme.objects.count())
    fichier = tmp_path / "voc.csv"
    fichier.write_text(ENTETE + "nouvelle;Nouvelle entrée;procede;;;\nnouvelle;Encore;procede;;;\n", encoding="utf-8")
    with pytest.raises(CommandError, match="doublon"):
        call_command("recherche", "vocabulaire", str(fichier))
    assert (Competence.objects.count(), Synonyme.objects.count()) == avant


@pytest.mark.django_db
def test_la_commande_charge_un_vocabulaire_et_remplace_les_synonymes(tmp_path, vocabulaire, capsys):
    fichier = tmp_path / "voc.csv"
    fichier.write_text(ENTETE + "robotique;Robotique;technologie;automatisation;robot|bras articulé;\n", encoding="utf-8")
    call_command("recherche", "vocabulaire", str(fichier))
    robotique = Competence.objects.get(code="robotique")
    assert set(robotique.synonymes.values_list("terme", flat=True)) == {"robot", "bras articulé"}
    assert robotique.parent.code == "automatisation"
    assert "1 entrée(s), 0 créée(s), 1 mise(s) à jour" in capsys.readouterr().out
