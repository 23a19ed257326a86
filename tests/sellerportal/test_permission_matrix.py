"""Every portal page, every store-facing API endpoint and every store-facing page outside the portal x every role:
allowed exactly where it should be; 404 without any tie to the store, 403 with a tie but without the right. The
expectations are written out here, not derived from the rules."""

import datetime as dt

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import get_random_string

from tests.api.conftest import send_json
from tests.sellerportal.world import MEMBER_ROLES, NO_TIE, ROLES, build_world
from xborder.accounts.services import issue_api_token
from xborder.returns.models import ReturnStatus

pytestmark = pytest.mark.django_db

EVERY_MEMBER = set(MEMBER_ROLES)
EDITORS = {"owner", "manager", "staff"}
MANAGERS = {"owner", "manager"}
LIVE_AGENCIES = {"agency_catalog", "agency_orders", "agency_customer_service", "agency_marketing",
                 "agency_finance_read"}  # fmt: skip

# page name -> (url kwargs builder, roles allowed)
PAGES = {
    "dashboard": (lambda w: {}, EVERY_MEMBER | LIVE_AGENCIES | {"operator"}),
    "products": (lambda w: {}, EVERY_MEMBER | {"agency_catalog", "operator"}),
    "product_new": (lambda w: {}, EDITORS | {"agency_catalog"}),
    "offer_edit": (lambda w: {"offer_id": w.offer.pk}, EVERY_MEMBER | {"agency_catalog", "operator"}),
    "orders": (lambda w: {}, EVERY_MEMBER | {"agency_orders", "operator"}),
    "order_detail": (lambda w: {"number": w.order.number}, EVERY_MEMBER | {"agency_orders", "operator"}),
    "stock": (lambda w: {}, EDITORS | {"agency_catalog", "operator"}),
    "settings": (lambda w: {}, MANAGERS | {"agency_marketing", "operator"}),
    "members": (lambda w: {}, MANAGERS | {"operator"}),
    "mandates": (lambda w: {}, MANAGERS | {"operator"}),
    "audit": (lambda w: {}, MANAGERS | {"operator"}),
    "import": (lambda w: {}, EDITORS | {"agency_catalog"}),
    "import_job": (lambda w: {"job_id": w.job.pk}, EDITORS | {"agency_catalog"}),
    "import_status": (lambda w: {"job_id": w.job.pk}, EDITORS | {"agency_catalog"}),
    "import_report": (lambda w: {"job_id": w.job.pk}, EDITORS | {"agency_catalog"}),
    "export": (lambda w: {}, EVERY_MEMBER | {"agency_catalog", "operator"}),
    "statement": (lambda w: {}, {"owner", "manager", "finance", "agency_finance_read", "operator"}),
    "returns": (lambda w: {}, EVERY_MEMBER | {"agency_customer_service", "operator"}),
    "return_detail": (
        lambda w: {"number": w.return_request.number},
        EVERY_MEMBER | {"agency_customer_service", "operator"},
    ),
}


def _listing(w):
    return {
        "product_name": "Lotion", "brand": "Sakura", "category": "beauty", "sku": "NEW-1", "hs_code": "3304990099",
        "origin_country": "JP", "net_weight_kg": "0.1", "gross_weight_kg": "0.2", "legal_unit": "ml",
        "legal_quantity": "100", "price": "1000", "fulfilment_mode": "direct_mail", "warehouse": "osaka",
    }  # fmt: skip


def _mandate(w):
    today = timezone.localdate()
    return {
        "agency": "spare-agency", "scopes": ["catalog"], "starts_on": today.isoformat(),
        "ends_on": (today + dt.timedelta(days=30)).isoformat(), "fee_kind": "percent_gmv", "fee_percent": "5",
    }  # fmt: skip


