"""The demo's observatory: a fictitious history consistent with the stock, real events with sources."""

from __future__ import annotations

import datetime as dt
import json
import random

import pytest

from territoire.demo.observatoire import DONNEES, periodes_fictives
from territoire.etablissements.importer.historique import chevauchement


@pytest.mark.parametrize("graine", range(40))
def test_l_historique_fictif_suit_le_stock_sans_chevauchement(graine):
    rng = random.Random(graine)
    creation = dt.date(1990 + graine % 30, 1 + graine % 12, 1 + graine % 28)
    debut = min(creation + dt.timedelta(days=rng.randint(0, 9000)), dt.date(2026, 11, 1))
    ferme = graine % 3 == 0
    etab = {"date_creation": creation, "date_debut": debut, "etat": "F" if ferme else "A", "naf": "25.62A",
            "employeur": "N" if ferme else "O"}
    periodes = periodes_fictives(etab, rng, dt.date(2026, 12, 1))
    recentes = periodes[0]
    assert recentes["debut"] == debut
    assert recentes["fin"] is None and recentes["etat"] == ("F" if ferme else "A")
    assert periodes[-1]["debut"] == creation
    assert chevauchement([{"date_debut": p["debut"], "date_fin": p["fin"]} for p in periodes]) is None
    assert all(p["etat"] == "A" for p in periodes[1:])


def test_les_evenements_reels_de_la_demo_citent_leur_source():
    donnees = json.loads(DONNEES.read_text(encoding="utf-8"))
    titres = {e["titre"] for e in donnees["evenements"]}
    assert any("Bridgestone" in t for t in titres) and any("ACC" in t for t in titres)
    for e in donnees["evenements"]:
        assert e["source_url"].startswith("https://") and e["source_libelle"]
        assert e["organisation"] in donnees["organisations"]
        if e.get("emplois_min") is not None:
            assert e["emplois_source"]
    bridgestone = next(e for e in donnees["evenements"] if "Bridgestone" in e["titre"])
    assert (bridgestone["date_annonce"], bridgestone["emplois_min"]) == ("2020-09-16", 863)
    francaise = next(e for e in donnees["evenements"] if "Française de Mécanique" in e["titre"])
    assert francaise["fiches"] == ["4"]
