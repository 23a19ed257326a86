"""Bulk catalog import and export (CSV and XLSX) of products, variants and offers.

Import is two passes: validate every row against context fetched once (rejected rows get row, column and
code), then write in one transaction: bulk_create and batched executemany UPDATEs of changed rows only.
In ``all_or_nothing`` mode a single rejected row means nothing is written; in ``valid_rows`` mode the valid
rows are written.
"""

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from xborder.catalog.models import Brand, Offer, Product, Variant
from xborder.catalog.offer_services import (
    LISTING_COLUMNS,
    ListingDraft,
    Problem,
    check_listing,
    cny_rate,
    listing_context,
    price_in_cny,
    refresh_min_prices,
)
from xborder.core.errors import DomainError
from xborder.duties.models import PositiveListEntry
from xborder.duties.selectors import customs_date, positive_list_in_force
from xborder.sellerportal.models import ImportJob, ImportMode, ImportStatus

BATCH = 1000
MAX_IMPORT_BYTES = 20 * 1024 * 1024
MAX_ROWS = 50_000
PROGRESS_EVERY = 1000
REQUIRED_HEADER = frozenset(LISTING_COLUMNS) - {"product_slug", "product_name_zh", "description", "variant_name",
                                                 "barcode", "is_active"}  # fmt: skip
_VARIANT_FIELDS = ["name", "hs_code", "origin_country", "net_weight_kg", "gross_weight_kg", "legal_unit",
                   "legal_quantity", "barcode"]  # fmt: skip
_OFFER_FIELDS = ["price", "is_active", "price_cny"]
_PRODUCT_FIELDS = ["name", "name_zh", "category_id", "description"]


class CatalogFileError(DomainError):
    """Codes: ``mode_invalid``, ``file_format``, ``file_too_large``, ``file_empty``, ``header_invalid``,
    ``too_many_rows``."""


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    code: str
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "code": self.code, "message": self.message}


# --- reading and writing files --------------------------------------------------------------------------------


def file_format_of(upload) -> str:
    """``csv`` or ``xlsx``, by extension and first bytes (an XLSX is a zip archive)."""
    name = (getattr(upload, "name", "") or "").lower()
    size = getattr(upload, "size", 0) or 0
    if size <= 0:
        raise CatalogFileError("file_empty", "The file is empty.", fields={"file": "empty"})
    if size > MAX_IMPORT_BYTES:
        raise CatalogFileError("file_too_large", "An import file may be at most 20 MB.", fields={"file": "too_large"})
    upload.seek(0)
    head = upload.read(4)
    upload.seek(0)
    if name.endswith(".xlsx") and head == b"PK\x03\x04":
        return "xlsx"
    if name.endswith(".csv") and b"\x00" not in head:
        return "csv"
    raise CatalogFileError("file_format", "Upload a .csv or .xlsx file.", fields={"file": "format"})


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_rows(stream, file_format: str) -> tuple[list[str], list[dict]]:
    """The header and the data rows as dicts of strings."""
    if file_format == "xlsx":
        workbook = load_workbook(stream, read_only=True, data_only=True)
        rows = workbook.active.iter_rows(values_only=True)
        header = [_cell(value).strip() for value in next(rows, ())]
        data = [
            dict(zip(header, (_cell(v) for v in row), strict=False)) for row in rows if any(v is not None for v in row)
        ]
        workbook.close()
        return header, data
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    reader = csv.DictReader(text)
    data = [row for row in reader if any((value or "").strip() for value in row.values() if isinstance(value, str))]
    return [name.strip() for name in reader.fieldnames or []], data