# write name -> (url name, url kwargs, post data, roles allowed)
WRITES = {
    "publish": ("offer_publish", lambda w: {"offer_id": w.offer.pk}, lambda w: {}, EDITORS | {"agency_catalog"}),
    "unpublish": ("offer_unpublish", lambda w: {"offer_id": w.offer.pk}, lambda w: {}, EDITORS | {"agency_catalog"}),
    "edit_offer": (
        "offer_edit", lambda w: {"offer_id": w.offer.pk},
        lambda w: {"price": "2500", "fulfilment_mode": "direct_mail", "warehouse": "osaka"},
        EDITORS | {"agency_catalog"},
    ),
    "create_product": ("product_new", lambda w: {}, _listing, EDITORS | {"agency_catalog"}),
    "settings": (
        "settings", lambda w: {}, lambda w: {"description": "Hello", "return_window_days": "14"},
        MANAGERS | {"agency_marketing"},
    ),
    "add_member": (
        "members", lambda w: {}, lambda w: {"email": "newcomer@example.com", "role": "staff"}, {"owner"}
    ),
    "remove_member": ("member_remove", lambda w: {"member_id": w.removable_member.pk}, lambda w: {}, {"owner"}),
    "grant_mandate": ("mandates", lambda w: {}, _mandate, {"owner"}),
    "revoke_mandate": ("mandate_revoke", lambda w: {"mandate_id": w.revocable_mandate.pk}, lambda w: {}, {"owner"}),
    "import": (
        "import", lambda w: {},
        lambda w: {"mode": "valid_rows", "file": _csv_upload()},
        EDITORS | {"agency_catalog"},
    ),
    "receive_return": (
        "return_receive", lambda w: {"number": w.return_request.number}, lambda w: {},
        EDITORS | {"agency_customer_service", "operator"},
    ),
    "inspect_return": (
        "return_inspect", lambda w: {"number": w.return_request.number}, lambda w: {},
        EDITORS | {"agency_customer_service", "operator"},
    ),
}  # fmt: skip


def _csv_upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("catalog.csv", b"sku,price\n", content_type="text/csv")


def _denied_status(role: str) -> int:
    return 404 if role in NO_TIE else 403


@pytest.mark.parametrize("page", list(PAGES))
def test_every_role_sees_a_page_exactly_where_it_should(client, page):
    world = build_world()
    kwargs, allowed = PAGES[page]
    url = reverse(f"sellerportal:{page}", kwargs={"slug": world.store.slug, **kwargs(world)})
    wrong = {}
    for role in ROLES:
        client.force_login(world.users[role])
        status = client.get(url).status_code
        expected = 200 if role in allowed else _denied_status(role)
        if status != expected:
            wrong[role] = (status, expected)
    assert wrong == {}


@pytest.mark.parametrize("write", list(WRITES))
def test_every_role_may_write_exactly_where_it_should(client, write):
    world = build_world()
    name, kwargs, data, allowed = WRITES[write]
    url = reverse(f"sellerportal:{name}", kwargs={"slug": world.store.slug, **kwargs(world)})
    wrong = {}
    for role in ROLES:
        client.force_login(world.users[role])
        savepoint = transaction.savepoint()
        status = client.post(url, data(world)).status_code
        transaction.savepoint_rollback(savepoint)
        permitted = status not in {403, 404}
        if permitted != (role in allowed) or (not permitted and status != _denied_status(role)):
            wrong[role] = status
    assert wrong == {}


def test_anonymous_visitors_are_sent_to_log_in(client):
    world = build_world()
    response = client.get(reverse("sellerportal:dashboard", kwargs={"slug": world.store.slug}))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_a_missing_store_is_404_even_for_operators(client):
    build_world()
    from tests.factories import StaffFactory

    client.force_login(StaffFactory())
    assert client.get(reverse("sellerportal:dashboard", kwargs={"slug": "nope"})).status_code == 404


# --- the store-facing API: the same rule (``sellers.access``) through a bearer token and through the session ---
#
# Addressed by store (orders, statement): 404 without any tie to the store, 403 with a tie but without the right,
# as in the portal. Addressed by return number: a return the caller may not see is 404, one they may see but not
# receive or inspect is 403. Operators receive and inspect returns here as in the portal.

STATEMENT_READERS = {"owner", "manager", "finance", "agency_finance_read", "operator"}
RETURN_READERS = EVERY_MEMBER | {"agency_customer_service", "operator"}
RETURN_HANDLERS = EDITORS | {"agency_customer_service", "operator"}


def _period() -> str:
    today = timezone.localdate()
    return f"start={(today - dt.timedelta(days=30)).isoformat()}&end={today.isoformat()}"


