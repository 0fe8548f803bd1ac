"""Server time and SQL queries of Attirer's pages, on the demo and with ten times its offer.

Targets (issue 16): the public search and map constant in queries, under 100 ms server time.
On a copy of the demo database, the public pages (search with and without filters, an offer's
page, the brownfields' map) and the team's pages (workspace, sites, the Parc des industries
Artois-Flandres, premises, projects, "Projet Cobalt") are timed through Django's test client
(median CPU time of the process, as bench/pages.py judges; wall time also shown), with their query count; then 1 000 more public offers (500 plots on
available land of the demo's sites, 500 premises) are added and the public pages measured again:
their query count must not move. The ratio is to a baseline page of the same process (the
sign-in page: same base template and middleware, no data). Nothing is asserted.

    python bench/attractivite_pages.py [--repetitions 20] [--reconstruire]
"""

from __future__ import annotations

import argparse
import random

from attractivite_outils import mediane_ms, preparer, requetes, verdict

SEUIL_MS = 100.0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repetitions", type=int, default=20)
    parser.add_argument("--reconstruire", action="store_true")
    args = parser.parse_args(argv)
    preparer(args.reconstruire, copie="pages")

    from django.test import Client
    from django.urls import reverse

    from territoire.attractivite.models import Local, Prospect, SiteEconomique, TerrainEconomique
    from territoire.comptes.models import Adhesion
    from territoire.observatoire.cache import invalider_chiffres

    adhesion = Adhesion.objects.filter(role="equipe").select_related("utilisateur", "territoire").first()
    territoire = adhesion.territoire
    slug = territoire.slug
    public, equipe = Client(), Client()
    equipe.force_login(adhesion.utilisateur)
    piaf = SiteEconomique.objects.get(territoire=territoire, zone__nom="Parc des industries Artois-Flandres")
    offre = TerrainEconomique.objects.filter(site__territoire=territoire).publics().first()

    def u(nom, **kw):
        return reverse(f"attractivite:{nom}", kwargs={"territoire": slug, **kw})

    publiques = [
        ("recherche", u("implanter")),
        ("recherche filtrée", u("implanter") + "?genre=terrain&surface_min_ha=3&reseaux=reseau_fret_ferroviaire"),
        ("page d'une offre", u("offre_terrain", pk=offre.pk)),
        ("carte des friches", u("friches")),
    ]
    internes = [
        ("espace Attirer", u("espace")), ("sites", u("sites")), ("site (PIAF)", u("site", pk=piaf.pk)),
        ("locaux", u("locaux")), ("projets", u("prospects")),
        ("projet Cobalt", u("prospect", pk=Prospect.objects.get(territoire=territoire, nom_de_code="Projet Cobalt").pk)),
    ]
    base = mediane_ms(lambda: public.get(reverse("comptes:connexion")), args.repetitions)

    def mesurer(client, chemin):
        assert client.get(chemin).status_code == 200, chemin
        return mediane_ms(lambda: client.get(chemin), args.repetitions), requetes(lambda: client.get(chemin))

    mur = mediane_ms(lambda: public.get(u("implanter")), args.repetitions, cpu=False)

    avant = {nom: mesurer(public, chemin) for nom, chemin in publiques}
    equipe_mesures = {nom: mesurer(equipe, chemin) for nom, chemin in internes}
    from territoire.attractivite.offres import Filtres, rechercher

    n_offres = len(rechercher(territoire, Filtres()))

    tirage = random.Random(16)
    sites = list(SiteEconomique.objects.filter(territoire=territoire, public=True))
    modele = piaf.terrains.first()
    TerrainEconomique.objects.bulk_create([
        TerrainEconomique(site=tirage.choice(sites), terr_id=f"BANC-{i:04d}", terr_surf_brute=round(tirage.uniform(0.5, 8), 2),
                          terr_etat_occup="vacant", terr_usage="non bâti", terr_stade_comm="disponible", public=True,
                          terr_identif_date=modele.terr_identif_date, terr_actu_date=modele.terr_actu_date,
                          terr_geomsurf=modele.terr_geomsurf, longitude=modele.longitude, latitude=modele.latitude)
        for i in range(500)], batch_size=250)
    commune = territoire.communes.first()
    Local.objects.bulk_create([
        Local(territoire=territoire, nom=f"Local du banc {i}", type="atelier", surface_m2=tirage.randint(200, 9000),
              commune=commune, public=True, longitude=2.6, latitude=50.5, illustratif=True) for i in range(500)
    ], batch_size=250)
    invalider_chiffres()
    apres = {nom: mesurer(public, chemin) for nom, chemin in publiques}
    n_apres = len(rechercher(territoire, Filtres()))

    print(f"Temps CPU du processus (médianes). Référence (page de connexion) : {base:.1f} ms ; "
          f"recherche publique en temps de mur : {mur:.1f} ms.")
    print(f"{'page':<22} {'démo ms':>9} {'req.':>5} {'× réf.':>7} | {'×10 ms':>8} {'req.':>5} {'× réf.':>7}")
    ok = True
    for nom, _ in publiques:
        (m1, q1), (m2, q2) = avant[nom], apres[nom]
        constant = q1 == q2
        ok &= constant and m1 < SEUIL_MS
        print(f"{nom:<22} {m1:>9.1f} {q1:>5} {m1 / base:>7.1f} | {m2:>8.1f} {q2:>5} {m2 / base:>7.1f}"
              f"{'' if constant else '  ← requêtes non constantes'}")
    for nom, (m, q) in equipe_mesures.items():
        print(f"{nom:<22} {m:>9.1f} {q:>5} {m / base:>7.1f}   (équipe, démo)")
    print(f"Offres publiques : {n_offres} sur la démo, {n_apres} après ajout.")
    print(f"{verdict(ok)} : recherche et carte publiques en nombre de requêtes constant et sous {SEUIL_MS:.0f} ms sur la démo.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
