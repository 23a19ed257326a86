"""``POST /api/v1/duties/quote``: every shared vector, the buyer's ledger, and bad input as 4xx codes."""

from decimal import Decimal

import pytest

from xborder.duties.services import reserve_quota

from .cases import load_cases

pytestmark = pytest.mark.usefixtures("shipped_tables")


def expected_view(body: dict, expect: dict) -> dict:
    """The response reduced to what a vector's ``expect`` names (violations as codes)."""
    view = {key: body[key] for key in expect if key not in ("violations", "lines")}
    view["violations"] = [violation["code"] for violation in body["violations"]]
    view["lines"] = [
        {field: line[field] for field in wanted} for line, wanted in zip(body["lines"], expect["lines"], strict=True)
    ]
    return view


@pytest.mark.parametrize("case", load_cases())
def test_vector_through_the_api(post_quote, case):
    status, body = post_quote(case["request"])

    assert status == 200, body
    assert expected_view(body, case["expect"]) == case["expect"]
    if "annual_used_after" not in case["expect"]:
        assert body["annual_used_after"] is None


def test_the_response_carries_every_documented_field(post_quote):
    status, body = post_quote(
        {"regime": "china_cbec", "lines": [{"unit_price": "10.00", "quantity": 1, "rates": {"vat": "0.13"}}]}
    )

    assert status == 200
    assert set(body) == {
        "regime", "treatment", "currency", "dutiable_value", "tariff", "consumption_tax", "vat", "total_tax",
        "assessed_tax", "annual_used_after", "lines", "violations",
    }  # fmt: skip
    assert body["currency"] == "CNY"


def test_a_watch_from_the_table_pays_consumption_tax_at_10000(post_quote):
    status, body = post_quote(
        {"regime": "china_cbec", "lines": [{"unit_price": "10000.00", "quantity": 1, "hs_code": "9102110000"}]}
    )

    assert status == 200
    assert (body["treatment"], body["tariff"], body["consumption_tax"], body["vat"]) == (
        "cbec_full_tax",
        "1000.00",
        "2750.00",
        "1787.50",
    )


def test_a_line_off_the_positive_list_is_a_violation(post_quote):
    status, body = post_quote(
        {
            "regime": "china_cbec",
            "lines": [{"unit_price": "10.00", "quantity": 1, "hs_code": "9307009000", "rates": {"vat": "0.13"}}],
        }
    )

    assert status == 200
    assert [v["code"] for v in body["violations"]] == ["not_on_positive_list"]


def test_without_buyer_the_signed_in_buyers_ledger_is_used(post_quote, buyer):
    from tests.factories import IdentityFactory

    identity = IdentityFactory(user=buyer)
    reserve_quota(id_hash=identity.id_hash, package_ref="PKG-1", amount=Decimal("25900.00"))

    status, body = post_quote(
        {"regime": "china_cbec", "lines": [{"unit_price": "200.00", "quantity": 1, "rates": {"vat": "0.13"}}]},
        user=buyer,
    )

    assert status == 200
    assert [v["code"] for v in body["violations"]] == ["over_annual_limit"]


def test_a_bearer_tokens_owner_gets_their_own_ledger(post_quote, buyer):
    from tests.factories import IdentityFactory
    from xborder.accounts.services import issue_api_token

    identity = IdentityFactory(user=buyer)
    reserve_quota(id_hash=identity.id_hash, package_ref="PKG-2", amount=Decimal("25900.00"))
    _, token = issue_api_token(user=buyer, name="quotes")

    status, body = post_quote(
        {"regime": "china_cbec", "lines": [{"unit_price": "200.00", "quantity": 1, "rates": {"vat": "0.13"}}]},
        headers={"Authorization": f"Bearer {token}"},
    )

    assert status == 200
    assert [v["code"] for v in body["violations"]] == ["over_annual_limit"]


def test_a_wrong_bearer_token_is_refused(post_quote):
    status, body = post_quote(
        {"regime": "china_cbec", "lines": [{"unit_price": "200.00", "quantity": 1, "rates": {"vat": "0.13"}}]},
        headers={"Authorization": "Bearer xb_wrong"},
    )

    assert (status, body["code"]) == (401, "not_authenticated")


def test_an_anonymous_quote_starts_from_zero_use(post_quote):
    status, body = post_quote(
        {"regime": "china_cbec", "lines": [{"unit_price": "200.00", "quantity": 1, "rates": {"vat": "0.13"}}]}
    )

    assert (status, body["annual_used_after"]) == (200, "200.00")


def test_amounts_in_another_currency_are_converted(post_quote):
    from tests.factories import FxRateFactory

    FxRateFactory(base_id="USD", quote_id="CNY", rate=Decimal("7.1000"))

    status, body = post_quote(
        {
            "regime": "china_cbec",
            "currency": "USD",
            "lines": [{"unit_price": "100.00", "quantity": 1, "rates": {"vat": "0.13"}}],
        }
    )

    assert status == 200
    assert (body["currency"], body["dutiable_value"], body["total_tax"]) == ("CNY", "710.00", "64.61")


LINE = {"unit_price": "10.00", "quantity": 1, "rates": {"vat": "0.13"}}


@pytest.mark.parametrize(
    ("change", "status", "code"),
    [
        pytest.param({"regime": "mars"}, 400, "unknown_regime", id="unknown_regime"),
        pytest.param({"currency": "XYZ"}, 400, "unknown_currency", id="unknown_currency"),
        pytest.param({"lines": []}, 400, "empty_lines", id="empty_lines"),
        pytest.param({"freight": "-1.00"}, 400, "invalid_amount", id="negative_freight"),
        pytest.param({"freight": "ten"}, 422, "invalid_input", id="non_numeric_freight"),
        pytest.param({"lines": [LINE | {"unit_price": "-5"}]}, 400, "invalid_amount", id="negative_price"),
        pytest.param({"lines": [LINE | {"unit_price": "abc"}]}, 422, "invalid_input", id="non_numeric_price"),
        pytest.param({"lines": [LINE | {"quantity": 0}]}, 400, "invalid_quantity", id="quantity_0"),
        pytest.param({"lines": [LINE | {"quantity": 1.5}]}, 422, "invalid_input", id="fractional_quantity"),
        pytest.param({"lines": [LINE | {"hs_code": "3304.99"}]}, 400, "invalid_hs_code", id="malformed_hs_code"),
        pytest.param(
            {"lines": [{"unit_price": "1", "quantity": 1, "hs_code": "0101010101"}]},
            400,
            "hs_code_not_found",
            id="hs_code_not_in_table",
        ),
        pytest.param({"lines": [{"unit_price": "1", "quantity": 1}]}, 400, "missing_rate", id="no_rates"),
        pytest.param({"lines": [LINE | {"rates": {"vat": "13"}}]}, 400, "invalid_rate", id="rate_1300_percent"),
        pytest.param({"buyer": {"annual_used": "-1"}}, 400, "invalid_amount", id="negative_annual_used"),
        pytest.param({"regime": "eu_ioss", "destination_country": "US"}, 400, "unknown_country", id="eu_to_us"),
        pytest.param({"regime": None}, 422, "invalid_input", id="missing_regime"),
    ],
)
def test_bad_input_gets_a_4xx_with_a_stable_code(post_quote, change, status, code):
    request = {"regime": "china_cbec", "lines": [LINE]} | change

    got_status, body = post_quote(request)

    assert (got_status, body["code"]) == (status, code)
    assert set(body) == {"code", "message", "fields"}
