"""``python -m xborder load_hs_rates [--file rates.csv]``: load the HS rate table (the shipped CSV by default)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from xborder.duties.errors import DutiesError
from xborder.duties.services import load_hs_rates
from xborder.duties.tables import HS_RATES_CSV, parse_hs_rates


class Command(BaseCommand):
    help = "Load dated HS rates (tariff, VAT, consumption tax and its thresholds, postal band) from a CSV."

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=HS_RATES_CSV, help="CSV file (default: the shipped table)")

    def handle(self, *args, file: Path, verbosity: int, **options):
        try:
            rows = parse_hs_rates(file.read_text(encoding="utf-8"))
            with tqdm(total=len(rows), unit="rate", disable=verbosity < 1, file=self.stderr) as bar:
                count = load_hs_rates(rows, progress=bar.update)
        except (DutiesError, OSError) as exc:
            raise CommandError(f"{getattr(exc, 'code', 'io_error')}: {exc}") from exc
        self.stdout.write(self.style.SUCCESS(f"Loaded {count} HS rates from {file}."))
