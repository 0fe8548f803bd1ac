"""The demo's two perimeters and its Region (a builder of ``territoire demo``, after the others).

- The demo's territory keeps the seed's perimeter (the Agglo alone, 100 communes, whose figures
  the seed gives) and is marked as the 2019–2022 phase it was labelled in (ti-3204; the ANCT's
  row for ti-3204 also lists Lens-Liévin and Hénin-Carvin: ``territoire territoires --phase
  2019-2022`` says its perimeter differs from the list).
- The 17 Territoires d'industrie 2023–2027 of Hauts-de-France are created from the ANCT's list
  (real communes and populations), among them ti-3205 « Béthune-Bruay et Flandre-Lys », the
  same territory with the CC Flandre Lys beside the Agglo.
- ti-3205 receives a fictitious census through one pass of the importer for every territory
  (``importer_tous_les_territoires``): the demo's establishments as they are stored, and, in the
  8 communes of Flandre Lys, establishments drawn from the demo's own (same mix of activities and
  sizes) in proportion to the communes' real population. Every one of them is fictitious and
  says so (``fictif``); the other 16 territories have no census (their figures read « non
  disponible »).
- ``demo-region`` pilots every territory of the region (``/pilotage/hauts-de-france/``).
"""

from __future__ import annotations

import csv
import random
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from territoire.etablissements.identifiants import cle_luhn
from territoire.etablissements.importer import importer_tous_les_territoires
from territoire.etablissements.importer.colonnes import (
    ENTETE_STOCK_ETABLISSEMENT,
    ENTETE_STOCK_UNITE_LEGALE,
)
from territoire.etablissements.models import Etablissement
from territoire.referentiel import geo
from territoire.referentiel.actions import creer_territoires_ti
from territoire.referentiel.models import Region, Territoire
from territoire.referentiel.territoires_industrie import liste as liste_ti

from .actions import accorder_perimetre

GRAINE = 3205
ID_TI_2023 = "ti-3205"
REGION = "32"
PARIS = timezone.get_default_timezone()


def _texte(v) -> str:
    return "" if v is None else str(v)


def ligne_de_stock(e: Etablissement) -> dict:
    """A stored establishment as the StockEtablissement row it was imported from: importing it
    again changes nothing (checked by tests/pilotage/test_demo.py)."""
    masque = e.statut_diffusion == "P"
    traite = timezone.localtime(e.date_dernier_traitement, PARIS).strftime("%Y-%m-%dT%H:%M:%S") \
        if e.date_dernier_traitement else ""
    return {
        "siren": e.siren, "nic": e.nic, "siret": e.siret, "statutDiffusionEtablissement": e.statut_diffusion,
        "dateCreationEtablissement": _texte(e.date_creation), "trancheEffectifsEtablissement": e.tranche_effectifs,
        "anneeEffectifsEtablissement": e.annee_effectifs, "dateDernierTraitementEtablissement": traite,
        "etablissementSiege": "true" if e.siege else "false",
        "complementAdresseEtablissement": "[ND]" if masque else e.complement_adresse,
        "numeroVoieEtablissement": "[ND]" if masque else e.numero_voie,
        "indiceRepetitionEtablissement": "[ND]" if masque else e.indice_repetition,
        "typeVoieEtablissement": "[ND]" if masque else e.type_voie,
        "libelleVoieEtablissement": "[ND]" if masque else e.libelle_voie,
        "codePostalEtablissement": e.code_postal, "libelleCommuneEtablissement": e.libelle_commune,
        "codeCommuneEtablissement": e.code_commune,
        "coordonneeLambertAbscisseEtablissement": "[ND]" if masque else (repr(e.lambert_x) if e.lambert_x is not None else ""),
        "coordonneeLambertOrdonneeEtablissement": "[ND]" if masque else (repr(e.lambert_y) if e.lambert_y is not None else ""),
        "dateDebut": _texte(e.date_debut), "etatAdministratifEtablissement": e.etat,
        "enseigne1Etablissement": "[ND]" if masque else e.enseigne,
        "denominationUsuelleEtablissement": "[ND]" if masque else e.denomination_usuelle,
        "activitePrincipaleEtablissement": e.naf, "nomenclatureActivitePrincipaleEtablissement": e.nomenclature_naf,
        "caractereEmployeurEtablissement": e.employeur, "activitePrincipaleNAF25Etablissement": e.naf25,
    }


def _point_dans(contour, tirage: random.Random):
    """A point drawn inside a commune's real outline (WGS84), as Lambert-93 metres."""
    from shapely.geometry import Point

    minx, miny, maxx, maxy = contour.bounds
    for _ in range(200):
        lon, lat = tirage.uniform(minx, maxx), tirage.uniform(miny, maxy)
        if contour.contains(Point(lon, lat)):
            x, y = geo.wgs84_vers_lambert93(lon, lat)
            return round(float(x), 1), round(float(y), 1)
    point = contour.representative_point()
    x, y = geo.wgs84_vers_lambert93(point.x, point.y)
    return round(float(x), 1), round(float(y), 1)


