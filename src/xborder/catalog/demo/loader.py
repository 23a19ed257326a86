"""Load the demo platform once, and grow the generated catalog to a requested size."""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from xborder.catalog.demo.platform import (
    ACCOUNTS,
    DEMO_PASSWORD,
    HOME_CURRENCY,
    STORES,
    Platform,
    ensure_accounts,
    ensure_platform,
)
from xborder.catalog.demo.products import (
    base_drafts,
    existing_slugs,
    generated_draft,
    last_generated_index,
    write_drafts,
)
from xborder.catalog.models import Offer
from xborder.catalog.services import refresh_display_prices
from xborder.pricing.selectors import rates_to

GENERATION_BATCH = 2000


@dataclass
class DemoResult:
    base_products_created: int = 0
    generated_products_created: int = 0
    repriced: bool = False
    accounts: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def created_anything(self) -> bool:
        return bool(self.base_products_created or self.generated_products_created)


def display_rates() -> dict[str, Decimal]:
    """Rates in force from every demo store currency to CNY (those ``refresh_display_prices`` would use)."""
    return rates_to(HOME_CURRENCY, {spec.currency for spec in STORES})


@transaction.atomic
def load_base() -> tuple[Platform, int]:
    """Platform, accounts and the curated catalog in one transaction; only what is missing is created."""
    platform = ensure_platform()
    ensure_accounts(platform.stores)
    drafts = base_drafts()
    present = existing_slugs([draft.slug for draft in drafts])
    missing = [draft for draft in drafts if draft.slug not in present]
    created = write_drafts(missing, platform, rates=display_rates()) if missing else 0
    return platform, created


def generate_products(
    platform: Platform,
    *,
    total: int,
    batch_size: int = GENERATION_BATCH,
    progress: Callable[[int], object] | None = None,
) -> int:
    """Grow the generated catalog to ``total`` products; returns how many were added.

    Each batch commits on its own so a large run shows progress and an interrupted run resumes where it
    stopped (product ``i`` is always the same product).
    """
    start = last_generated_index() + 1
    rates = display_rates()
    for first in range(start, total + 1, batch_size):
        last = min(first + batch_size - 1, total)
        with transaction.atomic():
            write_drafts([generated_draft(index) for index in range(first, last + 1)], platform, rates=rates)
        if progress:
            progress(last - first + 1)
    return max(0, total - start + 1)


def load_demo(*, products: int = 0, progress_factory: Callable[[int], Callable[[int], object]] | None = None):
    """Load the demo platform (idempotent) and make sure at least ``products`` generated products exist.

    ``progress_factory(total)`` returns a callback told how many products each batch wrote.
    New rows get their CNY prices as they are written. ``refresh_display_prices`` runs when the curated
    catalog was just created or prices are missing, before any generation: never on a second run and never
    over a large generated catalog (repricing 100k products takes longer than generating them).
    """
    platform, base_created = load_base()
    result = DemoResult(base_products_created=base_created)
    if base_created or Offer.objects.filter(price_cny__isnull=True).exists():
        refresh_display_prices()
        result.repriced = True
    missing = max(0, products - last_generated_index())
    if missing:
        progress = progress_factory(missing) if progress_factory else None
        result.generated_products_created = generate_products(platform, total=products, progress=progress)
    result.accounts = [(spec.email, DEMO_PASSWORD, spec.role) for spec in ACCOUNTS]
    return result
