"""Bulk catalog import benchmark: 10,000 CSV rows (product + variant + offer each) into one store.

    .venv/bin/python bench/catalog_import.py                     # SQLite in a temporary directory
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sellers_bench .venv/bin/python bench/catalog_import.py

Runs the real code path (``catalog_import.start_import`` + ``process``, the Celery task's body) in process on
a freshly migrated database (PostgreSQL: created if missing, dropped and recreated each run), three times:
a first import that creates everything, a re-import of the same file that updates everything, and an
all-or-nothing import with one bad row at the end (validation of all rows, nothing written). Appends the
result to ``bench/results/catalog_import-latest.md``. Target: 10,000 rows in under 60 s.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import os
import platform
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
TARGET_SECONDS = 60.0


def _prepare_postgres(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def _setup(tmp: str) -> None:
    os.environ["XBORDER_VAR_DIR"] = tmp
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xborder.settings")
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        _prepare_postgres(os.environ["DATABASE_URL"])
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _rows(count: int, *, bad_last: bool = False, price_shift: int = 0) -> bytes:
    from xborder.catalog.offer_services import LISTING_COLUMNS

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=LISTING_COLUMNS)
    writer.writeheader()
    for n in range(count):
        writer.writerow({
            "product_slug": f"bench-product-{n // 2}", "product_name": f"Bench product {n // 2}",
            "product_name_zh": f"基准商品{n // 2}", "brand": f"Bench brand {n % 50}", "category": "beauty",
            "description": "Imported by the benchmark.", "sku": f"BENCH-{n:06d}",
            "variant_name": f"{n % 2 + 1} x 50 ml",
            "hs_code": "3304990099" if not (bad_last and n == count - 1) else "33049", "origin_country": "JP",
            "net_weight_kg": "0.050", "gross_weight_kg": "0.120", "legal_unit": "ml", "legal_quantity": "50",
            "barcode": f"49{n:011d}", "price": str(1000 + n % 9000 + price_shift), "currency": "JPY",
            "fulfilment_mode": "direct_mail" if n % 3 else "bonded", "warehouse": "bench-osaka", "is_active": "1",
        })  # fmt: skip
    return out.getvalue().encode("utf-8")


def _world():
    from decimal import Decimal

    from django.utils import timezone

    from xborder.accounts.models import User
    from xborder.catalog.models import Category
    from xborder.inventory.models import Warehouse
    from xborder.pricing.models import FxRate
    from xborder.sellers.models import Store, StoreMember

    Category.objects.create(name="Beauty", slug="beauty")
    Warehouse.objects.create(code="bench-osaka", name="Osaka", kind="overseas", country="JP", city="Osaka")
    FxRate.objects.create(
        base_id="JPY", quote_id="CNY", rate=Decimal("0.048"), valid_from=timezone.now() - dt.timedelta(days=1)
    )
    store = Store.objects.create(
        name="Bench", slug="bench", kind="overseas_merchant", country="JP", currency_id="JPY", status="approved"
    )
    user = User.objects.create_user("bench@example.com", "bench-password-1")
    StoreMember.objects.create(store=store, user=user, role="owner")
    return store, user


def _timed_import(store, user, content: bytes, mode: str) -> tuple[float, object]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from xborder.sellerportal import catalog_import

    started = time.perf_counter()
    job = catalog_import.start_import(
        store=store, user=user, upload=SimpleUploadedFile("bench.csv", content), mode=mode
    )
    job = catalog_import.process(job.pk)
    return time.perf_counter() - started, job


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="xborder-bench-import-") as tmp:
        _setup(tmp)
        from django.db import connection

        from xborder.catalog.models import Offer, Product, Variant

        store, user = _world()
        content = _rows(args.rows)
        runs = []
        for label, payload, mode in (
            ("first import (creates)", content, "all_or_nothing"),
            ("re-import, every price changed (updates)", _rows(args.rows, price_shift=7), "all_or_nothing"),
            ("all-or-nothing, last row bad (nothing written)", _rows(args.rows, bad_last=True), "all_or_nothing"),
        ):
            seconds, job = _timed_import(store, user, payload, mode)
            runs.append((label, seconds, job))
            print(f"{label}: {seconds:.2f} s, status={job.status}, created={job.created_count}, "
                  f"updated={job.updated_count}, rejected={job.rejected_count}")  # fmt: skip
        counts = (Product.objects.count(), Variant.objects.count(), Offer.objects.count())
        vendor = connection.vendor
    ok = all(seconds < TARGET_SECONDS for _label, seconds, _job in runs) and counts[2] == args.rows
    lines = [
        f"## catalog import, {vendor}, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC",
        "",
        f"{args.rows:,} CSV rows (product + variant + offer each), in process, `{platform.python_version()}`, "
        f"{os.cpu_count()} CPUs; target < {TARGET_SECONDS:.0f} s per import: **{'met' if ok else 'MISSED'}**.",
        "",
        "| run | seconds | rows/s | status | created | updated | rejected rows |",
        "|---|---:|---:|---|---:|---:|---:|",
        *[
            f"| {label} | {seconds:.2f} | {args.rows / seconds:,.0f} | {job.status} | {job.created_count} | "
            f"{job.updated_count} | {job.rejected_count} |"
            for label, seconds, job in runs
        ],
        "",
        f"After the runs: {counts[0]:,} products, {counts[1]:,} variants, {counts[2]:,} offers.",
        "",
    ]
    RESULTS.mkdir(parents=True, exist_ok=True)
    latest = RESULTS / "catalog_import-latest.md"
    previous = (
        latest.read_text() if latest.exists() else "# Bulk catalog import benchmark (`bench/catalog_import.py`)\n\n"
    )
    sections = [s for s in previous.split("\n## ") if s.strip()]
    header, kept = sections[0], [s for s in sections[1:] if not s.startswith(f"catalog import, {vendor},")]
    body = "\n## ".join([header.rstrip() + "\n", *kept, "\n".join(lines)[3:]])
    latest.write_text(body)
    print(f"wrote {latest}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