def _received(world) -> None:
    world.return_request.status = ReturnStatus.RECEIVED
    world.return_request.save(update_fields=["status"])


# endpoint -> (method, url, body, prepare the world, roles allowed, status when allowed, code of the 404)
API = {
    "store_orders": (
        "get", lambda w: f"/api/v1/orders/store/{w.store.pk}", None, None,
        EVERY_MEMBER | {"agency_orders", "operator"}, 200, "order_not_found",
    ),
    "statement": (
        "get", lambda w: f"/api/v1/settlement/stores/{w.store.slug}/statement?{_period()}", None, None,
        STATEMENT_READERS, 200, "not_found",
    ),
    "return_detail": (
        "get", lambda w: f"/api/v1/returns/{w.return_request.number}", None, None, RETURN_READERS, 200, "not_found",
    ),
    "receive_return": (
        "post", lambda w: f"/api/v1/returns/{w.return_request.number}/receive", {}, None,
        RETURN_HANDLERS, 200, "not_found",
    ),
    "inspect_return": (
        "post", lambda w: f"/api/v1/returns/{w.return_request.number}/inspect", {"accepted": {}, "note": "worn"},
        _received, RETURN_HANDLERS, 200, "not_found",
    ),
}  # fmt: skip


def _api_refusal(endpoint: str, role: str) -> tuple[int, str]:
    """What a refused role gets: by store, 404 without a tie and 403 with one; by return, 403 for those who see it."""
    missing = API[endpoint][-1]
    if endpoint in {"receive_return", "inspect_return"}:
        return (403, "permission_denied") if role in RETURN_READERS else (404, missing)
    if endpoint == "return_detail":
        return 404, missing
    return (404, missing) if role in NO_TIE else (403, "permission_denied")


def _api_client(user, auth: str) -> tuple[Client, dict]:
    """A client authenticated by ``auth``: a bearer token, or a logged-in browser that sends its CSRF token."""
    if auth == "token":
        return Client(), {"HTTP_AUTHORIZATION": f"Bearer {issue_api_token(user=user, name='matrix')[1]}"}
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    secret = get_random_string(32)
    browser.cookies["csrftoken"] = secret
    return browser, {"HTTP_X_CSRFTOKEN": secret}


@pytest.mark.parametrize("auth", ["token", "session"])
@pytest.mark.parametrize("endpoint", list(API))
def test_every_role_uses_a_store_facing_api_endpoint_exactly_where_it_should(endpoint, auth):
    world = build_world()
    method, url, body, prepare, allowed, ok, _missing = API[endpoint]
    if prepare:
        prepare(world)
    wrong = {}
    for role in ROLES:
        client, headers = _api_client(world.users[role], auth)
        savepoint = transaction.savepoint()
        response = send_json(client, method, url(world), body, **headers)
        transaction.savepoint_rollback(savepoint)
        got = (response.status_code, response.json().get("code") if response.status_code != ok else None)
        expected = (ok, None) if role in allowed else _api_refusal(endpoint, role)
        if got != expected:
            wrong[role] = (got, expected)
    assert wrong == {}


@pytest.mark.parametrize("endpoint", list(API))
def test_a_store_facing_api_endpoint_wants_credentials(endpoint):
    world = build_world()
    method, url, body, *_ = API[endpoint]

    response = send_json(Client(), method, url(world), body)

    assert (response.status_code, response.json()["code"]) == (401, "not_authenticated")


def test_a_session_write_to_the_api_without_the_csrf_token_is_refused():
    world = build_world()
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.users["owner"])

    response = browser.post(f"/api/v1/returns/{world.return_request.number}/receive")

    assert (response.status_code, response.json()["code"]) == (403, "csrf_failed")
    world.return_request.refresh_from_db()
    assert world.return_request.status == ReturnStatus.APPROVED


# --- store-facing pages outside the portal: the same rule (``sellers.access``) ---
#
# The store's orders pages (by store id), the returns desk and a return's page with its receive and inspect buttons
# (by return number, as in the API: operators receive too), and the settlement app's old statement address, which
# redirects to the portal's statement. Each row writes out who is allowed and who gets a 403; everyone else gets a
# 404. The returns desk lists the open returns of every store the visitor may see returns of, so a member of store
# B opens it (and does not see store A's return there).

