from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from xborder.catalog.services import refresh_display_prices
from xborder.core.errors import DomainError
from xborder.pricing.services import parse_rates_csv, parse_rates_ecb_xml, record_fx_rates


class Command(BaseCommand):
    help = "Import FX rates from a CSV (base,quote,rate,valid_from[,source]) or an ECB-style XML file."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--format", choices=["auto", "csv", "ecb"], default="auto")
        parser.add_argument("--source", default="")

    def handle(self, *args, path: Path, format: str, source: str, **options):
        if not path.is_file():
            raise CommandError(f"fx_file_missing: {path} does not exist")
        data = path.read_bytes()
        kind = format if format != "auto" else ("ecb" if data.lstrip().startswith(b"<") else "csv")
        try:
            if kind == "ecb":
                rows = parse_rates_ecb_xml(data, source=source or "ecb")
            else:
                rows = parse_rates_csv(data.decode("utf-8-sig"), source=source or "csv")
            with tqdm(total=len(rows), unit="rate", disable=options["verbosity"] == 0) as bar:
                created = record_fx_rates(rows, progress=bar.update)
        except DomainError as exc:
            raise CommandError(f"{exc.code}: {exc.message}") from None
        repriced = refresh_display_prices()
        self.stdout.write(
            f"{created} new rates of {len(rows)} read; "
            f"{repriced.offers} offers and {repriced.products} products repriced."
        )
