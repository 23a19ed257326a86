import pytest
from django.urls import NoReverseMatch, reverse

from xborder.duties.services import load_hs_rates, load_positive_list
from xborder.duties.tables import HS_RATES_CSV, POSITIVE_LIST_CSV, parse_hs_rates, parse_positive_list


@pytest.fixture
def shipped_tables(db):
    """The HS rate table and positive list shipped in ``duties/data``, loaded."""
    load_hs_rates(parse_hs_rates(HS_RATES_CSV.read_text()))
    load_positive_list(parse_positive_list(POSITIVE_LIST_CSV.read_text()))


def _mounted_quote_url() -> str | None:
    try:
        return reverse("api-1:duties_quote")
    except NoReverseMatch:
        return None


@pytest.fixture
def post_quote(client):
    """POST a quote request; returns ``(status, body)``. Goes through the project's ``/api/v1/`` when the
    duties router is mounted there, else through a stand-in API with the same error shape."""
    url = _mounted_quote_url()
    if url is not None:

        def post(body, user=None, headers=None):
            if user is not None:
                client.force_login(user)
            response = client.post(url, body, content_type="application/json", headers=headers)
            return response.status_code, response.json()

        return post
    from .standin_api import standin_client

    test_client = standin_client()

    def post(body, user=None, headers=None):
        extra = {"user": user} if user else {}
        response = test_client.post("/quote", json=body, headers=headers or {}, **extra)
        return response.status_code, response.json()

    return post
