from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from xborder.catalog.demo.loader import load_demo
from xborder.catalog.models import Offer, Product
from xborder.sellers.models import Store


class Command(BaseCommand):
    help = (
        "Load the demo platform once (stores, warehouses, FX rates, accounts for every role, ~380 products); "
        "--products N also generates N products for benchmarks. Always prints the demo accounts."
    )

    def add_arguments(self, parser):
        parser.add_argument("--products", type=int, default=0, help="generated products to have in total")

    def handle(self, *args, products: int, **options):
        if products < 0:
            raise CommandError("products_negative: --products must be 0 or more")
        quiet = options["verbosity"] == 0
        bars = []

        def progress_factory(total):
            bars.append(tqdm(total=total, unit="product", desc="generating", disable=quiet))
            return bars[-1].update

        try:
            result = load_demo(products=products, progress_factory=progress_factory)
        finally:
            for bar in bars:
                bar.close()
        if result.created_anything:
            self.stdout.write(
                f"Demo data loaded: {result.base_products_created} curated and "
                f"{result.generated_products_created} generated products added."
            )
        else:
            self.stdout.write("Demo data already loaded; nothing changed.")
        self.stdout.write(
            f"Catalog: {Product.objects.count()} products, {Offer.objects.count()} offers, "
            f"{Store.objects.count()} stores."
        )
        self.stdout.write("\nDemo accounts (log in at /accounts/login/, admin at /admin/):")
        width = max(len(email) for email, _, _ in result.accounts)
        for email, password, role in result.accounts:
            self.stdout.write(f"  {email:<{width}}  {password}  {role}")
