"""End to end in a browser: a merchant applies -> an operator approves -> the merchant imports a CSV -> the
offer is visible on the storefront."""

from decimal import Decimal

import pytest
from django.test import Client

from tests.factories import CategoryFactory, FxRateFactory, StaffFactory, UserFactory, WarehouseFactory
from tests.factories.marketplace import PDF_BYTES, application_data
from tests.sellerportal.test_catalog_import import csv_bytes, row

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _log_in(context, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])


def _fill_application(tab) -> None:
    data = application_data()
    tab.select_option("form:not([action]) select[name=kind]", data.pop("kind"))
    tab.select_option("select[name=country]", data.pop("country"))
    for name, value in data.items():
        tab.fill(f"form:not([action]) [name={name}]", value)


def _upload_document(tab, kind: str, **extra) -> None:
    form = tab.locator("form[action$='/documents/']")
    form.locator("select[name=kind]").select_option(kind)
    form.locator("input[name=file]").set_input_files(
        {"name": f"{kind}.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}
    )
    for name, value in extra.items():
        form.locator(f"[name={name}]").fill(value)
    form.locator("button").click()
    tab.wait_for_load_state()


def test_merchant_applies_operator_approves_merchant_imports_and_the_offer_is_on_the_storefront(
    live_server,
    browser,
    tmp_path,
    settings,
):
    settings.MEDIA_ROOT = tmp_path / "media"
    CategoryFactory(name="Beauty", slug="beauty")
    WarehouseFactory(code="osaka")
    FxRateFactory(base_id="JPY", quote_id="CNY", rate=Decimal("0.048"))
    merchant, operator = UserFactory(), StaffFactory()

    merchant_context = browser.new_context(locale="en-US")
    merchant_context.set_default_timeout(15_000)
    _log_in(merchant_context, live_server, merchant)
    merchant_page = merchant_context.new_page()
    merchant_page.goto(live_server.url + "/seller/apply/")
    _fill_application(merchant_page)
    merchant_page.locator("form:not([action]) button").click()
    merchant_page.wait_for_url("**/seller/apply/*/")
    _upload_document(merchant_page, "business_registration", expires_on="2030-01-31")
    _upload_document(merchant_page, "brand_authorisation", brand_name="Sakura", grantor="Sakura Holdings")
    merchant_page.click("#submit-application")
    assert "Submitted for review" in merchant_page.locator("h1").inner_text()
    application_url = merchant_page.url

    operator_context = browser.new_context(locale="en-US")
    _log_in(operator_context, live_server, operator)
    operator_page = operator_context.new_page()
    operator_page.goto(live_server.url + "/seller/review/")
    operator_page.get_by_role("link", name="Sakura Cosmetics").click()
    operator_page.select_option("select[name=decision]", "approve")
    operator_page.fill("input[name=security_deposit]", "100000")
    operator_page.get_by_role("button", name="Record decision").click()
    assert "Approved" in operator_page.locator("h1").inner_text()
    operator_context.close()

    merchant_page.goto(application_url)
    merchant_page.get_by_role("link", name="Open your store's portal").click()
    merchant_page.get_by_role("link", name="Import", exact=True).click()
    merchant_page.locator("input[name=file]").set_input_files(
        {"name": "catalog.csv", "mimeType": "text/csv", "buffer": csv_bytes([row(1), row(2, price="4500")])}
    )
    merchant_page.select_option("select[name=mode]", "all_or_nothing")
    merchant_page.get_by_role("button", name="Upload").click()
    merchant_page.wait_for_url("**/import/*/")
    assert merchant_page.locator("#job-status").inner_text() == "Done"
    assert merchant_page.locator("#job-progress").get_attribute("value") == "100"
    merchant_context.close()

    buyer_context = browser.new_context(locale="en-US")
    buyer_page = buyer_context.new_page()
    buyer_page.goto(live_server.url + "/products/lotion-2/")
    assert "Lotion 2" in buyer_page.locator("h1").inner_text()
    assert "Sakura Cosmetics" in buyer_page.content()
    buyer_context.close()
