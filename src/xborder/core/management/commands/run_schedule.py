from django.conf import settings
from django.core.management.base import BaseCommand

from xborder.core.schedule import periodic_tasks, run_due, run_forever


class Command(BaseCommand):
    help = "Run CELERY_BEAT_SCHEDULE's periodic tasks in this process (the embedded default has no beat)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="run every periodic task once, then stop")
        parser.add_argument("--force", action="store_true", help="run even though a Celery broker is configured")

    def handle(self, *args, once: bool, force: bool, **options):
        if settings.CELERY_BROKER_URL and not force:
            self.stdout.write("A Celery broker is configured: run `make worker` and `make beat` instead.")
            return
        tasks = periodic_tasks()
        if once:
            ran = run_due(tasks, now=0.0)
            self.stdout.write(f"ran {len(ran)} periodic tasks: {', '.join(ran)}")
            return
        self.stdout.write(f"running {len(tasks)} periodic tasks in-process")
        run_forever(tasks)
