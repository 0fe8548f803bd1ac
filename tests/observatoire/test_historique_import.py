"""`territoire sirene historique`: the periods of the territory's establishments, from INSEE's
history file, with the stock importer's reader, gates and all-or-nothing rule."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.core.management import CommandError, call_command

from territoire.etablissements.importer import ImportRefuse
from territoire.etablissements.importer.historique import (
    ENTETE_HISTORIQUE,
    chevauchement,
    importer_historique,
    resume_historique,
)
from territoire.observatoire.models import ImportHistorique, PeriodeEtablissement
from tests.conftest import shared_file
from tests.etablissements import factories
from tests.etablissements import fichiers as stock
from tests.observatoire.fichiers import ecrire, periode

pytestmark = pytest.mark.django_db

TAHITI_1, TAHITI_2 = "00032517500016", "00032517500024"


@pytest.fixture
def ruitz(territoire):
    return territoire.communes.get(code_insee="62729")


@pytest.fixture
def deux_etablissements(ruitz):
    unite = factories.unite_legale(siren="000325175", denomination="TAHITI PERLES CREATIONS")
    return [
        factories.etablissement(ruitz, unite=unite, siret=TAHITI_1, nic="00016", naf="32.12Z", etat="F"),
        factories.etablissement(ruitz, unite=unite, siret=TAHITI_2, nic="00024", naf="47.89Z", etat="F"),
    ]


def _periodes(siret):
    return list(
        PeriodeEtablissement.objects.filter(etablissement__siret=siret).order_by("date_debut")
        .values_list("date_debut", "date_fin", "etat", "naf")
    )


def test_le_fichier_reel_de_l_insee_donne_les_periodes_de_chaque_etablissement(territoire, deux_etablissements):
    run = importer_historique(territoire, shared_file("sirene/historique_etablissement_signaux-faibles_fixture_4rows.csv"))
    assert (run.lignes_lues, run.lignes_retenues, run.periodes, run.etablissements) == (4, 4, 4, 2)
    assert _periodes(TAHITI_1) == [
        (dt.date(2000, 9, 26), dt.date(2007, 12, 31), "A", ""),
        (dt.date(2008, 1, 1), dt.date(2009, 5, 26), "A", "32.12Z"),
        (dt.date(2009, 5, 27), None, "F", "32.12Z"),
    ]
    assert _periodes(TAHITI_2) == [(dt.date(2011, 10, 21), None, "F", "47.89Z")]
    ferme = PeriodeEtablissement.objects.get(etablissement__siret=TAHITI_1, etat="F")
    assert ferme.est_industriel and ferme.filiere.code == "meubles-autres"
    sans_activite = PeriodeEtablissement.objects.get(etablissement__siret=TAHITI_1, date_debut=dt.date(2000, 9, 26))
    assert not sans_activite.est_industriel and sans_activite.filiere is None


def test_les_autres_etablissements_des_memes_entreprises_sont_comptes_pas_gardes(territoire, ruitz):
    unite = factories.unite_legale(siren="000325175")
    factories.etablissement(ruitz, unite=unite, siret=TAHITI_1, nic="00016")
    run = importer_historique(territoire, shared_file("sirene/historique_etablissement_signaux-faibles_fixture_4rows.csv"))
    assert (run.lignes_retenues, run.lignes_autres, run.etablissements) == (3, 1, 1)
    assert not PeriodeEtablissement.objects.filter(etablissement__siret=TAHITI_2).exists()


@pytest.mark.parametrize("format", ["csv", "gzip", "zip", "parquet"])
def test_chaque_format_donne_les_memes_periodes(territoire, ruitz, tmp_path, format):
    e = factories.etablissement(ruitz)
    lignes = [periode(e.siret, "2010-03-01", "2020-12-31"), periode(e.siret, "2021-01-01", etat="F")]
    run = importer_historique(territoire, ecrire(tmp_path / f"h.{format}", lignes, format=format))
    assert run.format == format
    assert _periodes(e.siret) == [
        (dt.date(2010, 3, 1), dt.date(2020, 12, 31), "A", "25.62A"),
        (dt.date(2021, 1, 1), None, "F", "25.62A"),
    ]


def test_les_colonnes_sont_lues_par_leur_nom_et_une_colonne_ajoutee_ne_gene_pas(territoire, ruitz, tmp_path):
    e = factories.etablissement(ruitz)
    colonnes = list(reversed(ENTETE_HISTORIQUE)) + ["activitePrincipaleNAF25Etablissement"]
    ligne = periode(e.siret, "2012-01-01", activitePrincipaleNAF25Etablissement="25.62Y")
    importer_historique(territoire, ecrire(tmp_path / "h.csv", [ligne], colonnes))
    assert _periodes(e.siret) == [(dt.date(2012, 1, 1), None, "A", "25.62A")]


def test_le_stock_courant_donne_pour_l_historique_est_refuse(territoire, ruitz, tmp_path):
    factories.etablissement(ruitz)
    chemin = stock.ecrire_csv(tmp_path / "stock.csv", [stock.etablissement(1)])
    with pytest.raises(ImportRefuse, match="stock courant.*territoire sirene import"):
        importer_historique(territoire, chemin)


def test_une_colonne_obligatoire_absente_est_nommee(territoire, ruitz, tmp_path):
    e = factories.etablissement(ruitz)
    colonnes = [c for c in ENTETE_HISTORIQUE if c != "etatAdministratifEtablissement"]
    with pytest.raises(ImportRefuse, match="ligne 1 : colonne.*etatAdministratifEtablissement"):
        importer_historique(territoire, ecrire(tmp_path / "h.csv", [periode(e.siret, "2012-01-01")], colonnes))


def test_un_fichier_en_latin_1_est_refuse_sans_rien_ecrire(territoire, ruitz, tmp_path):
    e = factories.etablissement(ruitz)
    lignes = [periode(e.siret, "2012-01-01", enseigne1Etablissement="BOULANGERIE DE L'ÉGLISE")]
    with pytest.raises(ImportRefuse, match="UTF-8"):
        importer_historique(territoire, ecrire(tmp_path / "h.csv", lignes, encodage="latin-1"))
    assert not ImportHistorique.objects.exists() and not PeriodeEtablissement.objects.exists()


def test_un_zip_tronque_est_refuse(territoire, ruitz, tmp_path):
    e = factories.etablissement(ruitz)
    lignes = [periode(e.siret, f"{2000 + i}-01-01", f"{2000 + i}-12-31") for i in range(20)]
    chemin = ecrire(tmp_path / "h.zip", lignes, format="zip")
    chemin.write_bytes(chemin.read_bytes()[:-60])
    with pytest.raises(ImportRefuse, match="ZIP"):
        importer_historique(territoire, chemin)


def test_une_periode_qui_finit_avant_de_commencer_est_rejetee_et_l_ancienne_histoire_reste(territoire, ruitz, tmp_path):
    bonnes = [factories.etablissement(ruitz) for _ in range(30)]
    mauvais = factories.etablissement(ruitz)
    importer_historique(territoire, ecrire(tmp_path / "h1.csv", [periode(mauvais.siret, "2001-01-01")]))
    lignes = [periode(e.siret, "2005-01-01") for e in bonnes] + [periode(mauvais.siret, "2015-06-01", "2014-01-01")]
    run = importer_historique(territoire, ecrire(tmp_path / "h2.csv", lignes))
    assert run.lignes_rejetees == 1 and run.etablissements_rejetes == 1
    assert run.exemples_rejets == [{
        "ligne": 32, "siret": mauvais.siret, "motif": "la période finit le 01/01/2014, avant de commencer le 01/06/2015",
    }]
    assert _periodes(mauvais.siret) == [(dt.date(2001, 1, 1), None, "A", "25.62A")]
    assert PeriodeEtablissement.objects.filter(etablissement__in=bonnes).count() == 30


def test_des_periodes_qui_se_chevauchent_sont_rejetees_ensemble(territoire, ruitz, tmp_path):
    bonnes = [factories.etablissement(ruitz) for _ in range(30)]
    e = factories.etablissement(ruitz)
    lignes = [periode(b.siret, "2005-01-01") for b in bonnes]
    lignes += [periode(e.siret, "2010-01-01", "2016-12-31"), periode(e.siret, "2015-01-01", etat="F")]
    run = importer_historique(territoire, ecrire(tmp_path / "h.csv", lignes))
    assert run.etablissements_rejetes == 1
    assert "chevauchant celle de la ligne 32" in run.exemples_rejets[0]["motif"]
    assert not PeriodeEtablissement.objects.filter(etablissement=e).exists()


def test_plus_de_5_pour_cent_de_lignes_rejetees_refuse_le_fichier_sauf_force(territoire, ruitz, tmp_path):
    e = factories.etablissement(ruitz)
    autres = [factories.etablissement(ruitz) for _ in range(3)]
    lignes = [periode(e.siret, "2010-01-01")] + [periode(a.siret, "2010-01-01", etat="X") for a in autres]
    chemin = ecrire(tmp_path / "h.csv", lignes)
    with pytest.raises(ImportRefuse, match=r"3 des 4 lignes.*ligne 3 \(état administratif « X » inconnu"):
        importer_historique(territoire, chemin)
    assert not PeriodeEtablissement.objects.exists()
    run = importer_historique(territoire, chemin, force=True)
    assert run.periodes == 1 and run.lignes_rejetees == 3


def test_des_dates_illisibles_sont_rejetees_ligne_par_ligne():
    from territoire.etablissements.importer.historique import Lecture, transformer_periodes

    lot = {c: [] for c in ENTETE_HISTORIQUE}
    lot["_ligne"] = []
    for numero, (debut, fin) in enumerate([("2010-13-45", ""), ("2010-01-01", "demain"), ("", "2012-01-01")], start=2):
        for c, v in periode("12345678900001", debut, fin).items():
            lot[c].append(v)
        lot["_ligne"].append(numero)
    lecture = Lecture()
    transformer_periodes(lot, {"12345678900001": 7}, {}, lecture)
    assert [r.motif for r in lecture.rejets] == [
        "date illisible « 2010-13-45 » (AAAA-MM-JJ attendu)", "date illisible « demain » (AAAA-MM-JJ attendu)",
    ]
    assert lecture.periodes["12345678900001"][0]["date_debut"] is None  # unknown start: since the beginning


def test_chevauchement_entre_periodes_consecutives():
    a = {"date_debut": dt.date(2000, 1, 1), "date_fin": dt.date(2009, 5, 26)}
    b = {"date_debut": dt.date(2009, 5, 27), "date_fin": None}
    assert chevauchement([b, a]) is None
    assert chevauchement([a, {**b, "date_debut": dt.date(2009, 5, 26)}]) is not None
    assert chevauchement([{**a, "date_fin": None}, b]) is not None


def test_importer_deux_fois_le_meme_fichier_donne_la_meme_base(territoire, ruitz, tmp_path):
    e = factories.etablissement(ruitz)
    chemin = ecrire(tmp_path / "h.csv", [periode(e.siret, "2010-01-01", "2020-12-31"), periode(e.siret, "2021-01-01", etat="F")])
    importer_historique(territoire, chemin)
    avant = _periodes(e.siret)
    importer_historique(territoire, chemin)
    assert _periodes(e.siret) == avant and PeriodeEtablissement.objects.count() == 2


def test_l_essai_a_blanc_n_ecrit_rien(territoire, ruitz, tmp_path):
    e = factories.etablissement(ruitz)
    run = importer_historique(territoire, ecrire(tmp_path / "h.csv", [periode(e.siret, "2010-01-01")]), dry_run=True)
    assert run.pk is None and run.periodes == 1
    assert not PeriodeEtablissement.objects.exists() and not ImportHistorique.objects.exists()


def test_sans_stock_le_territoire_ne_peut_pas_recevoir_d_historique(territoire, tmp_path):
    with pytest.raises(ImportRefuse, match="importez d'abord son stock"):
        importer_historique(territoire, ecrire(tmp_path / "h.csv", [periode("00032517500016", "2010-01-01")]))


def test_un_fichier_qui_ne_concerne_pas_le_territoire_est_refuse(territoire, ruitz, tmp_path):
    factories.etablissement(ruitz)
    with pytest.raises(ImportRefuse, match="aucune des 1 lignes ne concerne"):
        importer_historique(territoire, ecrire(tmp_path / "h.csv", [periode("00032517500016", "2010-01-01")]))


def test_une_ligne_demesuree_est_refusee(territoire, ruitz, tmp_path):
    e = factories.etablissement(ruitz)
    chemin = ecrire(tmp_path / "h.csv", [periode(e.siret, "2010-01-01", enseigne1Etablissement="X" * (3 << 20))])
    with pytest.raises(ImportRefuse, match="2 Mo"):
        importer_historique(territoire, chemin)


def test_la_commande_affiche_le_resume_et_refuse_en_francais(territoire, ruitz, tmp_path):
    e = factories.etablissement(ruitz)
    sortie = io.StringIO()
    call_command("sirene", "historique", str(ecrire(tmp_path / "h.csv", [periode(e.siret, "2010-01-01")])),
                 "--sans-progression", stdout=sortie)
    assert "Historique SIRENE importé" in sortie.getvalue() and "Périodes enregistrées : 1 pour 1" in sortie.getvalue()
    vide = tmp_path / "vide.zip"
    with zipfile.ZipFile(vide, "w"):
        pass
    with pytest.raises(CommandError, match="ZIP est vide"):
        call_command("sirene", "historique", str(vide), "--sans-progression")


def test_un_import_interrompu_n_ecrit_rien_et_se_relance(territoire, ruitz, tmp_path, monkeypatch):
    from territoire.observatoire import series

    e = factories.etablissement(ruitz)
    importer_historique(territoire, ecrire(tmp_path / "h1.csv", [periode(e.siret, "2001-01-01")]))
    nouveau = ecrire(tmp_path / "h2.csv", [periode(e.siret, "2001-01-01", "2020-06-30"),
                                           periode(e.siret, "2020-07-01", etat="F")])
    reconstruire = series.reconstruire

    def coupure(*args, **kwargs):
        raise KeyboardInterrupt

    # Interrupted after its periods were replaced, inside the transaction.
    monkeypatch.setattr(series, "reconstruire", coupure)
    with pytest.raises(KeyboardInterrupt):
        importer_historique(territoire, nouveau)
    assert _periodes(e.siret) == [(dt.date(2001, 1, 1), None, "A", "25.62A")]
    assert ImportHistorique.objects.count() == 1
    monkeypatch.setattr(series, "reconstruire", reconstruire)
    run = importer_historique(territoire, nouveau)
    assert run.periodes == 2 and ImportHistorique.objects.count() == 2
    assert _periodes(e.siret) == [(dt.date(2001, 1, 1), dt.date(2020, 6, 30), "A", "25.62A"),
                                  (dt.date(2020, 7, 1), None, "F", "25.62A")]


def test_un_fichier_de_2_go_qui_n_est_pas_un_csv_est_refuse_sans_etre_lu_en_entier(territoire, ruitz, tmp_path):
    factories.etablissement(ruitz)
    chemin = tmp_path / "StockEtablissementHistorique_utf8.csv"
    with open(chemin, "wb") as fh:
        fh.truncate(2 << 30)  # sparse: 2 GiB of zero bytes, no disk used
    with pytest.raises(ImportRefuse, match="binaire"):
        importer_historique(territoire, chemin)
    assert not PeriodeEtablissement.objects.exists() and not ImportHistorique.objects.exists()


def test_un_siret_absent_du_stock_est_compte_dans_le_resume_pas_garde(territoire, ruitz, tmp_path):
    e = factories.etablissement(ruitz)
    absent = e.siren + "99999"
    run = importer_historique(territoire, ecrire(tmp_path / "h.csv", [periode(e.siret, "2010-01-01"),
                                                                      periode(absent, "2012-01-01")]))
    assert (run.lignes_retenues, run.lignes_autres, run.periodes) == (1, 1, 1)
    assert "autres établissements des mêmes entreprises (ignorées) : 1" in resume_historique(run)
