from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Applique les migrations puis sert la plateforme (serveur de développement)."

    def add_arguments(self, parser):
        parser.add_argument("adresse", nargs="?", default="127.0.0.1:8000", help="hôte:port (127.0.0.1:8000).")

    def handle(self, *args, **opts):
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write(f"Plateforme servie sur http://{opts['adresse']}/ (Ctrl+C pour arrêter).")
        call_command("runserver", opts["adresse"], use_reloader=False)
