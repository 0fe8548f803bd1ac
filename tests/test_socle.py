"""The project's skeleton: settings, CLI, documentation stay true."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from territoire.settings import database_from_url

RACINE = Path(__file__).resolve().parents[1]


def test_database_url_sqlite_et_postgres():
    assert database_from_url("sqlite:////tmp/x.db")["NAME"] == "/tmp/x.db"
    pg = database_from_url("postgres://postgres@127.0.0.1:5432/test")
    assert pg["ENGINE"] == "django.db.backends.postgresql"
    assert (pg["NAME"], pg["USER"], pg["HOST"], pg["PORT"]) == ("test", "postgres", "127.0.0.1", "5432")


def test_database_url_inconnue_refusee():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="mysql"):
        database_from_url("mysql://x@y/z")


def test_readme_commence_par_les_deux_commandes():
    texte = (RACINE / "README.md").read_text(encoding="utf-8")
    debut = texte[:1500]
    assert "make demo" in debut and "make test" in debut


def test_cli_aide_liste_les_commandes_documentees():
    sortie = subprocess.run(
        [sys.executable, "-m", "territoire.cli", "--help"], capture_output=True, text=True, check=True
    ).stdout
    readme = (RACINE / "README.md").read_text(encoding="utf-8")
    from territoire.cli import COMMANDES

    for commande in COMMANDES:
        assert commande in sortie
        assert f"territoire {commande}" in readme, f"« territoire {commande} » n'est pas documentée dans le README"


@pytest.mark.django_db
def test_migrations_a_jour():
    from io import StringIO

    from django.core.management import call_command

    call_command("makemigrations", "--check", "--dry-run", stdout=StringIO())


@pytest.mark.django_db
def test_filieres_par_defaut_chargees():
    from territoire.etablissements.models import Filiere, RegleNaf

    assert Filiere.objects.filter(famille="industrie").count() == 18
    assert RegleNaf.objects.get(prefixe="27.20").filiere.code == "batteries"
    assert not Filiere.objects.get(code="services-etendus").actif


def test_variables_d_environnement_documentees():
    """Every os.environ setting read by settings.py is documented in docs/exploitation.md."""
    import re

    source = (RACINE / "territoire" / "settings.py").read_text(encoding="utf-8")
    doc = (RACINE / "docs" / "exploitation.md").read_text(encoding="utf-8")
    noms = set(re.findall(r'env_(?:str|bool|list)\(\s*"([A-Z_]+)"', source))
    assert noms, "aucune variable trouvée : le motif de lecture a changé"
    manquantes = sorted(n for n in noms if f"`{n}`" not in doc)
    assert not manquantes, f"variables non documentées dans docs/exploitation.md : {manquantes}"
