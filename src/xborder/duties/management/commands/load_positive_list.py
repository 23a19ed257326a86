"""``python -m xborder load_positive_list [--file list.csv]``: load the CBEC positive list."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from xborder.duties.errors import DutiesError
from xborder.duties.services import load_positive_list
from xborder.duties.tables import POSITIVE_LIST_CSV, parse_positive_list


class Command(BaseCommand):
    help = "Load a version of the CBEC positive list (8-digit lines, trade modes, annual caps) from a CSV."

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=POSITIVE_LIST_CSV, help="CSV file (default: shipped list)")

    def handle(self, *args, file: Path, verbosity: int, **options):
        try:
            rows = parse_positive_list(file.read_text(encoding="utf-8"))
            with tqdm(total=len(rows), unit="line", disable=verbosity < 1, file=self.stderr) as bar:
                count = load_positive_list(rows, progress=bar.update)
        except (DutiesError, OSError) as exc:
            raise CommandError(f"{getattr(exc, 'code', 'io_error')}: {exc}") from exc
        self.stdout.write(self.style.SUCCESS(f"Loaded {count} positive-list lines from {file}."))
