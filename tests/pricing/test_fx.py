"""FX rates: dated, direct / inverse / crossed through EUR, imported from CSV or ECB XML, applied to prices."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from tests.factories import FxRateFactory, OfferFactory, StoreFactory
from xborder.catalog.services import refresh_display_prices
from xborder.pricing.errors import PricingError
from xborder.pricing.models import FxRate
from xborder.pricing.selectors import rate_for, rate_from, rates_in_force

ECB_XML = b"""<?xml version="1.0" encoding="UTF-8"?>
<gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">
  <gesmes:subject>Reference rates</gesmes:subject>
  <Cube><Cube time="2026-11-27">
    <Cube currency="USD" rate="1.0512"/><Cube currency="JPY" rate="161.20"/><Cube currency="CNY" rate="7.6104"/>
  </Cube></Cube>
</gesmes:Envelope>"""


@pytest.mark.django_db
def test_the_newest_rate_in_force_applies_and_future_rates_do_not():
    now = timezone.now()
    FxRateFactory(rate=Decimal("7.0"), valid_from=now - dt.timedelta(days=3))
    FxRateFactory(rate=Decimal("7.2"), valid_from=now - dt.timedelta(days=1))
    FxRateFactory(rate=Decimal("9.9"), valid_from=now + dt.timedelta(days=1))
    assert rate_for("USD", "CNY") == Decimal("7.2")
    assert rate_for("USD", "CNY", now - dt.timedelta(days=2)) == Decimal("7.0")


@pytest.mark.django_db
def test_inverse_and_cross_rates_are_derived():
    FxRateFactory(base_id="EUR", quote_id="CNY", rate=Decimal("7.6"))
    FxRateFactory(base_id="EUR", quote_id="JPY", rate=Decimal("160"))
    assert rate_for("CNY", "EUR") == Decimal("0.1315789474")
    assert rate_for("JPY", "CNY") == Decimal("0.0475000000")


@pytest.mark.django_db
def test_rates_of_some_currencies_keep_the_cross_rates_they_need_and_nothing_else():
    FxRateFactory(base_id="EUR", quote_id="CNY", rate=Decimal("7.6"))
    FxRateFactory(base_id="EUR", quote_id="JPY", rate=Decimal("160"))
    FxRateFactory(base_id="USD", quote_id="CNY", rate=Decimal("7.2"))

    table = rates_in_force(currencies={"JPY", "CNY"})

    assert set(table) == {("EUR", "CNY"), ("EUR", "JPY")}
    assert rate_from(table, "JPY", "CNY") == rate_for("JPY", "CNY") == Decimal("0.0475000000")


@pytest.mark.django_db
def test_a_missing_rate_is_a_clear_error():
    with pytest.raises(PricingError) as error:
        rate_for("KRW", "CNY")
    assert error.value.code == "no_fx_rate"


@pytest.mark.django_db
def test_import_ecb_xml_then_prices_show_in_cny(tmp_path):
    offer = OfferFactory(store=StoreFactory(currency_id="JPY"), price=Decimal("3000"))
    path = tmp_path / "eurofxref.xml"
    path.write_bytes(ECB_XML)
    call_command("import_fx_rates", str(path), verbosity=0)
    assert FxRate.objects.filter(source="ecb").count() == 3
    offer.refresh_from_db()
    # 3000 JPY x (7.6104 / 161.20) = 141.6327... -> 141.63
    assert offer.price_cny == Decimal("141.63")
    assert offer.product.__class__.objects.get(pk=offer.product_id).min_price_cny == Decimal("141.63")


@pytest.mark.django_db
def test_import_csv_is_idempotent(tmp_path):
    path = tmp_path / "rates.csv"
    path.write_text("base,quote,rate,valid_from\nUSD,CNY,7.1234,2026-11-27\nKRW,CNY,0.0051,2026-11-27\n")
    call_command("import_fx_rates", str(path), verbosity=0)
    call_command("import_fx_rates", str(path), verbosity=0)
    assert FxRate.objects.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "code"),
    [
        ("base,quote,rate,valid_from\nUSD,CNY,abc,2026-11-27\n", "fx_file_invalid"),
        ("base,quote,rate,valid_from\nUSD,CNY,-1,2026-11-27\n", "fx_rate_invalid"),
        ("base,quote,rate,valid_from\nUSD,CNY,7.1,2026-11-27\nXYZ,CNY,1,2026-11-27\n", "unknown_currency"),
        ("currency,rate\nUSD,7\n", "fx_file_invalid"),
        ("<not xml", "fx_file_invalid"),
    ],
    ids=["not-a-number", "negative", "unknown-currency-whole-file-refused", "wrong-columns", "bad-xml"],
)
def test_bad_files_are_refused_and_nothing_is_recorded(tmp_path, content, code):
    path = tmp_path / "rates.txt"
    path.write_text(content)
    with pytest.raises(CommandError, match=code):
        call_command("import_fx_rates", str(path), verbosity=0)
    assert not FxRate.objects.exists()


@pytest.mark.django_db
def test_cny_offers_keep_their_price_and_cheapest_offer_sets_the_product_price():
    store = StoreFactory(currency_id="CNY", country="CN", kind="self_operated")
    cheap = OfferFactory(store=store, price=Decimal("199.00"))
    OfferFactory(store=store, variant__product=cheap.product, price=Decimal("250.00"))
    refresh_display_prices()
    cheap.product.refresh_from_db()
    assert cheap.product.min_price_cny == Decimal("199.00")
