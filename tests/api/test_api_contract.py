"""The API as a whole: OpenAPI builds and documents error codes, every error has one JSON shape (wrong
method, unknown path, unexpected failure), and rate limits answer 429 ``rate_limited``."""

import pytest

from tests.api.conftest import bearer

OUR_PREFIXES = ("/api/v1/accounts", "/api/v1/catalog", "/api/v1/stores", "/api/v1/fx")


@pytest.fixture
def openapi(api_client, db):
    response = api_client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def our_operations(openapi):
    for path, methods in openapi["paths"].items():
        if path.startswith(OUR_PREFIXES):
            for method, operation in methods.items():
                yield f"{method.upper()} {path}", operation


def test_openapi_lists_every_endpoint(openapi):
    expected = {
        "GET /api/v1/catalog/products",
        "GET /api/v1/catalog/products/{slug}",
        "GET /api/v1/catalog/categories",
        "GET /api/v1/catalog/brands",
        "GET /api/v1/stores",
        "GET /api/v1/stores/{slug}",
        "GET /api/v1/fx/rates",
        "GET /api/v1/fx/convert",
        "GET /api/v1/accounts/me",
        "GET /api/v1/accounts/addresses",
        "POST /api/v1/accounts/addresses",
        "GET /api/v1/accounts/addresses/{address_id}",
        "PUT /api/v1/accounts/addresses/{address_id}",
        "DELETE /api/v1/accounts/addresses/{address_id}",
        "GET /api/v1/accounts/identity",
        "POST /api/v1/accounts/identity",
        "GET /api/v1/accounts/tokens",
        "POST /api/v1/accounts/tokens",
        "DELETE /api/v1/accounts/tokens/{token_id}",
    }
    assert expected <= {name for name, _ in our_operations(openapi)}


def test_every_endpoint_documents_its_error_codes_and_shape(openapi):
    for name, operation in our_operations(openapi):
        assert "Errors" in operation.get("description", ""), name
        errors = [status for status in operation["responses"] if status.startswith(("4", "5"))]
        assert errors, name
        for status in errors:
            schema = operation["responses"][status]["content"]["application/json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/ErrorOut"}, (name, status)


def test_money_fields_are_strings_in_the_schema(openapi):
    item = openapi["components"]["schemas"]["ProductListItem"]["properties"]
    assert item["min_price_cny"]["anyOf"][0]["type"] == "string"
    offer = openapi["components"]["schemas"]["OfferOut"]["properties"]
    assert offer["price"]["type"] == "string"


def test_authenticated_endpoints_declare_bearer_and_session(openapi):
    schemes = openapi["components"]["securitySchemes"]
    assert {"type": "http", "scheme": "bearer"}.items() <= schemes["ApiTokenAuth"].items()
    assert schemes["SessionAuth"]["in"] == "cookie"


@pytest.mark.django_db
def test_the_docs_page_renders(api_client):
    response = api_client.get("/api/v1/docs")
    assert response.status_code == 200
    assert b"openapi.json" in response.content


@pytest.mark.django_db
def test_a_wrong_method_is_405_in_the_error_shape(api_client):
    response = api_client.patch("/api/v1/catalog/products")
    assert response.status_code == 405
    assert response.json() == {"code": "method_not_allowed", "message": response.json()["message"], "fields": {}}
    assert "GET" in response["Allow"]


@pytest.mark.django_db
def test_an_unknown_path_is_404_in_the_error_shape(api_client):
    response = api_client.get("/api/v1/no/such/endpoint")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.django_db
def test_an_unexpected_failure_is_a_500_in_the_error_shape_without_details(api_client, monkeypatch):
    def broken():
        raise RuntimeError("database exploded: secret detail")

    monkeypatch.setattr("xborder.catalog.api.category_tree", broken)
    response = api_client.get("/api/v1/catalog/categories")
    assert response.status_code == 500
    assert response.json() == {"code": "server_error", "message": response.json()["message"], "fields": {}}
    assert b"secret detail" not in response.content


@pytest.mark.django_db
def test_anonymous_requests_beyond_the_rate_get_429_rate_limited(api_client, settings):
    settings.XBORDER_API_ANON_RATE = "2/m"
    statuses = [api_client.get("/api/v1/catalog/brands").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    response = api_client.get("/api/v1/catalog/brands")
    assert response.json()["code"] == "rate_limited"
    assert int(response["Retry-After"]) > 0


@pytest.mark.django_db
def test_each_user_has_their_own_rate(api_client, settings, buyer_token):
    from tests.factories import UserFactory
    from xborder.accounts.services import issue_api_token

    settings.XBORDER_API_USER_RATE = "2/m"
    me = "/api/v1/accounts/me"
    statuses = [api_client.get(me, **bearer(buyer_token)).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert api_client.get(me, **bearer(buyer_token)).json()["code"] == "rate_limited"
    other = issue_api_token(user=UserFactory(), name="other")[1]
    assert api_client.get(me, **bearer(other)).status_code == 200


@pytest.mark.django_db
def test_the_rate_comes_from_the_environment_when_settings_do_not_set_it(api_client, monkeypatch):
    monkeypatch.setenv("XBORDER_API_ANON_RATE", "1/m")
    statuses = [api_client.get("/api/v1/catalog/brands").status_code for _ in range(2)]
    assert statuses == [200, 429]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/catalog/products?brand=a%00b",
        "/api/v1/catalog/products?q=%00",
        "/api/v1/catalog/products/a%00b",
        "/api/v1/stores/a%00b",
        "/api/v1/fx/convert?amount=1&from=USD&to=CNY&x%00=1",
    ],
    ids=["filter", "search", "product-slug", "store-slug", "param-name"],
)
def test_nul_characters_are_invalid_input_not_a_database_error(api_client, url):
    response = api_client.get(url)
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"


@pytest.mark.django_db
def test_nul_characters_in_a_json_body_are_invalid_input_and_nothing_is_written(token_client, buyer):
    body = '{"recipient": "李雷", "phone": "13812345678", "city": "深\\u0000圳", "district": "南山区", '
    body += '"district_code": "440305", "detail": "1号"}'
    response = token_client.post("/api/v1/accounts/addresses", data=body, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"
    assert not buyer.addresses.exists()


@pytest.mark.django_db
def test_an_oversized_body_is_413_in_the_error_shape(token_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = '{"name": "王小明", "id_number": "' + "1" * 2000 + '"}'
    response = token_client.post("/api/v1/accounts/identity", data=body, content_type="application/json")
    assert response.status_code == 413
    assert response.json()["code"] == "payload_too_large"


@pytest.mark.django_db
def test_inventing_forwarded_addresses_does_not_dodge_the_limit(api_client, settings):
    settings.XBORDER_API_ANON_RATE = "2/m"
    statuses = [
        api_client.get("/api/v1/catalog/brands", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}").status_code for n in range(3)
    ]
    assert statuses == [200, 200, 429]


@pytest.mark.django_db
def test_behind_a_trusted_proxy_the_forwarded_client_address_is_limited(api_client, settings):
    settings.XBORDER_API_ANON_RATE = "1/m"
    settings.XBORDER_API_NUM_PROXIES = "1"
    first = api_client.get("/api/v1/catalog/brands", HTTP_X_FORWARDED_FOR="203.0.113.7")
    other = api_client.get("/api/v1/catalog/brands", HTTP_X_FORWARDED_FOR="203.0.113.8")
    again = api_client.get("/api/v1/catalog/brands", HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.7")
    assert (first.status_code, other.status_code, again.status_code) == (200, 200, 429)