def export_rows(store) -> Iterator[dict]:
    """Every offer of the store as one listing row, in the import's columns (one query)."""
    offers = (
        Offer.objects.filter(store=store)
        .select_related("variant__product__brand", "variant__product__category", "warehouse")
        .order_by("variant__sku", "id")
    )
    for offer in offers.iterator(chunk_size=2000):
        variant, product = offer.variant, offer.variant.product
        yield {
            "product_slug": product.slug, "product_name": product.name, "product_name_zh": product.name_zh,
            "brand": product.brand.name, "category": product.category.path, "description": product.description,
            "sku": variant.sku, "variant_name": variant.name, "hs_code": variant.hs_code,
            "origin_country": str(variant.origin_country), "net_weight_kg": str(variant.net_weight_kg),
            "gross_weight_kg": str(variant.gross_weight_kg), "legal_unit": variant.legal_unit,
            "legal_quantity": str(variant.legal_quantity), "barcode": variant.barcode, "price": str(offer.price),
            "currency": offer.currency_id, "fulfilment_mode": offer.fulfilment_mode,
            "warehouse": offer.warehouse.code, "is_active": "1" if offer.is_active else "0",
        }  # fmt: skip


def write_csv(rows: Iterable[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=LISTING_COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def write_xlsx(rows: Iterable[dict]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("catalog")
    sheet.append(list(LISTING_COLUMNS))
    for row in rows:
        sheet.append([row[column] for column in LISTING_COLUMNS])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def report_csv(errors: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["row", "column", "code", "message"], extrasaction="ignore")
    writer.writeheader()
    writer.writerows(errors)
    return out.getvalue().encode("utf-8")


# --- validation -----------------------------------------------------------------------------------------------


def positive_lines_in_force(rows: list[dict]) -> frozenset[str] | None:
    """The positive-list tariff lines in force among the file's HS codes; None when no list version is loaded."""
    on = customs_date()
    if not PositiveListEntry.objects.filter(effective_from__lte=on).exists():
        return None
    lines = {str(row.get("hs_code") or "").strip()[:8] for row in rows}
    return frozenset(positive_list_in_force(on, lines).rules)


def _owned_elsewhere(store, skus: list[str]) -> set[str]:
    """SKUs whose variant another store offers: this store may not change them."""
    taken: set[str] = set()
    for start in range(0, len(skus), BATCH):
        chunk = skus[start : start + BATCH]
        taken |= set(
            Offer.objects.filter(variant__sku__in=chunk).exclude(store=store).values_list("variant__sku", flat=True)
        )
    return taken


def validate(job: ImportJob, rows: list[dict]) -> tuple[list[tuple[int, ListingDraft]], list[RowError]]:
    """Check every row; store progress every ``PROGRESS_EVERY`` rows."""
    context = listing_context(job.store, positive_lines=positive_lines_in_force(rows))
    taken = _owned_elsewhere(job.store, [str(row.get("sku") or "").strip() for row in rows])
    drafts: list[tuple[int, ListingDraft]] = []
    errors: list[RowError] = []
    for index, row in enumerate(rows):
        number = index + 2  # the header is row 1
        draft, problems = check_listing(row, context)
        if draft is not None and draft.sku in taken:
            problems = [Problem("sku", "sku_taken", "Another store offers this SKU.")]
        if problems:
            errors += [RowError(number, p.column, p.code, p.message) for p in problems]
        else:
            drafts.append((number, draft))
        if (index + 1) % PROGRESS_EVERY == 0:
            ImportJob.objects.filter(pk=job.pk).update(processed_rows=index + 1)
    return drafts, errors


# --- writing --------------------------------------------------------------------------------------------------


def _in_batches(model, field: str, values: list) -> dict:
    found = {}
    for start in range(0, len(values), BATCH):
        for obj in model.objects.filter(**{f"{field}__in": values[start : start + BATCH]}):
            found[getattr(obj, field)] = obj
    return found


def _brands(drafts: list[ListingDraft]) -> dict[str, Brand]:
    existing = {brand.name.casefold(): brand for brand in Brand.objects.all()}
    missing = {}
    for draft in drafts:
        key = draft.brand_name.casefold()
        if key not in existing and key not in missing:
            missing[key] = Brand(name=draft.brand_name, slug=slugify(draft.brand_name)[:100] or key[:100],
                                 country=draft.origin_country)  # fmt: skip
    Brand.objects.bulk_create(missing.values(), batch_size=BATCH)
    if missing:
        existing = {brand.name.casefold(): brand for brand in Brand.objects.all()}
    return existing


def _update_rows(model, objects: list, field_names: list[str]) -> None:
    """One prepared UPDATE run for every object (executemany): bulk_update's CASE expressions cost far more
    Python time than the database spends on the rows."""
    if not objects:
        return
    fields = [model._meta.get_field(name) for name in field_names]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    sql = f"UPDATE {quote(model._meta.db_table)} SET {assignments} WHERE {quote(model._meta.pk.column)} = %s"
    params = [
        [*(field.get_db_prep_save(getattr(obj, field.attname), connection) for field in fields), obj.pk]
        for obj in objects
    ]
    with connection.cursor() as cursor:
        for start in range(0, len(params), BATCH):
            cursor.executemany(sql, params[start : start + BATCH])


def _assign(obj, values: dict) -> bool:
    """Set the values; True when any differed (unchanged rows are not written again)."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def _products(store, drafts: list[ListingDraft], brands: dict[str, Brand]) -> tuple[dict[str, Product], int]:
    slugs = sorted({draft.product_slug for draft in drafts})
    products = _in_batches(Product, "slug", slugs)
    shared = set(
        Offer.objects.filter(product__in=products.values()).exclude(store=store).values_list("product__slug", flat=True)
    )
    new, changed = {}, {}
    for draft in drafts:
        values = {"name": draft.product_name, "name_zh": draft.product_name_zh, "category_id": draft.category.pk,
                  "description": draft.description}  # fmt: skip
        product = products.get(draft.product_slug)
        if product is not None:
            if draft.product_slug not in shared and _assign(product, values):
                changed[product.pk] = product
        elif draft.product_slug not in new:
            brand = brands[draft.brand_name.casefold()]
            new[draft.product_slug] = Product(slug=draft.product_slug, brand=brand, **values)
    Product.objects.bulk_create(new.values(), batch_size=BATCH)
    _update_rows(Product, list(changed.values()), _PRODUCT_FIELDS)
    products.update(new)
    return products, len(new)


def _variant_values(draft: ListingDraft) -> dict:
    return {
        "name": draft.variant_name, "hs_code": draft.hs_code, "origin_country": draft.origin_country,
        "net_weight_kg": draft.net_weight_kg, "gross_weight_kg": draft.gross_weight_kg,
        "legal_unit": draft.legal_unit, "legal_quantity": draft.legal_quantity, "barcode": draft.barcode,
    }  # fmt: skip


def _variants(drafts: list[ListingDraft], products: dict[str, Product]) -> tuple[dict[str, Variant], int]:
    variants = _in_batches(Variant, "sku", [draft.sku for draft in drafts])
    new, changed = [], []
    for draft in drafts:
        variant = variants.get(draft.sku)
        if variant is None:
            new.append(Variant(sku=draft.sku, product=products[draft.product_slug], **_variant_values(draft)))
        elif _assign(variant, _variant_values(draft)):
            changed.append(variant)
    _update_rows(Variant, changed, _VARIANT_FIELDS)
    Variant.objects.bulk_create(new, batch_size=BATCH)
    variants.update({variant.sku: variant for variant in new})
    return variants, len(new)


def _offers(store, drafts: list[ListingDraft], variants: dict[str, Variant]) -> tuple[int, int]:
    rate = cny_rate(store.currency_id)
    existing = {}
    variant_ids = [variant.pk for variant in variants.values()]
    for start in range(0, len(variant_ids), BATCH):
        for offer in Offer.objects.filter(store=store, variant_id__in=variant_ids[start : start + BATCH]):
            existing[(offer.variant_id, offer.warehouse_id, offer.fulfilment_mode)] = offer
    new, changed, matched = [], [], 0
    for draft in drafts:
        variant = variants[draft.sku]
        values = {"price": draft.price, "is_active": draft.is_active, "price_cny": price_in_cny(draft.price, rate)}
        offer = existing.get((variant.pk, draft.warehouse.pk, draft.fulfilment_mode))
        if offer is None:
            new.append(Offer(store=store, variant=variant, product_id=variant.product_id, currency_id=store.currency_id,
                             warehouse=draft.warehouse, fulfilment_mode=draft.fulfilment_mode, **values))  # fmt: skip
            continue
        matched += 1
        if _assign(offer, values):
            changed.append(offer)
    Offer.objects.bulk_create(new, batch_size=BATCH)
    _update_rows(Offer, changed, _OFFER_FIELDS)
    return len(new), matched


@transaction.atomic
def write(store, drafts: list[ListingDraft]) -> tuple[int, int]:
    """Write the drafts in one transaction; returns (offers created, offers updated)."""
    brands = _brands(drafts)
    products, _new_products = _products(store, drafts, brands)
    variants, _new_variants = _variants(drafts, products)
    created, updated = _offers(store, drafts, variants)
    product_ids = sorted({product.pk for product in products.values()})
    for start in range(0, len(product_ids), BATCH):
        refresh_min_prices(product_ids[start : start + BATCH])
    return created, updated


# --- the job --------------------------------------------------------------------------------------------------


def _finish(job: ImportJob, status: str, **fields) -> ImportJob:
    for name, value in {"status": status, "finished_at": timezone.now(), **fields}.items():
        setattr(job, name, value)
    job.save()
    return job


def process(job_id: int) -> ImportJob:
    """Run one import job end to end: read, validate, then write or reject."""
    job = ImportJob.objects.select_related("store").get(pk=job_id)
    if job.is_finished:
        return job
    job.status = ImportStatus.VALIDATING
    job.save(update_fields=["status"])
    try:
        with job.file.open("rb") as stream:
            header, rows = read_rows(stream, job.file_format)
    except (
        ValueError,
        KeyError,
        OSError,
        UnicodeDecodeError,
        csv.Error,
        zipfile.BadZipFile,
        InvalidFileException,
    ) as error:
        return _finish(job, ImportStatus.FAILED, failure=f"unreadable file: {type(error).__name__}"[:200])
    missing = sorted(REQUIRED_HEADER - set(header))
    if missing:
        error = RowError(1, ",".join(missing), "header_invalid", "Missing columns.")
        return _finish(job, ImportStatus.REJECTED, errors=[error.as_dict()], rejected_count=0)
    if len(rows) > MAX_ROWS:
        error = RowError(1, "", "too_many_rows", f"At most {MAX_ROWS} rows per file.")
        return _finish(job, ImportStatus.REJECTED, errors=[error.as_dict()], total_rows=len(rows))
    ImportJob.objects.filter(pk=job.pk).update(total_rows=len(rows))
    job.total_rows = len(rows)
    drafts, errors = validate(job, rows)
    rejected_rows = len({error.row for error in errors})
    report = {"errors": [error.as_dict() for error in errors], "rejected_count": rejected_rows,
              "processed_rows": len(rows)}  # fmt: skip
    if errors and job.mode == ImportMode.ALL_OR_NOTHING:
        return _finish(job, ImportStatus.REJECTED, **report)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.WRITING, processed_rows=len(rows))
    created, updated = write(job.store, [draft for _number, draft in drafts])
    return _finish(job, ImportStatus.DONE, created_count=created, updated_count=updated, **report)


def start_import(*, store, user, upload, mode: str) -> ImportJob:
    """Store the upload as a job and queue its processing once the job row is committed."""
    from xborder.sellerportal.tasks import run_catalog_import

    if mode not in ImportMode.values:
        raise CatalogFileError("mode_invalid", "Choose an import mode.", fields={"mode": "invalid"})
    file_format = file_format_of(upload)
    job = ImportJob.objects.create(store=store, created_by=user, file=upload, file_format=file_format, mode=mode)
    transaction.on_commit(lambda: run_catalog_import.delay(job.pk))
    return job
