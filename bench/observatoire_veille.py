"""Recall and precision of the watch list's rules on the history since 2019 (issue 12, §5).

On the territory of a database (the demo of `bench/pages.py` by default, built once and cached;
`--base` for another SQLite file, `DATABASE_URL` for PostgreSQL), `veille.mesurer_regles` counts:

- the closures of establishments of 20 employees or more since January 2019 (history periods,
  or the stock's closure date), and how many had at least one signal on their firm dated 6 to 24
  months before (recall);
- the firms flagged at least 6 months ago, and how many closed such an establishment within 24
  months of their first signal (precision; the others are false alarms);
- the baseline, measured on the same data and over the same 24-month horizon: from each month
  since January 2019, the share of all the firms with an establishment of 20 employees or more
  that closed one in the following 24 months, averaged (what flagging firms at random would
  achieve). The lift is the precision over that base rate; the share over the whole period since
  2019 is printed too (a longer horizon, so not comparable with the precision).

On the demo the history, the visits and the BODACC notices are fictitious, drawn at random: the
figures then measure the code on generated data, not the rules on reality. Run it on a territory
that has imported its real history and BODACC notices for figures that mean something.

    python bench/observatoire_veille.py [--base FICHIER.sqlite3] [--territoire SLUG]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path

import pages  # noqa: I001 - sibling module: bench/ is the script's directory

BANC = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, help="base SQLite (par défaut : la démonstration du banc des pages)")
    parser.add_argument("--territoire", help="identifiant du territoire (par défaut : le premier)")
    parser.add_argument("--reconstruire", action="store_true")
    parser.add_argument("--sortie", type=Path, default=BANC / "out")
    args = parser.parse_args(argv)
    if args.base is None and "DATABASE_URL" not in os.environ:
        dossier = args.sortie / "pages"
        pages.construire_demo(dossier, args.reconstruire)
        args.base = dossier / "territoire.sqlite3"
    if args.base is not None:
        os.environ["TERRITOIRE_DATA_DIR"] = str(args.base.resolve().parent)
        os.environ["DATABASE_URL"] = f"sqlite:///{args.base.resolve()}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "territoire.settings")
    sys.path.insert(0, str(pages.RACINE))
    import django

    django.setup()
    from territoire.observatoire import veille
    from territoire.referentiel.models import Territoire

    territoire = (Territoire.objects.get(slug=args.territoire) if args.territoire
                  else Territoire.objects.order_by("pk").first())
    m = veille.mesurer_regles(territoire)

    def pourcent(v):
        return "—" if v is None else f"{v:.1%}"

    print(f"Règles de la veille sur « {territoire.slug} »{' (données fictives)' if territoire.donnees_fictives else ''}")
    print(f"  fermetures d'établissements de 20 salariés ou plus depuis 2019 : {m.fermetures}")
    print(f"  dont précédées d'un signal 6 à 24 mois avant (rappel)          : {m.fermetures_signalees} ({pourcent(m.rappel)})")
    print(f"  entreprises signalées il y a 6 mois ou plus                   : {m.entreprises_signalees}")
    print(f"  dont fermeture dans les 24 mois (précision)                   : {m.entreprises_signalees_fermees} "
          f"({pourcent(m.precision)}) ; fausses alertes : {m.entreprises_signalees - m.entreprises_signalees_fermees}")
    print(f"  référence : part des {m.entreprises_observees} entreprises de 20 salariés ou plus qui ferment un tel "
          f"établissement dans les 24 mois (moyenne sur chaque mois depuis 2019) : {pourcent(m.taux_de_base_fenetre)}")
    print(f"             (sur toute la période depuis 2019 : {pourcent(m.taux_de_base)})")
    lift = m.rapport_a_la_reference
    print(f"  précision / référence : {'—' if lift is None else f'{lift:.1f} ×'}")
    from territoire.observatoire.models import RegleSignal

    par_regle = {}
    print(f"\n  {'règle':<22}{'rappel':>16}{'précision':>16}{'/ référence':>13}")
    for regle in RegleSignal.objects.filter(actif=True).order_by("ordre", "code"):
        r = veille.mesurer_regles(territoire, codes=[regle.code])
        par_regle[regle.code] = {"fermetures_signalees": r.fermetures_signalees, "rappel": r.rappel,
                                 "entreprises_signalees": r.entreprises_signalees,
                                 "entreprises_signalees_fermees": r.entreprises_signalees_fermees,
                                 "precision": r.precision, "rapport_a_la_reference": r.rapport_a_la_reference}
        lift_r = r.rapport_a_la_reference
        print(f"  {regle.code:<22}{r.fermetures_signalees:>5}/{r.fermetures:<4}{pourcent(r.rappel):>7}"
              f"{r.entreprises_signalees_fermees:>5}/{r.entreprises_signalees:<4}{pourcent(r.precision):>7}"
              f"{'—' if lift_r is None else f'{lift_r:.1f} ×':>13}")
    args.sortie.mkdir(parents=True, exist_ok=True)
    sortie = args.sortie / "observatoire_veille.json"
    sortie.write_text(json.dumps({**m.__dict__, "rappel": m.rappel, "precision": m.precision,
                                  "taux_de_base": m.taux_de_base, "rapport_a_la_reference": lift,
                                  "date": dt.date.today().isoformat(), "par_regle": par_regle,
                                  "territoire": territoire.slug, "fictif": territoire.donnees_fictives}, indent=1),
                      encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
