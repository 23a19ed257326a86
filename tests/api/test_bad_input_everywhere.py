"""The API-wide rule: whatever garbage reaches any mounted endpoint (bad path ids, malformed or wrongly typed
JSON, nonsense query parameters), the answer is below 500 and every error has the one shape."""

import json
import re

import pytest
from django.test import Client

from tests.api.conftest import bearer

PATH_VALUES = ["1", "abc", "9" * 25]
BODIES = ["{bad", "[]", json.dumps({name: 12345 for name in ("name", "id", "quantity", "offer_id", "amount", "items")})]
NONSENSE_QUERY = "?limit=-1&offset=abc&page=x&at=zz&status=zz&kind=zz&sort=zz"


def requests_for(spec):
    for path, operations in spec["paths"].items():
        for method in operations:
            for value in PATH_VALUES if "{" in path else PATH_VALUES[:1]:
                url = re.sub(r"\{[^}]+\}", value, path)
                yield method, url, None
                if method != "get":
                    for body in BODIES:
                        yield method, url + NONSENSE_QUERY, body
                else:
                    yield method, url + NONSENSE_QUERY, None


def problem_with(response) -> str | None:
    if response.status_code >= 500:
        return f"{response.status_code}"
    if response.status_code < 400:
        return None
    try:
        body = response.json()
    except ValueError:
        return f"{response.status_code} not JSON"
    if not isinstance(body, dict) or set(body) != {"code", "message", "fields"}:
        return f"{response.status_code} not the error shape: {str(body)[:80]}"
    return None


@pytest.mark.django_db
def test_no_endpoint_answers_bad_input_with_a_500_or_another_error_shape(api_client, buyer_token, settings):
    settings.XBORDER_API_ANON_RATE = settings.XBORDER_API_USER_RATE = "1000000/s"
    spec = api_client.get("/api/v1/openapi.json").json()
    clients = {"anonymous": api_client, "token": Client(**bearer(buyer_token))}
    problems = []
    for method, url, body in requests_for(spec):
        for who, client in clients.items():
            extra = {"data": body, "content_type": "application/json"} if body is not None else {}
            problem = problem_with(getattr(client, method)(url, **extra))
            if problem:
                problems.append(f"{who} {method.upper()} {url[:90]} {(body or '')[:20]} -> {problem}")
    assert problems == []
