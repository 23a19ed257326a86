"""The API of returns, tracking and settlement: the same rules and codes as the services, through HTTP."""

import base64
import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.factories import StaffFactory, UserFactory
from tests.factories.fulfilment import delivered_cbec_package
from tests.returns.conftest import PNG
from xborder.accounts.services import issue_api_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def package(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    now = timezone.now()
    return delivered_cbec_package(released_at=now - dt.timedelta(days=5), delivered_at=now - dt.timedelta(days=3))


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {issue_api_token(user=user, name='test')[1]}"}


def test_the_buyer_returns_with_a_photo_and_an_operator_refunds_through_the_api(client, package):
    buyer, staff = bearer(package.order.buyer), bearer(StaffFactory())
    line = package.lines.order_by("pk").last()
    photo = {"name": "crack.png", "content_base64": base64.b64encode(PNG).decode()}
    body = {"package": package.number, "lines": [{"line_id": line.pk, "quantity": 1}], "reason": "damaged",
            "photos": [photo]}  # fmt: skip

    created = client.post("/api/v1/returns", body, content_type="application/json", **buyer)
    number = created.json()["number"]
    client.post(f"/api/v1/returns/{number}/sent-back", {"carrier": "SF", "tracking_number": "SF0000001"},
                content_type="application/json", **buyer)  # fmt: skip
    assert client.post(f"/api/v1/returns/{number}/receive", **buyer).status_code == 403
    client.post(f"/api/v1/returns/{number}/receive", **staff)
    refunded = client.post(f"/api/v1/returns/{number}/inspect", {"accepted": None}, content_type="application/json",
                           **staff)  # fmt: skip

    assert created.status_code == 201 and created.json()["destination"] == "bonded_warehouse"
    assert refunded.status_code == 200
    assert refunded.json()["status"] == "refunded" and refunded.json()["tax_not_levied"] is True
    assert Decimal(refunded.json()["goods_refund"]) == Decimal("100.00")


@pytest.mark.parametrize(
    ("change", "status", "code"),
    [
        pytest.param({"reason": "defective"}, 400, "photos_required", id="defect-without-photo"),
        pytest.param({"lines": []}, 400, "no_lines", id="no-lines"),
        pytest.param({"package": "PK-NOT-MINE"}, 404, "not_found", id="unknown-package"),
        pytest.param({"lines": [{"line_id": 1, "quantity": 0}]}, 422, "invalid_input", id="zero-units"),
        pytest.param(
            {"photos": [{"name": "a.png", "content_base64": "!!"}], "reason": "damaged"},
            400,
            "photo_invalid",
            id="bad-base64",
        ),
    ],
)
def test_bad_requests_get_their_code(client, package, change, status, code):
    line = package.lines.first()
    body = {"package": package.number, "lines": [{"line_id": line.pk, "quantity": 1}], "reason": "changed_mind"}

    response = client.post("/api/v1/returns", {**body, **change}, content_type="application/json",
                           **bearer(package.order.buyer))  # fmt: skip

    assert response.status_code == status and response.json()["code"] == code


def test_another_buyers_return_is_404(client, package):
    line = package.lines.first()
    body = {"package": package.number, "lines": [{"line_id": line.pk, "quantity": 1}], "reason": "changed_mind"}
    number = client.post("/api/v1/returns", body, content_type="application/json",
                         **bearer(package.order.buyer)).json()["number"]  # fmt: skip

    assert client.get(f"/api/v1/returns/{number}", **bearer(UserFactory())).status_code == 404


def test_the_buyer_reads_the_tracking_of_their_order_and_no_one_else_can(client, package):
    url = f"/api/v1/logistics/orders/{package.order.number}/tracking"

    mine = client.get(url, **bearer(package.order.buyer))

    assert mine.status_code == 200
    assert [item["code"] for item in mine.json()["timeline"]] == ["cleared", "delivered"]
    assert client.get(url, **bearer(UserFactory())).status_code == 404


def test_operators_read_statements_and_reports_others_are_refused(client, package):
    start = (timezone.localdate() - dt.timedelta(days=10)).isoformat()
    end = timezone.localdate().isoformat()
    slug = package.order.store.slug
    staff = bearer(StaffFactory())

    statement = client.get(f"/api/v1/settlement/stores/{slug}/statement?start={start}&end={end}", **staff)
    tax = client.get(f"/api/v1/settlement/reports/tax?start={start}&end={end}", **staff)

    assert statement.status_code == 200 and Decimal(statement.json()["closing_pending"]) == Decimal("295.00")
    assert Decimal(tax.json()[0]["withheld"]) == Decimal("28.21")
    stranger = bearer(UserFactory())  # no tie to the store: 404, as in the portal
    assert (
        client.get(f"/api/v1/settlement/stores/{slug}/statement?start={start}&end={end}", **stranger).json()["code"]
        == "not_found"
    )
    assert client.get(f"/api/v1/settlement/reports/commission?start={start}&end={end}", **stranger).status_code == 403
