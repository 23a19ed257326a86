"""Seller statements (HTML, CSV; the old address redirects to the portal's page) and operator reports of tax withheld
and commission earned."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import StaffFactory, StoreMemberFactory, UserFactory
from tests.settlement.conftest import T0
from xborder.sellers.models import StoreRole
from xborder.settlement import selectors, services
from xborder.settlement.models import AccountCode as A

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def history(m2c_store, cny_to_jpy):
    services.record_buyer_payment(store=m2c_store, order_reference="O1", goods="300.00", freight="20.00",
                                  tax="27.30", occurred_at=T0)  # fmt: skip
    services.record_buyer_payment(store=m2c_store, order_reference="O2", goods="100.00", tax="9.10",
                                  occurred_at=T0 + dt.timedelta(hours=1))  # fmt: skip
    services.record_refund(store=m2c_store, order_reference="O2", refund_reference="RF1", goods="100.00",
                           tax="9.10", occurred_at=T0 + dt.timedelta(days=1))  # fmt: skip
    services.hold_until_return_window(store=m2c_store, order_reference="O1", delivered_at=T0 + dt.timedelta(days=2))
    services.release_due_payables(now=T0 + dt.timedelta(days=9))
    services.run_payouts(at=T0 + dt.timedelta(days=10))
    return m2c_store


def test_the_statement_runs_balances_entry_by_entry(history):
    statement = selectors.seller_statement(
        store=history, start=T0 - dt.timedelta(days=1), end=T0 + dt.timedelta(days=30)
    )

    assert [(r.kind, r.pending, r.available) for r in statement.rows] == [
        ("buyer_payment", D("305.00"), D("0")),
        ("buyer_payment", D("400.00"), D("0")),
        ("refund", D("305.00"), D("0")),
        ("release", D("0"), D("305.00")),
        ("payout", D("0"), D("0")),
    ]
    assert statement.payouts[0].amount == D("6253")


def test_the_statement_opens_with_the_balance_before_the_period(history):
    statement = selectors.seller_statement(
        store=history, start=T0 + dt.timedelta(days=5), end=T0 + dt.timedelta(days=30)
    )

    assert (statement.opening_pending, statement.opening_available) == (D("305.00"), D("0"))
    assert [r.kind for r in statement.rows] == ["release", "payout"]


def test_the_statement_is_a_fixed_number_of_queries(history, django_assert_num_queries):
    with django_assert_num_queries(3):
        selectors.seller_statement(store=history, start=T0 - dt.timedelta(days=1), end=T0 + dt.timedelta(days=30))


def statement_url(store, **params):
    query = "&".join(f"{k}={v}" for k, v in {"start": "2026-03-01", "end": "2026-03-31", **params}.items())
    return reverse("settlement:statement", args=[store.slug]) + "?" + query


def test_the_old_statement_address_redirects_to_the_portal_statement_with_its_period(client, history):
    client.force_login(UserFactory())

    response = client.get(statement_url(history, format="csv"))

    portal = reverse("sellerportal:statement", kwargs={"slug": history.slug})
    assert (response.status_code, response["Location"]) == (
        302, f"{portal}?start=2026-03-01&end=2026-03-31&format=csv"
    )  # fmt: skip


def test_the_finance_member_sees_the_statement_page(client, history):
    member = StoreMemberFactory(store=history, role=StoreRole.FINANCE)
    client.force_login(member.user)

    response = client.get(statement_url(history), follow=True)

    assert response.status_code == 200
    assert b"6253 JPY" in response.content and b"20.5" in response.content


def test_the_statement_downloads_as_csv(client, history):
    client.force_login(StaffFactory())

    response = client.get(statement_url(history, format="csv"), follow=True)

    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert response["Content-Type"].startswith("text/csv")
    assert [row["kind"] for row in rows] == ["opening", "buyer_payment", "buyer_payment", "refund", "release", "payout"]
    assert rows[-1]["available"] == "0.00"


@pytest.mark.parametrize(
    ("who", "status"),
    [pytest.param("stranger", 404, id="another-user"), pytest.param("staff-member", 403, id="store-staff-role")],
)
def test_only_owner_manager_finance_or_operators_see_a_statement(client, history, who, status):
    user = UserFactory() if who == "stranger" else StoreMemberFactory(store=history, role=StoreRole.STAFF).user
    client.force_login(user)

    assert client.get(statement_url(history), follow=True).status_code == status


def test_a_bad_period_is_a_400_with_a_code(client, history):
    client.force_login(StaffFactory())

    response = client.get(statement_url(history, start="2026-13-01"), follow=True)

    assert response.status_code == 400 and b'data-code="period_invalid"' in response.content


def test_the_tax_report_shows_withheld_released_and_remitted(client, history):
    services.remit_tax(reference="TAX-2026-03", tax="20.00", occurred_at=T0 + dt.timedelta(days=20))

    rows = selectors.tax_withheld_report(start=T0 - dt.timedelta(days=1), end=T0 + dt.timedelta(days=25))

    assert [(r.withheld, r.released, r.remitted, r.net) for r in rows] == [
        (D("36.40"), D("9.10"), D("20.00"), D("7.30"))
    ]


def test_the_commission_report_nets_reversals(history):
    rows = selectors.commission_report(start=T0 - dt.timedelta(days=1), end=T0 + dt.timedelta(days=25))

    assert [(r.store_name, r.commission) for r in rows] == [(history.name, D("15.00"))]


@pytest.mark.parametrize("name", ["settlement:tax_report", "settlement:commission_report"])
def test_operator_reports_are_for_staff_only(client, history, name):
    client.force_login(UserFactory())
    assert client.get(reverse(name)).status_code == 403

    client.force_login(StaffFactory())
    page = client.get(reverse(name) + "?start=2026-03-01&end=2026-03-31")
    download = client.get(reverse(name) + "?start=2026-03-01&end=2026-03-31&format=csv")
    assert page.status_code == 200 and download.status_code == 200
    assert len(download.content.decode().strip().splitlines()) == 2


def test_operators_run_and_settle_payouts_from_their_page(client, m2c_store, cny_to_jpy):
    services.record_buyer_payment(store=m2c_store, order_reference="O9", goods="100.00", occurred_at=T0)
    services.hold_until_return_window(store=m2c_store, order_reference="O9", delivered_at=T0)
    client.force_login(StaffFactory())

    client.post(reverse("settlement:run_payouts"))
    payout = m2c_store.payouts.get()
    page = client.get(reverse("settlement:payouts")).content.decode()
    client.post(reverse("settlement:settle_payout", args=[payout.reference]), {"settled_home_amount": "95.20"})

    payout.refresh_from_db()
    assert payout.reference in page and payout.paid in page
    assert (payout.status, payout.settled_home_amount) == ("settled", D("95.20"))
    assert selectors.balance(A.FX_DIFFERENCE, currency="CNY") == D("0.20")


def test_payout_pages_are_for_operators(client):
    client.force_login(UserFactory())

    assert client.get(reverse("settlement:payouts")).status_code == 403
    assert client.post(reverse("settlement:run_payouts")).status_code == 403
