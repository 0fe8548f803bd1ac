"""Matching one prospect against 5 000 plots and premises (target: under 50 ms).

On a copy of the demo database, adds plots to the Parc des industries Artois-Flandres and
premises until the territory holds 5 000 of them (2 500 each, varied surfaces, states and
networks), then times `offres.correspondances(prospect)` for the demo's "Projet Cobalt" (3 ha,
rail, 3 000 kVA, industrial vocation, motorway within 10 km): the two queries that load the
offers and the criterion-by-criterion evaluation. Baseline, measured in the same process: the
same two queries reduced to the offers' ids (`values_list("pk")`), i.e. what reading 5 000 rows
costs at all. Also shown: the same matching on the demo alone (its 89 plots and 6 premises).
Nothing is asserted; PASS / FAIL says whether the median is under 50 ms.

    python bench/attractivite_correspondance.py [--repetitions 30] [--reconstruire]
"""

from __future__ import annotations

import argparse
import json
import random

from attractivite_outils import mediane_ms, preparer, requetes, verdict

CIBLE = 5000
SEUIL_MS = 50.0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repetitions", type=int, default=30)
    parser.add_argument("--reconstruire", action="store_true")
    args = parser.parse_args(argv)
    preparer(args.reconstruire, copie="correspondance")

    from territoire.attractivite import offres
    from territoire.attractivite.models import Local, Prospect, SiteEconomique, TerrainEconomique
    from territoire.observatoire.cache import invalider_chiffres

    prospect = Prospect.objects.get(nom_de_code="Projet Cobalt")
    territoire = prospect.territoire
    demo_ms = mediane_ms(lambda: offres.correspondances(prospect), args.repetitions)
    n_demo = len(offres.correspondances(prospect, tout=True))

    site = SiteEconomique.objects.get(territoire=territoire, zone__nom="Parc des industries Artois-Flandres")
    modele = site.terrains.first()
    tirage = random.Random(5000)
    etats = [("vacant", "non bâti", "disponible"), ("occupé", "bâti productif", "vendu"), ("vacant", "non bâti", "sous option")]
    n_t = TerrainEconomique.objects.filter(site__territoire=territoire).count()
    n_l = Local.objects.filter(territoire=territoire).count()
    nouveaux = []
    for i in range(CIBLE // 2 - n_t):
        occ, usage, stade = tirage.choice(etats)
        nouveaux.append(TerrainEconomique(
            site=site, terr_id=f"BANC-{i:05d}", terr_surf_brute=round(tirage.uniform(0.2, 12), 2), terr_etat_occup=occ,
            terr_usage=usage, terr_stade_comm=stade, terr_identif_date=modele.terr_identif_date,
            terr_actu_date=modele.terr_actu_date, terr_geomsurf=modele.terr_geomsurf, illustratif=True,
        ))
    TerrainEconomique.objects.bulk_create(nouveaux, batch_size=500)
    commune = territoire.communes.first()
    Local.objects.bulk_create([
        Local(territoire=territoire, nom=f"Local du banc {i}", type=tirage.choice(["atelier", "entrepot", "bureaux"]),
              surface_m2=tirage.randint(200, 20000), surface_terrain_m2=tirage.choice([None, tirage.randint(1000, 60000)]),
              puissance_kva=tirage.choice([None, 250, 1000, 4000]), statut=tirage.choice(["disponible", "pris"]),
              commune=commune, site=tirage.choice([site, None]), illustratif=True)
        for i in range(CIBLE // 2 - n_l)
    ], batch_size=500)
    invalider_chiffres()
    total = TerrainEconomique.objects.filter(site__territoire=territoire).count() + Local.objects.filter(territoire=territoire).count()

    def reference():
        list(TerrainEconomique.objects.filter(site__territoire=territoire).values_list("pk"))
        list(Local.objects.filter(territoire=territoire).values_list("pk"))

    base_ms = mediane_ms(reference, args.repetitions)
    correspondance_ms = mediane_ms(lambda: offres.correspondances(prospect), args.repetitions)
    mur_ms = mediane_ms(lambda: offres.correspondances(prospect), args.repetitions, cpu=False)
    retenues = len(offres.correspondances(prospect))
    resultat = {
        "offres": total, "retenues": retenues, "requetes_sql": requetes(lambda: offres.correspondances(prospect)),
        "correspondance_cpu_mediane_ms": round(correspondance_ms, 1), "correspondance_mur_mediane_ms": round(mur_ms, 1),
        "reference_cpu_mediane_ms": round(base_ms, 1),
        "rapport_a_la_reference": round(correspondance_ms / base_ms, 1),
        "demo_offres": n_demo, "demo_cpu_mediane_ms": round(demo_ms, 2),
        "rapport_a_la_demo": round(correspondance_ms / demo_ms, 1),
    }
    print(json.dumps(resultat, ensure_ascii=False, indent=2))
    print(f"{verdict(correspondance_ms < SEUIL_MS)} : correspondance d'un projet avec {total} terrains et locaux en "
          f"{correspondance_ms:.1f} ms (cible {SEUIL_MS:.0f} ms), {resultat['rapport_a_la_reference']} × la lecture "
          f"des seuls identifiants, {resultat['rapport_a_la_demo']} × la même correspondance sur la démonstration.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
