"""Helpers for API tests: JSON requests, bearer tokens, and a browser session that enforces CSRF."""

import json

import pytest
from django.test import Client
from django.utils.crypto import get_random_string

from xborder.accounts.services import issue_api_token


def send_json(client, method: str, url: str, body=None, **headers):
    """``client.<method>(url)`` with a JSON body (a str is sent as is, to test malformed bodies)."""
    if method == "get":
        return client.get(url, **headers)
    data = body if isinstance(body, str) else json.dumps(body if body is not None else {})
    return getattr(client, method)(url, data=data, content_type="application/json", **headers)


def bearer(plain_token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {plain_token}"}


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Users are created in almost every test; the production hasher would dominate the run time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def api_client():
    """An anonymous client (separate from pytest-django's ``client``, which ``buyer_client`` logs in)."""
    return Client()


@pytest.fixture
def buyer_token(buyer) -> str:
    return issue_api_token(user=buyer, name="tests")[1]


@pytest.fixture
def token_client(buyer_token):
    """A client that authenticates every request with the buyer's bearer token (no session, no CSRF)."""
    return Client(**bearer(buyer_token))


@pytest.fixture
def csrf_session(buyer):
    """A logged-in browser that enforces CSRF, and the token a page would have given it."""
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(buyer)
    secret = get_random_string(32)
    browser.cookies["csrftoken"] = secret
    return browser, secret