def inventer(communes, modeles: list[Etablissement], population_modeles: int, deja: set[str]) -> tuple[list, list]:
    """Fictitious establishments for ``communes``: as many per inhabitant as the demo has, each a
    copy of the activity, size, state and dates of a demo establishment drawn at random (fixed
    seed), placed inside the commune's real outline. Returns (establishment rows, legal-unit rows)."""
    tirage = random.Random(GRAINE)
    lignes, unites = [], []
    numero = 0
    for commune in sorted(communes, key=lambda c: c.code_insee):
        nombre = round(len(modeles) * (commune.population or 0) / population_modeles) if population_modeles else 0
        for _ in range(nombre):
            modele = tirage.choice(modeles)
            numero += 1
            while True:
                debut = f"83{tirage.randrange(10**6):06d}"
                siren = debut + cle_luhn(debut)
                nic = "0001" + cle_luhn(siren + "0001")
                if siren + nic not in deja:
                    break
            deja.add(siren + nic)
            x, y = _point_dans(commune.geometrie, tirage) if commune.contour else ("", "")
            ligne = ligne_de_stock(modele)
            ligne.update({
                "siren": siren, "nic": nic, "siret": siren + nic, "statutDiffusionEtablissement": "O",
                "etablissementSiege": "true", "codeCommuneEtablissement": commune.code_insee,
                "libelleCommuneEtablissement": commune.nom.upper(), "codePostalEtablissement": "",
                "complementAdresseEtablissement": "", "numeroVoieEtablissement": str(1 + tirage.randrange(120)),
                "indiceRepetitionEtablissement": "", "typeVoieEtablissement": "RUE",
                "libelleVoieEtablissement": modele.libelle_voie if modele.statut_diffusion != "P" else "DE LA GARE",
                "coordonneeLambertAbscisseEtablissement": x, "coordonneeLambertOrdonneeEtablissement": y,
                "enseigne1Etablissement": "", "denominationUsuelleEtablissement": "",
            })
            lignes.append(ligne)
            unites.append({
                "siren": siren, "statutDiffusionUniteLegale": "O", "etatAdministratifUniteLegale": ligne[
                    "etatAdministratifEtablissement"].replace("F", "C"),
                "denominationUniteLegale": f"ENTREPRISE FICTIVE DE FLANDRE LYS N° {numero}",
                "categorieJuridiqueUniteLegale": "5710", "activitePrincipaleUniteLegale": ligne[
                    "activitePrincipaleEtablissement"],
                "nomenclatureActivitePrincipaleUniteLegale": "NAFRev2", "nicSiegeUniteLegale": nic,
                "dateCreationUniteLegale": ligne["dateCreationEtablissement"],
            })
    return lignes, unites


def _ecrire(chemin: Path, lignes: list[dict], colonnes) -> Path:
    with chemin.open("w", encoding="utf-8", newline="") as f:
        ecrivain = csv.DictWriter(f, fieldnames=list(colonnes), lineterminator="\n", extrasaction="ignore")
        ecrivain.writeheader()
        ecrivain.writerows(lignes)
    return chemin


def construire(territoire: Territoire, stdout) -> None:
    demo = territoire
    Territoire.objects.filter(pk=demo.pk).update(phase="2019-2022")
    liste = liste_ti.charger()
    ids = [t.id_ti for t in liste.territoires("2023-2027") if t.region == REGION]
    resultats = creer_territoires_ti(ids, "2023-2027")
    seconde = Territoire.objects.get(id_ti=ID_TI_2023, phase="2023-2027")
    Territoire.objects.filter(pk=seconde.pk).update(donnees_fictives=True)
    seconde.refresh_from_db()
    stdout.write(
        f"Territoires d'industrie 2023-2027 des Hauts-de-France : {len(resultats)} créés ou mis à jour depuis la "
        f"liste de l'ANCT ; {seconde.nom} ({seconde.slug}) : {seconde.communes.count()} communes."
    )
    communes_demo = set(demo.communes.values_list("pk", flat=True))
    # Ordered: the models are drawn from this list by a seeded generator (PostgreSQL returns an
    # unordered query's rows in no fixed order, and the rebuild drew other models).
    stockes = list(Etablissement.objects.filter(commune_id__in=communes_demo, present=True)
                   .select_related("commune").order_by("siret"))
    ajoutees = list(seconde.communes.exclude(pk__in=communes_demo))
    population_demo = sum(demo.communes.values_list("population", flat=True))
    lignes, unites = inventer(ajoutees, stockes, population_demo, {e.siret for e in stockes})
    with tempfile.TemporaryDirectory(prefix="territoire-demo-perimetres-") as dossier:
        etablissements = _ecrire(Path(dossier) / "StockEtablissement_2023.csv",
                                 [ligne_de_stock(e) for e in stockes] + lignes, ENTETE_STOCK_ETABLISSEMENT)
        fichier_ul = _ecrire(Path(dossier) / "StockUniteLegale_flandre_lys.csv", unites, ENTETE_STOCK_UNITE_LEGALE)
        rapport = importer_tous_les_territoires(
            etablissements, chemin_unites_legales=fichier_ul, territoires=[seconde], fictif=True,
            lance_par="territoire demo (périmètre 2023-2027)",
        )
    if rapport.refuses:
        from territoire.referentiel.erreurs import DonneesInvalides

        raise DonneesInvalides(f"Démonstration : le périmètre 2023-2027 a été refusé ({rapport.refuses[0].refus}).")
    imp = rapport.resultats[0].imp
    stdout.write(
        f"Périmètre 2023-2027 : {imp.lignes_retenues} établissements retenus, dont {len(lignes)} inventés dans les "
        f"{len(ajoutees)} communes de Flandre Lys ; {imp.crees} créés, {imp.inchanges} inchangés."
    )
    region = Region.objects.get(code=REGION)
    compte, _ = get_user_model().objects.get_or_create(
        username="demo-region", defaults={"first_name": "Région", "last_name": "Hauts-de-France"}
    )
    compte.set_password(settings.TERRITOIRE_DEMO_MOT_DE_PASSE)
    compte.save()
    accorder_perimetre(compte, region, "Région Hauts-de-France (compte fictif de la démonstration)")
    stdout.write("Compte demo-region : pilotage des territoires des Hauts-de-France (/pilotage/hauts-de-france/).")
