"""`territoire chiffres --json` carries an `attractivite` object with exactly the issue's keys."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

from django.core.management import call_command

from territoire.attractivite.actions import changer_etape
from territoire.attractivite.actions.friches import enregistrer_phase
from territoire.attractivite.models import Friche
from tests.attractivite import factories as f

CLES = {"sites", "surface_disponible_ha", "terrains_disponibles", "taux_vacance", "locaux_disponibles", "friches",
        "prospects_actifs", "prospects_gagnes_12_mois", "emplois_prevus_gagnes"}


def test_chiffres_json_porte_l_objet_attractivite(territoire, alice):
    site = f.site(territoire)
    f.terrain(site, "A", 3.0)
    f.terrain(site, "B", 1.5, terr_etat_occup="occupé", terr_stade_comm="vendu")
    f.local(territoire)
    f.local(territoire, nom="Pris", statut="pris")
    gagne = f.prospect(territoire, emplois_prevus=150)
    changer_etape(gagne, "gagne", auteur=alice)
    f.prospect(territoire)
    friche = Friche.objects.create(territoire=territoire, site_id="F1", site_nom="Fonderie")
    enregistrer_phase(friche, "depollution", date_debut=dt.date(2025, 1, 1))
    Friche.objects.create(territoire=territoire, site_id="F2", site_nom="Filature")
    sortie = StringIO()
    call_command("chiffres", "--json", "--territoire", territoire.slug, stdout=sortie)
    a = json.loads(sortie.getvalue())["attractivite"]
    assert set(a) == CLES
    assert (a["sites"], a["terrains_disponibles"], a["surface_disponible_ha"], a["taux_vacance"]) == (1, 1, 3.0, 50.0)
    assert (a["locaux_disponibles"], a["prospects_actifs"], a["prospects_gagnes_12_mois"], a["emplois_prevus_gagnes"]) == (1, 1, 1, 150)
    assert a["friches"] == {"etude": 0, "acquisition": 0, "depollution": 1, "travaux": 0, "commercialisation": 0,
                            "reoccupe": 0, "sans_phase": 1}


def test_sans_donnees_les_chiffres_sont_nuls_et_le_taux_inconnu(territoire):
    from territoire.attractivite.chiffres import chiffres_attractivite

    a = chiffres_attractivite(territoire)["attractivite"]
    assert a["taux_vacance"] is None and a["sites"] == 0 and a["emplois_prevus_gagnes"] == 0
