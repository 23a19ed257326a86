"""FX API: rates in force at a moment, conversion with decimal strings rounded half-up to the minor unit."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.factories import FxRateFactory

RATES = "/api/v1/fx/rates"
CONVERT = "/api/v1/fx/convert"


@pytest.fixture
def usd_history(db):
    now = timezone.now()
    FxRateFactory(rate=Decimal("7.0"), valid_from=now - dt.timedelta(days=10))
    FxRateFactory(rate=Decimal("7.2"), valid_from=now - dt.timedelta(days=1))
    FxRateFactory(rate=Decimal("9.9"), valid_from=now + dt.timedelta(days=1))
    return now


@pytest.mark.django_db
def test_rates_in_force_now(api_client, usd_history):
    body = api_client.get(RATES).json()
    assert [(r["base"], r["quote"], r["rate"]) for r in body["rates"]] == [("USD", "CNY", "7.2000000000")]


@pytest.mark.django_db
def test_rates_in_force_at_a_past_moment(api_client, usd_history):
    at = (usd_history - dt.timedelta(days=5)).isoformat()
    body = api_client.get(RATES, {"at": at}).json()
    assert [r["rate"] for r in body["rates"]] == ["7.0000000000"]


@pytest.mark.django_db
def test_a_naive_moment_is_read_in_the_platform_time_zone(api_client, usd_history):
    body = api_client.get(RATES, {"at": "2020-01-01T00:00:00"}).json()
    assert body["at"].startswith("2020-01-01T00:00:00+08:00") and body["rates"] == []


@pytest.mark.django_db
@pytest.mark.parametrize("at", ["yesterday", "2026-13-01", "2026-02-30T10:00", "1e10"], ids=str)
def test_an_invalid_moment_is_invalid_input(api_client, at):
    response = api_client.get(RATES, {"at": at})
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"
    assert set(response.json()["fields"]) == {"at"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "at",
    ["0001-01-01T00:00:00", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00", "1969-12-31T00:00:00Z"],
    ids=["year-1", "year-1-east", "year-9999-west", "before-1970"],
)
@pytest.mark.parametrize(
    ("url", "params"), [(RATES, {}), (CONVERT, {"amount": "1", "from": "USD", "to": "CNY"})], ids=["rates", "convert"]
)
def test_moments_the_database_cannot_hold_are_out_of_range(api_client, usd_history, url, params, at):
    response = api_client.get(url, {**params, "at": at})
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"
    assert response.json()["fields"] == {"at": "out_of_range"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("amount", "source", "target", "rate", "result"),
    [
        ("100", "USD", "CNY", "7.2", "720.00"),
        ("0.23", "EUR", "CNY", "1.5", "0.35"),  # 0.345: half-up, not half-even (0.34)
        ("10.5", "CNY", "JPY", "21", "221"),  # 220.5 -> 221 yen, no minor unit
        ("0.01", "CNY", "USD", None, "0.00"),
    ],
    ids=["simple", "half-up-cents", "half-up-yen", "inverse-rate"],
)
def test_conversion_rounds_half_up_to_the_target_minor_unit(api_client, amount, source, target, rate, result):
    if rate:
        FxRateFactory(base_id=source, quote_id=target, rate=Decimal(rate))
    else:
        FxRateFactory(base_id="USD", quote_id="CNY", rate=Decimal("7.2"))
    body = api_client.get(CONVERT, {"amount": amount, "from": source, "to": target}).json()
    assert body["result"] == result
    assert body["amount"] == amount and isinstance(body["rate"], str)


@pytest.mark.django_db
def test_currencies_may_be_lower_case(api_client):
    FxRateFactory(rate=Decimal("7.2"))
    body = api_client.get(CONVERT, {"amount": "1", "from": "usd", "to": "cny"}).json()
    assert (body["from_currency"], body["to_currency"], body["result"]) == ("USD", "CNY", "7.20")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "status", "code"),
    [
        ({"amount": "1", "from": "XXX", "to": "CNY"}, 400, "unknown_currency"),
        ({"amount": "1", "from": "USD", "to": "ZZZ"}, 400, "unknown_currency"),
        ({"amount": "1", "from": "KRW", "to": "CNY"}, 409, "no_fx_rate"),
        ({"amount": "1", "from": "US", "to": "CNY"}, 422, "invalid_input"),
        ({"amount": "1", "from": "US1", "to": "CNY"}, 422, "invalid_input"),
        ({"amount": "ten", "from": "USD", "to": "CNY"}, 422, "invalid_input"),
        ({"amount": "-1", "from": "USD", "to": "CNY"}, 422, "invalid_input"),
        ({"amount": "NaN", "from": "USD", "to": "CNY"}, 422, "invalid_input"),
        ({"amount": "Infinity", "from": "USD", "to": "CNY"}, 422, "invalid_input"),
        ({"amount": "1e100000", "from": "USD", "to": "CNY"}, 422, "invalid_input"),
        ({"amount": "1.123456", "from": "USD", "to": "CNY"}, 422, "invalid_input"),
        ({"from": "USD", "to": "CNY"}, 422, "invalid_input"),
        ({"amount": "1", "from": "USD", "to": "CNY", "at": "not-a-date"}, 422, "invalid_input"),
    ],
    ids=[
        "unknown-from",
        "unknown-to",
        "no-rate",
        "two-letters",
        "digit-in-code",
        "amount-text",
        "negative",
        "nan",
        "infinity",
        "huge-exponent",
        "too-many-decimals",
        "amount-missing",
        "bad-at",
    ],
)
def test_bad_conversions_are_4xx_with_a_stable_code(api_client, params, status, code):
    FxRateFactory(rate=Decimal("7.2"))
    response = api_client.get(CONVERT, params)
    assert response.status_code == status
    assert response.json()["code"] == code


@pytest.mark.django_db
def test_conversion_uses_the_rate_in_force_at_the_given_moment(api_client, usd_history):
    at = (usd_history - dt.timedelta(days=5)).isoformat()
    body = api_client.get(CONVERT, {"amount": "10", "from": "USD", "to": "CNY", "at": at}).json()
    assert body["result"] == "70.00"
