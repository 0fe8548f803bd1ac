"""`territoire territoires`: the official lists of Territoires d'industrie and what this instance holds."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from territoire.referentiel.erreurs import DonneesInvalides
from territoire.referentiel.models import Territoire
from territoire.referentiel.queries import etat_des_territoires
from territoire.referentiel.territoires_industrie import liste as liste_ti
from territoire.referentiel.territoires_industrie.verification import verifier


def _n(nombre: int) -> str:
    return f"{nombre:,}".replace(",", "\u202f")


class Command(BaseCommand):
    help = (
        "Liste les Territoires d'industrie de la liste de l'ANCT (phase 2023-2027 par défaut) avec leur état "
        "ici : créé ou non (identifiant court), dernier import SIRENE, établissements ; --verifier dit quels "
        "SIREN de la liste ne sont pas ou plus des EPCI du Code officiel géographique, et ce qui les remplace."
    )

    def add_arguments(self, parser):
        parser.add_argument("--phase", default=liste_ti.PHASE_COURANTE, metavar="PHASE",
                            help=f"{' ou '.join(liste_ti.PHASES)} (défaut : {liste_ti.PHASE_COURANTE})")
        parser.add_argument("--region", metavar="CODE", help="code INSEE de la région (ex. 32 : Hauts-de-France)")
        parser.add_argument("--crees", action="store_true", help="seulement les territoires créés ici")
        parser.add_argument("--json", action="store_true", help="sortie JSON : une liste d'objets (docs/territoires.md)")
        parser.add_argument("--verifier", action="store_true",
                            help="contrôle des fusions : SIREN de la liste absents du COG et ce qui les remplace")
        parser.add_argument("--liste", metavar="FICHIER", help="autre liste construite par le script du projet")

    def handle(self, *args, **opts):
        try:
            if opts["verifier"]:
                for ligne in verifier(opts["liste"]).lignes():
                    self.stdout.write(ligne)
                return
            liste = liste_ti.charger(opts["liste"], verifier=False)
            lignes = self._lignes(liste, opts)
        except DonneesInvalides as exc:
            raise CommandError(str(exc)) from exc
        if opts["json"]:
            self.stdout.write(json.dumps(lignes, ensure_ascii=False, indent=2, default=str))
            return
        crees = sum(1 for ligne in lignes if ligne["slug"])
        self.stdout.write(
            f"Territoires d'industrie {opts['phase']} (ANCT) : {len(lignes)} — créés ici : {crees}."
        )
        for ligne in lignes:
            if ligne["slug"]:
                imp = ligne["dernier_import"]
                quand = f"dernier import {timezone.localtime(imp):%d/%m/%Y}" if imp else "aucun import"
                etat = f"créé ({ligne['slug']}) — {quand} — {_n(ligne['etablissements'])} établissements"
            else:
                etat = "non créé"
            self.stdout.write(
                f"  {ligne['id_ti']}  {ligne['nom'][:48]:<48}  {ligne['region']:>2}  {ligne['epci']:>2} EPCI  "
                f"{ligne['communes']:>4} communes  {etat}"
            )

    def _lignes(self, liste, opts) -> list[dict]:
        phase = liste_ti.verifier_phase(opts["phase"])
        if opts["region"] and opts["region"] not in liste.regions:
            raise DonneesInvalides(
                f"--region {opts['region']!r} : région inconnue ; codes INSEE possibles : "
                + ", ".join(f"{c} {n}" for c, n in sorted(liste.regions.items()))
            )
        ici = {t.id_ti: t for t in Territoire.objects.filter(phase=phase).exclude(id_ti="")}
        etat = etat_des_territoires([t.pk for t in ici.values()])
        lignes = []
        for t in liste.territoires(phase):
            if opts["region"] and t.region != opts["region"]:
                continue
            local = ici.get(t.id_ti)
            if opts["crees"] and local is None:
                continue
            e = etat.get(local.pk, {}) if local else {}
            lignes.append({
                "id_ti": t.id_ti, "nom": t.nom, "phase": phase, "region": t.region,
                "epci": len(t.epcis), "communes": len(t.communes), "population": t.population,
                "slug": local.slug if local else None,
                "perimetre_anct": local.perimetre_anct if local else None,
                "dernier_import": e.get("dernier_import"), "imports": e.get("imports", 0),
                "etablissements": e.get("etablissements", 0), "etablissements_actifs": e.get("actifs", 0),
            })
        return lignes
