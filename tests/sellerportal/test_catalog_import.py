"""Bulk import and export: row-by-row validation with a report, both modes, CSV and XLSX, progress."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from tests.factories import (
    CategoryFactory,
    FxRateFactory,
    OfferFactory,
    StoreFactory,
    StoreMemberFactory,
    VariantFactory,
    WarehouseFactory,
)
from xborder.catalog.models import Brand, Offer, Product, Variant
from xborder.catalog.offer_services import LISTING_COLUMNS
from xborder.core.errors import DomainError
from xborder.duties.models import PositiveListEntry
from xborder.sellerportal import catalog_import
from xborder.sellerportal.models import ImportJob, ImportMode, ImportStatus
from xborder.sellers.models import StoreStatus

pytestmark = pytest.mark.django_db


def row(n: int = 1, **overrides) -> dict:
    data = {
        "product_slug": f"lotion-{n}", "product_name": f"Lotion {n}", "product_name_zh": f"乳液{n}",
        "brand": "Sakura", "category": "beauty", "description": "Moist.", "sku": f"SAK-{n:05d}",
        "variant_name": "200 ml", "hs_code": "3304990099", "origin_country": "JP", "net_weight_kg": "0.200",
        "gross_weight_kg": "0.300", "legal_unit": "ml", "legal_quantity": "200", "barcode": "4901234567894",
        "price": "3000", "currency": "JPY", "fulfilment_mode": "direct_mail", "warehouse": "osaka", "is_active": "1",
    }  # fmt: skip
    data.update(overrides)
    return data


def csv_bytes(rows: list[dict], columns=LISTING_COLUMNS) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def xlsx_bytes(rows: list[dict]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(LISTING_COLUMNS))
    for item in rows:
        sheet.append([item[column] for column in LISTING_COLUMNS])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.fixture
def store(db):
    CategoryFactory(slug="beauty")
    WarehouseFactory(code="osaka")
    FxRateFactory(base_id="JPY", quote_id="CNY", rate=Decimal("0.048"))
    return StoreFactory(currency_id="JPY")


@pytest.fixture
def owner(store):
    return StoreMemberFactory(store=store, role="owner").user


def run(store, user, content: bytes, *, mode=ImportMode.ALL_OR_NOTHING, name="catalog.csv") -> ImportJob:
    upload = SimpleUploadedFile(name, content)
    job = catalog_import.start_import(store=store, user=user, upload=upload, mode=mode)
    catalog_import.process(job.pk)
    job.refresh_from_db()
    return job


def test_a_clean_csv_creates_products_variants_and_offers_with_cny_prices(store, owner):
    job = run(store, owner, csv_bytes([row(1), row(2, price="1999")]))
    assert (job.status, job.created_count, job.rejected_count, job.errors) == (ImportStatus.DONE, 2, 0, [])
    offer = Offer.objects.get(variant__sku="SAK-00002")
    assert (offer.price, offer.price_cny, offer.currency_id, offer.is_active) == (
        Decimal("1999"), Decimal("95.95"), "JPY", True,
    )  # fmt: skip
    assert Product.objects.get(slug="lotion-2").min_price_cny == Decimal("95.95")
    assert Brand.objects.filter(name="Sakura").count() == 1


def test_the_same_rows_in_xlsx_import_the_same_way(store, owner):
    job = run(store, owner, xlsx_bytes([row(1), row(2)]), name="catalog.xlsx")
    assert (job.status, job.file_format, job.created_count) == (ImportStatus.DONE, "xlsx", 2)


BAD_ROWS = [
    ({"hs_code": "33049900"}, "hs_code", "hs_code_format"),
    ({"hs_code": "33049900AB"}, "hs_code", "hs_code_format"),
    ({"origin_country": "XX"}, "origin_country", "origin_country_invalid"),
    ({"price": "0"}, "price", "price_invalid"),
    ({"price": "-3"}, "price", "price_invalid"),
    ({"price": "abc"}, "price", "price_invalid"),
    ({"currency": "EUR"}, "currency", "currency_mismatch"),
    ({"net_weight_kg": "0.5"}, "net_weight_kg", "net_weight_over_gross"),
    ({"legal_unit": "bucket"}, "legal_unit", "legal_unit_invalid"),
    ({"legal_quantity": "0"}, "legal_quantity", "legal_quantity_invalid"),
    ({"warehouse": "nowhere"}, "warehouse", "warehouse_unknown"),
    ({"category": "toys"}, "category", "category_unknown"),
    ({"fulfilment_mode": "teleport"}, "fulfilment_mode", "fulfilment_mode_invalid"),
    ({"sku": ""}, "sku", "required"),
    ({"barcode": "12AB"}, "barcode", "barcode_invalid"),
]


@pytest.mark.parametrize(
    ("overrides", "column", "code"), BAD_ROWS, ids=[f"{c}-{i}" for i, (_o, _col, c) in enumerate(BAD_ROWS)]
)
def test_a_bad_row_is_reported_with_row_column_and_code_and_nothing_is_imported(store, owner, overrides, column, code):
    job = run(store, owner, csv_bytes([row(1), row(2, **overrides), row(3)]))
    assert job.status == ImportStatus.REJECTED
    assert {"row": 3, "column": column, "code": code} in [
        {key: error[key] for key in ("row", "column", "code")} for error in job.errors
    ]
    assert job.rejected_count == 1
    assert not Offer.objects.exists() and not Variant.objects.exists() and not Product.objects.exists()


def test_import_the_valid_rows_mode_writes_the_good_rows_and_reports_the_bad_ones(store, owner):
    rows = [row(1), row(2, hs_code="123"), row(3), row(4, currency="USD", price="0")]
    job = run(store, owner, csv_bytes(rows), mode=ImportMode.VALID_ROWS)
    assert (job.status, job.created_count, job.rejected_count) == (ImportStatus.DONE, 2, 2)
    assert sorted(Variant.objects.values_list("sku", flat=True)) == ["SAK-00001", "SAK-00003"]
    assert {(e["row"], e["code"]) for e in job.errors} == {(3, "hs_code_format"), (5, "currency_mismatch"),
                                                          (5, "price_invalid")}  # fmt: skip


def test_a_sku_twice_in_the_file_is_rejected(store, owner):
    job = run(store, owner, csv_bytes([row(1), row(1)]))
    assert [(e["row"], e["code"]) for e in job.errors] == [(3, "duplicate_sku")]


def test_reimporting_updates_the_stores_own_variants_and_offers(store, owner):
    run(store, owner, csv_bytes([row(1)]))
    job = run(store, owner, csv_bytes([row(1, price="2500", product_name="Lotion renamed", is_active="0")]))
    assert (job.created_count, job.updated_count) == (0, 1)
    offer = Offer.objects.get()
    assert (offer.price, offer.is_active, offer.product.name) == (Decimal("2500"), False, "Lotion renamed")


def test_a_sku_another_store_offers_cannot_be_changed(store, owner):
    OfferFactory(variant=VariantFactory(sku="SAK-00001"))
    job = run(store, owner, csv_bytes([row(1)]))
    assert [(e["row"], e["column"], e["code"]) for e in job.errors] == [(2, "sku", "sku_taken")]


def test_a_store_that_is_not_approved_cannot_import_published_offers(store, owner):
    store.status = StoreStatus.PENDING
    store.save()
    job = run(store, owner, csv_bytes([row(1), row(2, is_active="0")]), mode=ImportMode.VALID_ROWS)
    assert [(e["row"], e["code"]) for e in job.errors] == [(2, "store_not_approved")]
    assert Offer.objects.get().is_active is False


def test_with_a_positive_list_in_force_cbec_rows_outside_it_are_rejected(store, owner):
    PositiveListEntry.objects.create(
        version="2026", effective_from=dt.date(2026, 1, 1), tariff_line="33049900", description="cosmetics"
    )
    rows = [row(1), row(2, hs_code="9503008900"), row(3, hs_code="9503008900", fulfilment_mode="general_trade")]
    job = run(store, owner, csv_bytes(rows), mode=ImportMode.VALID_ROWS)
    assert [(e["row"], e["code"]) for e in job.errors] == [(3, "hs_not_on_positive_list")]
    assert job.created_count == 2


def test_a_file_without_the_required_columns_is_rejected(store, owner):
    job = run(store, owner, csv_bytes([row(1)], columns=["sku", "price"]))
    assert job.status == ImportStatus.REJECTED
    assert job.errors[0]["code"] == "header_invalid"


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [("catalog.txt", b"sku\n", "file_format"), ("catalog.xlsx", b"not a zip", "file_format"),
     ("catalog.csv", b"", "file_empty")],
    ids=["extension", "xlsx-not-zip", "empty"],
)  # fmt: skip
def test_files_that_are_not_csv_or_xlsx_are_refused_before_a_job_exists(store, owner, name, content, code):
    with pytest.raises(DomainError) as caught:
        catalog_import.start_import(
            store=store, user=owner, upload=SimpleUploadedFile(name, content), mode=ImportMode.VALID_ROWS
        )
    assert caught.value.code == code
    assert not ImportJob.objects.exists()


def test_a_corrupt_xlsx_fails_the_job_with_a_reason(store, owner):
    job = run(store, owner, b"PK\x03\x04 broken zip", name="catalog.xlsx")
    assert job.status == ImportStatus.FAILED
    assert job.failure.startswith("unreadable file")


def test_export_writes_the_import_format_and_reimports_without_changes(store, owner, client):
    run(store, owner, csv_bytes([row(1), row(2)]))
    client.force_login(owner)
    for file_format in ("csv", "xlsx"):
        response = client.get(reverse("sellerportal:export", kwargs={"slug": store.slug}) + f"?format={file_format}")
        assert response.status_code == 200
        body = response.content
        if file_format == "xlsx":
            sheet = load_workbook(io.BytesIO(body)).active
            assert [cell.value for cell in sheet[1]] == list(LISTING_COLUMNS)
            assert sheet.max_row == 3
        else:
            lines = list(csv.DictReader(io.StringIO(body.decode())))
            assert [line["sku"] for line in lines] == ["SAK-00001", "SAK-00002"]
            assert lines[0]["price"] == "3000.00"
        job = run(store, owner, body, name=f"export.{file_format}")
        assert (job.status, job.created_count, job.updated_count) == (ImportStatus.DONE, 0, 2)


def test_uploading_in_the_portal_runs_the_task_and_the_status_endpoint_reports_progress(
    store, owner, client, django_capture_on_commit_callbacks
):
    client.force_login(owner)
    url = reverse("sellerportal:import", kwargs={"slug": store.slug})
    upload = SimpleUploadedFile("catalog.csv", csv_bytes([row(n) for n in range(1, 6)]))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"file": upload, "mode": "all_or_nothing"})
    assert response.status_code == 302
    job = ImportJob.objects.get()
    status = client.get(reverse("sellerportal:import_status", kwargs={"slug": store.slug, "job_id": job.pk})).json()
    assert status == {"status": "done", "percent": 100, "processed": 5, "total": 5, "finished": True, "rejected": 0}
    page = client.get(response["Location"])
    assert b"job-progress" in page.content


def test_the_job_page_lists_every_rejected_row(store, owner, client):
    job = run(store, owner, csv_bytes([row(1, hs_code="1"), row(2, origin_country="ZZ")]))
    client.force_login(owner)
    page = client.get(reverse("sellerportal:import_job", kwargs={"slug": store.slug, "job_id": job.pk}))
    assert b"hs_code_format" in page.content and b"origin_country_invalid" in page.content


def test_the_rejected_rows_report_downloads_as_csv(store, owner, client):
    job = run(store, owner, csv_bytes([row(1, hs_code="1"), row(2, price="0")]))
    client.force_login(owner)
    response = client.get(reverse("sellerportal:import_report", kwargs={"slug": store.slug, "job_id": job.pk}))
    lines = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(line["row"], line["column"], line["code"]) for line in lines] == [
        ("2", "hs_code", "hs_code_format"),
        ("3", "price", "price_invalid"),
    ]
