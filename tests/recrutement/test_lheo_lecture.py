"""The LHEO reader without a database: real samples, both versions, hostile files."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from territoire.recrutement.lheo.lecture import (
    FichierRefuse,
    OffreLue,
    Probleme,
    date_lheo,
    lire_fichier,
)
from tests.conftest import SHARED_REAL, shared_file
from tests.recrutement.factories import NS22, NS23, document_lheo, offre_lheo

ECHANTILLONS = sorted((SHARED_REAL / "lheo").glob("*.xml")) if (SHARED_REAL / "lheo").exists() else []


def _lire(texte: str | bytes):
    donnees = texte.encode("utf-8") if isinstance(texte, str) else texte
    version, offres = lire_fichier(io.BytesIO(donnees))
    return version, list(offres)


@pytest.mark.shared
def test_les_cinq_echantillons_reels_lheo_22_se_lisent_sans_erreur():
    shared_file("lheo/trefle_formation.xml")
    assert len(ECHANTILLONS) == 5
    for chemin in ECHANTILLONS:
        with open(chemin, "rb") as fh:
            version, offres = lire_fichier(fh)
            offres = list(offres)
        assert version == "2.2", chemin.name
        assert len(offres) == 1 and isinstance(offres[0], OffreLue), (chemin.name, offres)
        offre = offres[0]
        assert offre.formation["intitule"] and offre.actions and offre.organisme["siret"]
        assert all(len(a["code_commune"]) == 5 for a in offre.actions)


@pytest.mark.shared
def test_echantillon_afpa_donne_deux_actions_leurs_sessions_et_le_rome_f1604():
    with open(shared_file("lheo/trefle_formation.xml"), "rb") as fh:
        _, offres = lire_fichier(fh)
        offre = next(iter(offres))
    assert offre.numero == "07_10" and offre.romes == ["F1604"]
    assert [a["code_commune"] for a in offre.actions] == ["37266", "37266"]
    assert offre.actions[0]["sessions"][0]["debut"].isoformat() == "2017-12-04"
    assert offre.formation["rncp"] == "320" and offre.formation["certifiante"]
    assert offre.organisme["siret"] == "82422814200660"


@pytest.mark.shared
def test_les_echantillons_reels_passes_en_23_sont_valides_pour_le_schema_livre():
    for chemin in ECHANTILLONS:
        texte = chemin.read_text(encoding="utf-8").replace(NS22, NS23)
        version, offres = _lire(texte)
        assert version == "2.3"
        assert all(isinstance(o, OffreLue) for o in offres), [o for o in offres if isinstance(o, Probleme)]


def test_une_offre_23_non_conforme_au_xsd_est_signalee_avec_sa_ligne_et_les_autres_lues():
    mauvaise = offre_lheo("F2").replace("<intitule-formation>", "<intitule-inconnu>").replace(
        "</intitule-formation>", "</intitule-inconnu>")
    _, offres = _lire(document_lheo(offre_lheo("F1"), mauvaise, offre_lheo("F3"), ns=NS23))
    assert [type(o).__name__ for o in offres] == ["OffreLue", "Probleme", "OffreLue"]
    probleme = offres[1]
    assert probleme.numero == "F2" and probleme.ligne > 1 and "schéma LHEO 2.3" in probleme.message


def test_un_fichier_22_qui_porte_des_elements_23_est_signale_par_offre():
    intrus = offre_lheo("F2", extra_formation="<code-type-formation>1</code-type-formation>")
    _, offres = _lire(document_lheo(offre_lheo("F1"), intrus))
    assert isinstance(offres[1], Probleme) and "LHEO 2.3" in offres[1].message and "code-type-formation" in offres[1].message
    attribut = offre_lheo("F3").replace('<action numero="F3-A1">', '<action numero="F3-A1" uri="urn:x">')
    _, offres = _lire(document_lheo(attribut))
    assert isinstance(offres[0], Probleme)


@pytest.mark.parametrize("contenu, attendu", [
    ('<?xml version="1.0"?><html><body/></html>', "commence par <lheo>"),
    ('<?xml version="1.0"?><lheo xmlns="http://exemple.org/lheo"><offres/></lheo>', "Espace de noms"),
    ('<?xml version="1.0"?><lheo><offres/></lheo>', "aucun espace de noms"),
    ("", "vide"),
    ("ceci n'est pas du XML", "bien formé"),
    ('{"resultats": []}', "bien formé"),
])
def test_un_fichier_qui_n_est_pas_lheo_est_refuse_avec_un_message_clair(contenu, attendu):
    with pytest.raises(FichierRefuse, match=attendu):
        _lire(contenu)


def test_une_bombe_d_entites_est_refusee_avant_toute_expansion():
    bombe = ('<?xml version="1.0"?>\n<!DOCTYPE lheo [<!ENTITY a "aaaaaaaaaa">'
             + "".join(f'<!ENTITY {chr(98 + i)} "' + f"&{chr(97 + i)};" * 10 + '">' for i in range(8))
             + ']>\n<lheo xmlns="http://www.lheo.org/2.2"><offres>&i;</offres></lheo>')
    with pytest.raises(FichierRefuse, match="DTD"):
        _lire(bombe)


def test_une_entite_externe_est_refusee_et_aucun_fichier_local_n_est_lu(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("MOT-DE-PASSE")
    xxe = (f'<?xml version="1.0"?><!DOCTYPE lheo [<!ENTITY x SYSTEM "file://{secret}">]>'
           f'<lheo xmlns="{NS22}"><offres>{offre_lheo(intitule="&x;")}</offres></lheo>')
    with pytest.raises(FichierRefuse, match="DTD"):
        _lire(xxe)


def test_un_encodage_casse_refuse_tout_le_fichier():
    texte = document_lheo(offre_lheo("F1"), offre_lheo("F2", intitule="Soudeur é")).encode("utf-8")
    casse = texte.replace("Soudeur é".encode(), "Soudeur é".encode("latin-1"))
    with pytest.raises(FichierRefuse, match="encodage"):
        _lire(casse)


def test_un_fichier_latin1_qui_le_declare_se_lit():
    texte = document_lheo(offre_lheo(intitule="Électricien"), prologue='<?xml version="1.0" encoding="ISO-8859-1"?>')
    _, offres = _lire(texte.encode("latin-1"))
    assert offres[0].formation["intitule"] == "Électricien"


def test_une_date_impossible_rejette_l_offre_avec_sa_ligne():
    _, offres = _lire(document_lheo(offre_lheo("F1", debut="20231345"), offre_lheo("F2")))
    assert isinstance(offres[0], Probleme) and "20231345" in offres[0].message and offres[0].ligne
    assert isinstance(offres[1], OffreLue)


def test_un_siret_faux_est_un_avertissement_et_l_offre_est_gardee_sans_siret():
    _, offres = _lire(document_lheo(offre_lheo(siret="73282932000075")))
    offre = offres[0]
    assert isinstance(offre, OffreLue) and offre.organisme["siret"] == ""
    assert offre.avertissements and "Luhn" in offre.avertissements[0].message


def test_un_code_rome_mal_forme_est_ecarte_avec_un_avertissement():
    _, offres = _lire(document_lheo(offre_lheo(rome="ZZ999")))
    assert offres[0].romes == [] and "ROME" in offres[0].avertissements[0].message


def test_le_html_des_champs_est_retire_du_texte():
    _, offres = _lire(document_lheo(offre_lheo(intitule="&lt;script&gt;alert(1)&lt;/script&gt;Soudeur")))
    assert "<script" not in offres[0].formation["intitule"] and "Soudeur" in offres[0].formation["intitule"]
    assert offres[0].formation["objectif"] == "Conduire un centre d'usinage."


def test_la_memoire_reste_plate_sur_un_gros_fichier(tmp_path):
    """40 000 offers (≈ 100 Mo would be the bench's job): the parsed tree never keeps them."""
    import tracemalloc

    chemin = tmp_path / "gros.xml"
    with open(chemin, "w", encoding="utf-8") as fh:
        fh.write(f'<?xml version="1.0" encoding="UTF-8"?><lheo xmlns="{NS22}"><offres>')
        for i in range(4000):
            fh.write(offre_lheo(f"G{i}"))
        fh.write("</offres></lheo>")
    tracemalloc.start()
    with open(chemin, "rb") as fh:
        _, offres = lire_fichier(fh)
        n = 0
        for n, _ in enumerate(offres, 1):
            if n == 200:
                apres_200 = tracemalloc.get_traced_memory()[0]
        fin = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    assert n == 4000
    assert fin < apres_200 + 2_000_000, (apres_200, fin)


@given(st.text(min_size=0, max_size=12))
@settings(max_examples=60, deadline=None)
def test_date_lheo_ne_plante_jamais_autrement_que_par_valueerror(texte):
    try:
        resultat = date_lheo(texte)
    except ValueError:
        return
    assert resultat is None or resultat.year >= 1


def test_xsd_livre_avec_sa_licence():
    dossier = Path(__file__).resolve().parents[2] / "territoire" / "recrutement" / "data" / "lheo"
    assert (dossier / "lheo-2.3.xsd").exists() and "Mozilla Public License" in (dossier / "MPL-2.0.txt").read_text()
    assert "MPL" in (dossier / "LISEZ-MOI.md").read_text()
