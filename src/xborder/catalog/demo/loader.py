"""Load the demo platform once, and grow the generated catalog to a requested size."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction

from xborder.catalog.demo.platform import ACCOUNTS, DEMO_PASSWORD, Platform, ensure_accounts, ensure_platform
from xborder.catalog.demo.products import (
    base_drafts,
    existing_slugs,
    generated_draft,
    last_generated_index,
    write_drafts,
)
from xborder.catalog.models import Offer
from xborder.catalog.services import refresh_display_prices

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


@transaction.atomic
def load_base() -> tuple[Platform, int]:
    """Platform, accounts and the curated catalog in one transaction; only what is missing is created."""
    platform = ensure_platform()
    ensure_accounts(platform.stores)
    drafts = base_drafts()
    present = existing_slugs([draft.slug for draft in drafts])
    created = write_drafts([draft for draft in drafts if draft.slug not in present], platform)
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
    for first in range(start, total + 1, batch_size):
        last = min(first + batch_size - 1, total)
        with transaction.atomic():
            write_drafts([generated_draft(index) for index in range(first, last + 1)], platform)
        if progress:
            progress(last - first + 1)
    return max(0, total - start + 1)


def load_demo(*, products: int = 0, progress_factory: Callable[[int], Callable[[int], object]] | None = None):
    """Load the demo platform (idempotent) and make sure at least ``products`` generated products exist.

    ``progress_factory(total)`` returns a callback told how many products each batch wrote.
    Display prices are refreshed only when something was written, so a second run writes nothing.
    """
    platform, base_created = load_base()
    result = DemoResult(base_products_created=base_created)
    missing = max(0, products - last_generated_index())
    if missing:
        progress = progress_factory(missing) if progress_factory else None
        result.generated_products_created = generate_products(platform, total=products, progress=progress)
    if result.created_anything or Offer.objects.filter(price_cny__isnull=True).exists():
        refresh_display_prices()
        result.repriced = True
    result.accounts = [(spec.email, DEMO_PASSWORD, spec.role) for spec in ACCOUNTS]
    return result
