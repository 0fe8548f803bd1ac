"""`territoire perimetre IDENTIFIANT --region 32 | --national [--retirer]`: a steering member of a
region or of the whole country (the Region, the State)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from territoire.pilotage.actions import accorder_perimetre, retirer_perimetre
from territoire.pilotage.perimetres import de_region
from territoire.referentiel.models import Region


class Command(BaseCommand):
    help = (
        "Donne (ou retire) à un compte le pilotage de tous les Territoires d'industrie d'une région, ou de la "
        "France entière : rôle pilotage sur chacun, et la page de leurs territoires côte à côte (/pilotage/)."
    )

    def add_arguments(self, parser):
        parser.add_argument("identifiant", help="identifiant de connexion du compte (son adresse électronique)")
        quoi = parser.add_mutually_exclusive_group(required=True)
        quoi.add_argument("--region", metavar="CODE", help="code INSEE de la région (32 : Hauts-de-France)")
        quoi.add_argument("--national", action="store_true", help="la France entière (l'État, l'ANCT)")
        parser.add_argument("--organisation", default="", help="ce que la personne représente (Région, DREETS…)")
        parser.add_argument("--retirer", action="store_true", help="retire le périmètre et les rôles qu'il donnait")

    def handle(self, *args, **opts):
        utilisateur = get_user_model().objects.filter(username=opts["identifiant"]).first()
        if utilisateur is None:
            raise CommandError(f"Compte « {opts['identifiant']} » inconnu : créez-le d'abord (invitation, createsuperuser).")
        region = None
        if opts["region"]:
            region = Region.objects.filter(code=opts["region"].strip()).first()
            if region is None:
                codes = ", ".join(f"{r.code} {r.nom}" for r in Region.objects.order_by("code")) or "aucune"
                raise CommandError(
                    f"--region {opts['region']!r} : région inconnue (régions connues : {codes}) ; "
                    "elles sont créées avec les territoires (territoire init)."
                )
        libelle = de_region(region).libelle
        if opts["retirer"]:
            n = retirer_perimetre(utilisateur, region)
            self.stdout.write(f"Périmètre « {libelle} » retiré à {utilisateur} ; {n} rôle(s) de pilotage retiré(s).")
            return
        _, n = accorder_perimetre(utilisateur, region, opts["organisation"])
        self.stdout.write(
            f"{utilisateur} pilote désormais « {libelle} » : {n} rôle(s) de pilotage ajouté(s) sur ses territoires."
        )
