"""Pages and endpoints of the pipeline: the receipt push endpoint (token, idempotence, bad XML), the operator
desk (staff only, filters, fixed query count), resend after correction, the buyer's clearance API and include."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from tests.factories.accounts import StaffFactory
from tests.factories.customs import paid_package
from xborder.core.outbox import deliver_due
from xborder.customs.gateway import InProcessGateway, receipt_push_token, use_gateway
from xborder.customs.messages import OrderReceipt, build_receipt, new_guid
from xborder.customs.models import Clearance, Receipt
from xborder.customs.services import declare_package, poll_receipts
from xborder.customs.simulator import CustomsSimulator, SimulatorConfig
from xborder.orders.models import CustomsMode, Package

pytestmark = pytest.mark.django_db
PUSH = "/customs/receipts/push/"


@pytest.fixture
def simulator():
    simulator = CustomsSimulator(SimulatorConfig())
    with use_gateway(InProcessGateway(simulator)):
        yield simulator


@pytest.fixture
def staff_client(client):
    client.force_login(StaffFactory())
    return client


def declared(**package):
    declaration = declare_package(package=paid_package(**package))
    deliver_due()
    return declaration


def push(client, xml: bytes, token: str | None = None):
    return client.post(
        PUSH, data=xml, content_type="application/xml", headers={"X-Customs-Token": token or receipt_push_token()}
    )


def test_pushed_receipts_are_recorded_once_and_release_the_package(client, simulator):
    declaration = declared()
    receipts = simulator.receipts()

    first = [push(client, receipt.xml).json()["recorded"] for receipt in receipts]
    again = [push(client, receipt.xml).json()["recorded"] for receipt in receipts]

    assert first == [True] * len(receipts) and again == [False] * len(receipts)
    assert Receipt.objects.filter(source="push").count() == len(receipts)
    declaration.refresh_from_db()
    assert declaration.clearance == Clearance.RELEASED


def test_the_token_may_come_in_the_callback_url(client, simulator):
    declared()
    response = client.post(
        f"{PUSH}?token={receipt_push_token()}", data=simulator.receipts()[0].xml, content_type="application/xml"
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("token", "body", "status", "code"),
    [
        pytest.param("wrong", b"<x/>", 403, "receipt_token_invalid", id="wrong-token"),
        pytest.param(None, b"<not-xml", 400, "xml_malformed", id="malformed"),
        pytest.param(None, b"<a xmlns='urn:x'/>", 400, "xml_wrong_root", id="foreign-root"),
    ],
)
def test_a_bad_push_is_refused_with_a_stable_code_and_nothing_is_written(client, token, body, status, code):
    response = push(client, body, token=token)

    assert (response.status_code, response.json()["code"]) == (status, code)
    assert not Receipt.objects.exists()


def test_the_desk_is_for_operators_only(buyer_client):
    assert buyer_client.get(reverse("customs:desk")).status_code == 404


def test_the_desk_lists_declarations_by_clearance_with_a_fixed_number_of_queries(
    staff_client, simulator, django_assert_max_num_queries
):
    declared()
    declared(mode=CustomsMode.DIRECT_MAIL)  # blocked: no flight yet
    poll_receipts()
    for _ in range(3):
        declared()

    with django_assert_max_num_queries(12):
        page = staff_client.get(reverse("customs:desk"))
    blocked = staff_client.get(reverse("customs:desk"), {"clearance": "blocked"})

    assert page.content.decode().count('data-testid="declaration-row"') == 5
    assert blocked.content.decode().count('data-testid="declaration-row"') == 1
    assert (
        "direct_mail_field_missing"
        in staff_client.get(reverse("customs:declaration", args=[blocked.context["page"][0].pk])).content.decode()
    )


def test_the_stuck_filter_shows_declarations_waiting_longer_than_asked(staff_client, simulator):
    declare_package(package=paid_package())

    assert staff_client.get(reverse("customs:desk"), {"stuck": "0"}).context["page"].paginator.count == 1
    assert staff_client.get(reverse("customs:desk"), {"stuck": "60"}).context["page"].paginator.count == 0


def test_an_operator_resends_a_blocked_direct_mail_package_with_its_flight(staff_client, simulator):
    declaration = declare_package(package=paid_package(mode=CustomsMode.DIRECT_MAIL))

    response = staff_client.post(
        reverse("customs:redeclare", args=[declaration.pk]),
        {"traf_no": "MU5088", "voyage_no": "20260301", "bill_no": "78112345678"},
    )

    assert response.status_code == 302
    declaration.refresh_from_db()
    assert declaration.clearance == Clearance.PENDING
    assert declaration.messages.count() == 4
    assert declaration.timeline.last().actor is not None


def test_the_declaration_page_shows_messages_receipts_and_raw_xml(staff_client, simulator):
    declaration = declared()
    poll_receipts()

    page = staff_client.get(reverse("customs:declaration", args=[declaration.pk])).content.decode()

    assert page.count('data-testid="message-row"') == 4
    assert page.count('data-testid="receipt-row"') == Receipt.objects.filter(declaration=declaration).count()
    assert "CEB621Message" in page


def test_the_buyer_reads_the_clearance_of_their_own_package_only(client, simulator):
    declaration = declared()
    poll_receipts()
    package = declaration.package
    client.force_login(package.order.buyer)

    own = client.get(f"/api/v1/customs/packages/{package.number}")
    other = paid_package()
    foreign = client.get(f"/api/v1/customs/packages/{other.number}")

    assert own.status_code == 200
    assert own.json()["clearance"] == "released"
    assert [m["state"] for m in own.json()["messages"]][-1] == "released"
    assert foreign.status_code == 404


def test_the_include_shows_the_clearance_in_plain_words(simulator):
    declaration = declared()
    poll_receipts()
    package = Package.objects.select_related("declaration").get(pk=declaration.package_id)
    undeclared = paid_package()

    assert "Released by customs" in render_to_string("customs/package_clearance.html", {"package": package})
    assert "Waiting to be declared" in render_to_string("customs/package_clearance.html", {"package": undeclared})


def test_a_receipt_for_no_declaration_of_ours_is_kept_and_shown_on_the_desk(client, staff_client):
    stray = OrderReceipt(guid=new_guid(), ebp_code="3105960XBR", ebc_code="3105960STO", order_no="PK-UNKNOWN",
                         return_status=120, return_time=timezone.now(), return_info="新增申报成功")  # fmt: skip

    assert push(client, build_receipt(stray)).json()["recorded"] is True
    page = staff_client.get(reverse("customs:desk")).content.decode()
    assert page.count('data-testid="unmatched-receipt"') == 1
    assert Receipt.objects.get().declaration is None