ORDER_READERS = EVERY_MEMBER | {"agency_orders", "operator"}
TIED_WITHOUT_ORDERS = {"agency_catalog", "agency_customer_service", "agency_marketing", "agency_finance_read"}
TIED_WITHOUT_RETURNS = {"agency_catalog", "agency_orders", "agency_marketing", "agency_finance_read"}
TIED_WITHOUT_FINANCE = {"staff", "agency_catalog", "agency_orders", "agency_customer_service", "agency_marketing"}


def _in_status(status):
    """Whether the world's return has reached ``status``: what receiving or inspecting it has done."""

    def reached(world) -> bool:
        world.return_request.refresh_from_db(fields=["status"])
        return world.return_request.status == status

    return reached


# page -> (method, url, data, prepare the world, roles allowed, status when allowed, roles refused with 403,
#          what an allowed request has done)
OUTSIDE = {
    "store_orders": (
        "get", lambda w: reverse("orders:store_list", args=[w.store.pk]), None, None,
        ORDER_READERS, 200, TIED_WITHOUT_ORDERS, None,
    ),
    "store_order": (
        "get", lambda w: reverse("orders:store_detail", args=[w.store.pk, w.order.number]), None, None,
        ORDER_READERS, 200, TIED_WITHOUT_ORDERS, None,
    ),
    "returns_desk": (
        "get", lambda w: reverse("returns:manage"), None, None,
        EVERY_MEMBER | {"member_of_b", "agency_customer_service", "operator"}, 200, TIED_WITHOUT_RETURNS, None,
    ),
    "return_page": (
        "get", lambda w: reverse("returns:detail", args=[w.return_request.number]), None, None,
        RETURN_READERS, 200, set(), None,
    ),
    "receive_return_page": (
        "post", lambda w: reverse("returns:receive", args=[w.return_request.number]), {}, None,
        RETURN_HANDLERS, 302, {"finance"}, _in_status(ReturnStatus.RECEIVED),
    ),
    "inspect_return_page": (
        "post", lambda w: reverse("returns:inspect", args=[w.return_request.number]),
        {"mode": "partial", "note": "worn"}, _received,
        RETURN_HANDLERS, 302, {"finance"}, _in_status(ReturnStatus.REJECTED),
    ),
    "old_statement_address": (
        "get", lambda w: reverse("settlement:statement", args=[w.store.slug]) + "?" + _period(), None, None,
        STATEMENT_READERS, 200, TIED_WITHOUT_FINANCE, None,
    ),
}  # fmt: skip


@pytest.mark.parametrize("page", list(OUTSIDE))
def test_every_role_uses_a_store_facing_page_outside_the_portal_exactly_where_it_should(client, page):
    world = build_world()
    method, url, data, prepare, allowed, ok, forbidden, done = OUTSIDE[page]
    if prepare:
        prepare(world)
    wrong = {}
    for role in ROLES:
        client.force_login(world.users[role])
        savepoint = transaction.savepoint()
        response = getattr(client, method)(url(world), data, follow=page == "old_statement_address")
        got = (response.status_code, done(world) if done else None)
        transaction.savepoint_rollback(savepoint)
        status = ok if role in allowed else 403 if role in forbidden else 404
        expected = (status, role in allowed if done else None)
        if got != expected:
            wrong[role] = (got, expected)
    assert wrong == {}


def test_the_returns_desk_lists_a_stores_open_return_to_exactly_those_who_may_see_its_returns(client):
    world = build_world()
    shown = set()
    for role in EVERY_MEMBER | {"member_of_b", "agency_customer_service", "operator"}:
        client.force_login(world.users[role])
        if world.return_request.number in client.get(reverse("returns:manage")).content.decode():
            shown.add(role)
    assert shown == RETURN_READERS


@pytest.mark.parametrize("page", list(OUTSIDE))
def test_anonymous_visitors_of_a_store_facing_page_outside_the_portal_end_on_the_login_page(client, page):
    world = build_world()
    method, url, data, *_ = OUTSIDE[page]

    response = getattr(client, method)(url(world), data, follow=True)

    assert response.redirect_chain and response.redirect_chain[-1][0].startswith(reverse("accounts:login"))
