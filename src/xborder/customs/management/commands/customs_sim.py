from django.core.management.base import BaseCommand

from xborder.customs.simulator.http import serve


class Command(BaseCommand):
    help = "Run the customs single-window simulator as its own HTTP service (python -m xborder customs-sim)."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8600)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--lifetime", type=float, default=None, help="stop after this many seconds")

    def handle(self, *args, port: int, host: str, lifetime: float | None, **options):
        serve(port, host=host, lifetime=lifetime)
