"""`territoire sirene import`: French summary on success, one line and a non-zero exit on refusal."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from territoire.etablissements.models import Etablissement, ImportSirene
from tests.etablissements import fichiers as f

pytestmark = pytest.mark.django_db


def _lancer(*args: str) -> str:
    sortie = io.StringIO()
    call_command("sirene", *args, stdout=sortie, stderr=io.StringIO())
    return sortie.getvalue()


def test_import_affiche_un_resume_en_francais(territoire, tmp_path):
    lignes = [f.etablissement(i) for i in range(1, 6)] + [f.etablissement(9, siret="12345678901234")]
    sortie = _lancer("import", str(f.ecrire_zip(tmp_path / "stock.zip", lignes)), "--territoire", territoire.slug,
                     "--sans-progression")
    assert "Import SIRENE terminé" in sortie
    assert "Lignes lues : 6 ; retenues (communes du territoire) : 5" in sortie
    assert "Créés : 5" in sortie
    assert "ligne 7 : 12345678901234 (clé de contrôle du SIRET invalide)" in sortie
    assert Etablissement.objects.count() == 5


def test_essai_a_blanc_par_la_commande(territoire, tmp_path):
    sortie = _lancer("import", str(f.ecrire_csv(tmp_path / "s.csv", [f.etablissement(1)])), "--dry-run",
                     "--sans-progression")  # the only territory: --territoire is optional
    assert "Essai à blanc : rien n'a été enregistré" in sortie
    assert not Etablissement.objects.exists() and not ImportSirene.objects.exists()


def test_refus_donne_une_seule_ligne_et_une_erreur_de_commande(territoire, tmp_path):
    vide = tmp_path / "vide.zip"
    vide.write_bytes(b"PK\x05\x06" + bytes(18))
    with pytest.raises(CommandError) as erreur:
        _lancer("import", str(vide), "--territoire", territoire.slug)
    assert "\n" not in str(erreur.value) and "vide.zip" in str(erreur.value)


def test_territoire_inconnu(territoire, tmp_path):
    with pytest.raises(CommandError, match="inconnu"):
        _lancer("import", str(tmp_path / "x.csv"), "--territoire", "nulle-part")


def test_aide_de_la_commande_documente_les_options():
    aide = subprocess.run(
        [sys.executable, "-m", "territoire.cli", "sirene", "import", "--help"],
        capture_output=True, text=True, check=True,
    ).stdout
    for option in ("--unites-legales", "--territoire", "--dry-run", "--force"):
        assert option in aide


def test_telecharger_puis_importer_par_la_commande(territoire, tmp_path, monkeypatch, settings):
    """`sirene download` fetches the stock from a server on 127.0.0.1 (the setting's address),
    then `sirene import` reads the downloaded ZIP."""
    telechargement = pytest.importorskip("tests.etablissements.test_telechargement")
    for nom in ("http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(nom, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    contenu = f.ecrire_zip(tmp_path / "source.zip", [f.etablissement(i) for i in range(1, 4)]).read_bytes()
    with telechargement.Serveur(contenu) as serveur:
        settings.SIRENE_STOCK_ETABLISSEMENT_URL = serveur.url
        sortie = _lancer("download", "--destination", str(tmp_path), "--sans-progression")
    chemin = tmp_path / telechargement.NOM
    assert f"Téléchargé : {chemin}" in sortie
    assert chemin.read_bytes() == contenu
    _lancer("import", str(chemin), "--sans-progression")
    assert Etablissement.objects.count() == 3


def test_telechargement_impossible_donne_une_erreur_de_commande(tmp_path, settings):
    pytest.importorskip("territoire.etablissements.telechargement")
    with pytest.raises(CommandError, match="http:// et https://"):
        _lancer("download", "--url", "file:///etc/passwd", "--destination", str(tmp_path))
