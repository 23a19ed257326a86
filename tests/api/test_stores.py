"""Stores API: only approved stores are public, filtered by kind and country."""

import pytest

from tests.factories import StoreFactory
from xborder.sellers.models import StoreKind, StoreStatus

STORES = "/api/v1/stores"


@pytest.mark.django_db
def test_only_approved_stores_are_listed(api_client):
    StoreFactory(slug="open", name="Open")
    for status in (StoreStatus.PENDING, StoreStatus.SUSPENDED, StoreStatus.CLOSED):
        StoreFactory(status=status)
    body = api_client.get(STORES).json()
    assert body["count"] == 1
    assert [store["slug"] for store in body["items"]] == ["open"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=self_operated", ["self-jp"]),
        ("kind=personal_shopper", ["shopper-us"]),
        ("country=US", ["shopper-us"]),
        ("country=jp", ["self-jp"]),
        ("kind=self_operated&country=US", []),
        ("", ["self-jp", "shopper-us"]),
    ],
    ids=["kind", "kind-2", "country", "lower-case-country", "both", "none"],
)
def test_stores_filter_by_kind_and_country(api_client, query, expected):
    StoreFactory(slug="self-jp", name="A", kind=StoreKind.SELF_OPERATED, country="JP")
    StoreFactory(slug="shopper-us", name="B", kind=StoreKind.PERSONAL_SHOPPER, country="US", currency_id="USD")
    assert [store["slug"] for store in api_client.get(f"{STORES}?{query}").json()["items"]] == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "fields"),
    [("kind=pirate", {"kind": "unknown_choice"}), ("country=XX", {"country": "unknown_choice"})],
    ids=["kind", "country"],
)
def test_unknown_store_filters_are_a_400(api_client, query, fields):
    response = api_client.get(f"{STORES}?{query}")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_filter"
    assert response.json()["fields"] == fields


@pytest.mark.django_db
def test_a_store_page_shows_an_approved_store(api_client):
    StoreFactory(slug="kyoto", name="Kyoto Shop", name_zh="京都小店", country="JP", description="Tea.")
    body = api_client.get(f"{STORES}/kyoto").json()
    assert body["name_zh"] == "京都小店"
    assert (body["kind"], body["country"], body["currency"], body["description"]) == (
        "overseas_merchant",
        "JP",
        "JPY",
        "Tea.",
    )


@pytest.mark.django_db
@pytest.mark.parametrize("status", [StoreStatus.PENDING, StoreStatus.SUSPENDED, StoreStatus.CLOSED])
def test_stores_that_are_not_approved_are_not_found(api_client, status):
    StoreFactory(slug="hidden", status=status)
    response = api_client.get(f"{STORES}/hidden")
    assert response.status_code == 404
    assert response.json()["code"] == "store_not_found"


@pytest.mark.django_db
def test_the_store_list_runs_a_fixed_number_of_queries(api_client, django_assert_num_queries):
    for _ in range(12):
        StoreFactory()
    with django_assert_num_queries(2):  # count, page
        assert len(api_client.get(STORES).json()["items"]) == 12
