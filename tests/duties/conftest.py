import pytest
from django.urls import reverse

from xborder.duties.services import load_hs_rates, load_positive_list
from xborder.duties.tables import HS_RATES_CSV, POSITIVE_LIST_CSV, parse_hs_rates, parse_positive_list


@pytest.fixture
def shipped_tables(db):
    """The HS rate table and positive list shipped in ``duties/data``, loaded."""
    load_hs_rates(parse_hs_rates(HS_RATES_CSV.read_text()))
    load_positive_list(parse_positive_list(POSITIVE_LIST_CSV.read_text()))


@pytest.fixture
def post_quote(client):
    """POST a quote request to ``/api/v1/duties/quote``; returns ``(status, body)``."""
    url = reverse("api-1:duties_quote")

    def post(body, user=None, headers=None):
        if user is not None:
            client.force_login(user)
        response = client.post(url, body, content_type="application/json", headers=headers)
        return response.status_code, response.json()

    return post
