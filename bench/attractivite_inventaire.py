"""The inventory report for 50 sites (target: under 5 s), as a ratio to the same on the demo.

On a copy of the demo database, times establishing the inventory (`etablir_inventaire`: the
figures of every site, frozen, and the standard's counting fields written) and rendering its
report in PDF and DOCX, first for the demo's 8 sites, then after adding 42 sites (copies of the
Parc des industries Artois-Flandres' attributes, each with 12 plots), i.e. 50 sites. Medians of a
few runs (CPU time of the process; wall time also shown); the ratio is 50 sites against the demo's 8. Nothing is asserted.

    python bench/attractivite_inventaire.py [--repetitions 3] [--reconstruire]
"""

from __future__ import annotations

import argparse
import json

from attractivite_outils import mediane_ms, preparer, verdict

SEUIL_S = 5.0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--reconstruire", action="store_true")
    args = parser.parse_args(argv)
    preparer(args.reconstruire, copie="inventaire")

    from territoire.attractivite import cnig, rapports
    from territoire.attractivite.actions import etablir_inventaire
    from territoire.attractivite.models import SiteEconomique, TerrainEconomique

    # The demo territory: the one whose team account the demo made (the demo may also hold other
    # fictitious territories, such as a regional perimeter).
    from territoire.comptes.models import Adhesion

    territoire = Adhesion.objects.filter(utilisateur__username="demo-equipe", role="equipe").select_related("territoire").first().territoire

    def rapport():
        inv = etablir_inventaire(territoire)
        rapports.inventaire_pdf(inv)
        rapports.inventaire_docx(inv)

    n_demo = SiteEconomique.objects.filter(territoire=territoire).count()
    demo_ms = mediane_ms(rapport, args.repetitions, chauffe=1)

    piaf = SiteEconomique.objects.get(territoire=territoire, zone__nom="Parc des industries Artois-Flandres")
    terrains = list(piaf.terrains.all()[:12])
    champs = [cnig.attribut(c.nom) for c in cnig.schema_site("site-eco").champs if c.nom != "pole_id"]
    for i in range(50 - n_demo):
        copie = SiteEconomique(territoire=territoire, pole=piaf.pole, illustratif=True,
                               **{k: getattr(piaf, k) for k in champs})
        copie.site_id, copie.site_nom = f"BANC_SITE-ECO_{i:05d}", f"Site du banc {i + 1}"
        copie.save()
        TerrainEconomique.objects.bulk_create([
            TerrainEconomique(site=copie, terr_id=f"BANC-{i:03d}-{j:02d}", **{
                cnig.attribut(c.nom): getattr(t, cnig.attribut(c.nom))
                for c in cnig.schema_site("terrain-eco").champs if c.nom not in ("site_id", "terr_id")})
            for j, t in enumerate(terrains)])
    n = SiteEconomique.objects.filter(territoire=territoire).count()
    cinquante_ms = mediane_ms(rapport, args.repetitions, chauffe=1)
    mur_ms = mediane_ms(rapport, args.repetitions, chauffe=0, cpu=False)
    resultat = {"sites_demo": n_demo, "demo_cpu_ms": round(demo_ms), "sites": n, "cpu_ms": round(cinquante_ms),
                "mur_ms": round(mur_ms),
                "rapport_a_la_demo": round(cinquante_ms / demo_ms, 2)}
    print(json.dumps(resultat, ensure_ascii=False, indent=2))
    print(f"{verdict(cinquante_ms / 1000 < SEUIL_S)} : inventaire et rapport PDF + DOCX de {n} sites en "
          f"{cinquante_ms / 1000:.2f} s (cible {SEUIL_S:.0f} s), {resultat['rapport_a_la_demo']} × les {n_demo} sites de la démo.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
