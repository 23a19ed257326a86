"""The current user, addresses, real-name identity and API tokens: own data only, PII always masked."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.api.conftest import bearer, send_json
from tests.factories import AddressFactory, IdentityFactory, StoreMemberFactory, UserFactory
from xborder.accounts.models import Address, ApiToken, Identity
from xborder.accounts.services import issue_api_token

ME = "/api/v1/accounts/me"
ADDRESSES = "/api/v1/accounts/addresses"
IDENTITY = "/api/v1/accounts/identity"
TOKENS = "/api/v1/accounts/tokens"
ID_NUMBER = "11010519491231002X"
ADDRESS = {
    "recipient": "李雷",
    "phone": "138 1234 5678",
    "province": "广东省",
    "city": "深圳市",
    "district": "南山区",
    "district_code": "440305",
    "detail": "科技园南路1号",
    "postal_code": "518057",
}


def error_code(response) -> str:
    body = response.json()
    assert set(body) == {"code", "message", "fields"}
    return body["code"]


# --- authentication -------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", ME),
        ("get", ADDRESSES),
        ("post", ADDRESSES),
        ("get", f"{ADDRESSES}/1"),
        ("put", f"{ADDRESSES}/1"),
        ("delete", f"{ADDRESSES}/1"),
        ("get", IDENTITY),
        ("post", IDENTITY),
        ("get", TOKENS),
        ("post", TOKENS),
        ("delete", f"{TOKENS}/1"),
    ],
    ids=lambda value: value.replace("/api/v1/accounts/", ""),
)
def test_every_account_endpoint_needs_authentication(api_client, method, url):
    response = send_json(api_client, method, url, {})
    assert response.status_code == 401
    assert error_code(response) == "not_authenticated"


@pytest.mark.django_db
def test_an_unknown_bearer_token_is_not_authenticated(api_client):
    response = api_client.get(ME, **bearer("xb_not-a-token"))
    assert response.status_code == 401
    assert error_code(response) == "not_authenticated"
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.django_db
def test_a_revoked_token_no_longer_authenticates(api_client, buyer):
    token, plain = issue_api_token(user=buyer, name="cli")
    assert api_client.get(ME, **bearer(plain)).status_code == 200
    assert api_client.delete(f"{TOKENS}/{token.pk}", **bearer(plain)).status_code == 204
    response = api_client.get(ME, **bearer(plain))
    assert response.status_code == 401
    assert error_code(response) == "not_authenticated"


@pytest.mark.django_db
def test_a_token_of_a_deactivated_user_fails(api_client, buyer, buyer_token):
    buyer.is_active = False
    buyer.save(update_fields=["is_active"])
    assert api_client.get(ME, **bearer(buyer_token)).status_code == 401


@pytest.mark.django_db
def test_a_session_post_without_csrf_token_is_refused_and_writes_nothing(csrf_session, buyer):
    browser, _ = csrf_session
    response = send_json(browser, "post", ADDRESSES, ADDRESS)
    assert response.status_code == 403
    assert error_code(response) == "csrf_failed"
    assert not Address.objects.filter(user=buyer).exists()


@pytest.mark.django_db
def test_a_session_post_with_the_csrf_token_is_accepted(csrf_session, buyer):
    browser, csrf = csrf_session
    response = send_json(browser, "post", ADDRESSES, ADDRESS, HTTP_X_CSRFTOKEN=csrf)
    assert response.status_code == 201
    assert Address.objects.filter(user=buyer).count() == 1


@pytest.mark.django_db
def test_session_reads_need_no_csrf_token(csrf_session):
    browser, _ = csrf_session
    assert browser.get(ME).status_code == 200


@pytest.mark.django_db
def test_a_bearer_token_needs_no_csrf_token(buyer_token, buyer):
    from django.test import Client

    response = send_json(Client(enforce_csrf_checks=True), "post", ADDRESSES, ADDRESS, **bearer(buyer_token))
    assert response.status_code == 201


# --- me -------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_me_shows_email_name_roles_and_masked_identity(token_client, buyer):
    StoreMemberFactory(user=buyer)
    IdentityFactory(user=buyer, id_number=ID_NUMBER, name="王小明")
    body = token_client.get(ME).json()
    assert body["email"] == buyer.email
    assert body["display_name"] == buyer.display_name
    assert body["roles"] == ["buyer", "store_member"]
    assert body["identity"]["id_number_masked"] == "110105********002X"
    assert body["identity"]["name_masked"] == "王**"


@pytest.mark.django_db
def test_me_without_identity_says_null(token_client):
    assert token_client.get(ME).json()["identity"] is None


# --- addresses -------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_creating_an_address_returns_it_masked_and_first_is_default(token_client, buyer):
    response = send_json(token_client, "post", ADDRESSES, ADDRESS)
    assert response.status_code == 201
    body = response.json()
    assert body["phone_masked"] == "+86138****5678"
    assert body["recipient_masked"] == "李*"
    assert body["district_code"] == "440305" and body["is_default"] is True
    assert Address.objects.get(pk=body["id"]).phone == "+8613812345678"


@pytest.mark.django_db
def test_a_buyer_lists_only_their_own_addresses(token_client, buyer):
    mine = AddressFactory(user=buyer)
    AddressFactory(user=UserFactory())
    assert [row["id"] for row in token_client.get(ADDRESSES).json()] == [mine.pk]


@pytest.mark.django_db
def test_updating_an_address_replaces_its_fields(token_client, buyer):
    address = AddressFactory(user=buyer)
    response = send_json(token_client, "put", f"{ADDRESSES}/{address.pk}", {**ADDRESS, "city": "广州市"})
    assert response.status_code == 200
    address.refresh_from_db()
    assert address.city == "广州市" and address.district_code == "440305"


@pytest.mark.django_db
def test_making_another_address_default_moves_the_default(token_client, buyer):
    first = AddressFactory(user=buyer, is_default=True)
    response = send_json(token_client, "post", ADDRESSES, {**ADDRESS, "is_default": True})
    assert response.json()["is_default"] is True
    first.refresh_from_db()
    assert first.is_default is False


@pytest.mark.django_db
def test_deleting_an_address(token_client, buyer):
    address = AddressFactory(user=buyer)
    response = token_client.delete(f"{ADDRESSES}/{address.pk}")
    assert response.status_code == 204
    assert not Address.objects.filter(pk=address.pk).exists()


@pytest.mark.django_db
def test_reading_one_address(token_client, buyer):
    address = AddressFactory(user=buyer)
    body = token_client.get(f"{ADDRESSES}/{address.pk}").json()
    assert (body["id"], body["district_code"], body["phone_masked"]) == (address.pk, "310115", "+86138****5678")


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "put", "delete"])
def test_someone_elses_address_is_not_found_and_unchanged(token_client, method):
    theirs = AddressFactory(user=UserFactory(), city="上海市")
    response = send_json(token_client, method, f"{ADDRESSES}/{theirs.pk}", {**ADDRESS, "city": "广州市"})
    assert response.status_code == 404
    assert error_code(response) == "address_not_found"
    theirs.refresh_from_db()
    assert theirs.city == "上海市"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("address_id", "status", "code"),
    [("abc", 422, "invalid_input"), ("0", 422, "invalid_input"), ("9" * 30, 422, "invalid_input")],
    ids=["not-a-number", "zero", "beyond-bigint"],
)
def test_bad_address_ids_are_input_errors(token_client, address_id, status, code):
    response = token_client.delete(f"{ADDRESSES}/{address_id}")
    assert response.status_code == status
    assert error_code(response) == code


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({**ADDRESS, "phone": "12345"}, 400, "phone_invalid"),
        ({**ADDRESS, "phone": "+1 650 253 0000"}, 400, "phone_invalid"),
        ({**ADDRESS, "district_code": "999999"}, 400, "district_code_invalid"),
        ({**ADDRESS, "province": "北京市"}, 400, "province_mismatch"),
        ({**ADDRESS, "recipient": "   "}, 400, "field_required"),
        ({**ADDRESS, "phone": 13812345678}, 422, "invalid_input"),
        ({**ADDRESS, "is_default": "perhaps"}, 422, "invalid_input"),
        ({**ADDRESS, "detail": "x" * 5000}, 422, "invalid_input"),
        ({key: value for key, value in ADDRESS.items() if key != "city"}, 422, "invalid_input"),
        ([ADDRESS], 422, "invalid_input"),
        ('{"recipient": "李雷",', 400, "malformed_json"),
        ("not json at all", 400, "malformed_json"),
    ],
    ids=[
        "short-phone",
        "foreign-phone",
        "unknown-district",
        "wrong-province",
        "blank-recipient",
        "phone-as-number",
        "default-not-bool",
        "huge-detail",
        "missing-city",
        "array-body",
        "truncated-json",
        "not-json",
    ],
)
def test_bad_addresses_are_refused_with_a_stable_code_and_nothing_is_written(token_client, buyer, body, status, code):
    response = send_json(token_client, "post", ADDRESSES, body)
    assert response.status_code == status
    assert error_code(response) == code
    assert not Address.objects.filter(user=buyer).exists()


@pytest.mark.django_db
def test_field_errors_name_the_field(token_client):
    response = send_json(token_client, "post", ADDRESSES, {**ADDRESS, "phone": "12345"})
    assert response.json()["fields"] == {"phone": "invalid"}
    response = send_json(token_client, "post", ADDRESSES, {**ADDRESS, "phone": 1})
    assert "phone" in response.json()["fields"]


# --- identity --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_recording_an_identity_returns_it_masked_and_stores_it_encrypted(token_client, buyer):
    response = send_json(token_client, "post", IDENTITY, {"name": "王小明", "id_number": ID_NUMBER.lower()})
    assert response.status_code == 200
    body = response.json()
    assert body == {
        "name_masked": "王**",
        "id_number_masked": "110105********002X",
        "id_type": "1",
        "status": "verified",
        "verified_at": body["verified_at"],
    }
    assert body["verified_at"]
    assert Identity.objects.get(user=buyer).id_number == ID_NUMBER


@pytest.mark.django_db
def test_reading_the_identity_is_masked(token_client, buyer):
    IdentityFactory(user=buyer, id_number=ID_NUMBER)
    body = token_client.get(IDENTITY).json()
    assert body["id_number_masked"] == "110105********002X"
    assert ID_NUMBER not in token_client.get(IDENTITY).content.decode()


@pytest.mark.django_db
def test_no_identity_is_not_found(token_client):
    response = token_client.get(IDENTITY)
    assert response.status_code == 404
    assert error_code(response) == "identity_missing"


@pytest.mark.django_db
def test_a_buyer_sees_only_their_own_identity(token_client):
    IdentityFactory(user=UserFactory(), id_number=ID_NUMBER)
    assert token_client.get(IDENTITY).status_code == 404
    assert token_client.get(ME).json()["identity"] is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "id_number", "code"),
    [
        ("王小明", "11010519491231002", "id_number_format"),
        ("王小明", "A1010519491231002X", "id_number_format"),
        ("王小明", "110105194913310021", "id_number_birth_date"),
        ("王小明", "110105299912310021", "id_number_birth_date"),
        ("王小明", "110105194912310021", "id_number_check_digit"),
        ("1234", ID_NUMBER, "name_invalid"),
        ("王", ID_NUMBER, "name_invalid"),
    ],
    ids=["17-chars", "letter", "month-13", "born-in-future", "check-digit", "digits-name", "one-char-name"],
)
def test_invalid_identities_get_their_code_and_nothing_is_stored(token_client, buyer, name, id_number, code):
    response = send_json(token_client, "post", IDENTITY, {"name": name, "id_number": id_number})
    assert response.status_code == 400
    assert error_code(response) == code
    assert not Identity.objects.filter(user=buyer).exists()
    assert id_number not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body",
    [{"name": "王小明"}, {"name": "王小明", "id_number": 110105194912310021}, {"name": None, "id_number": ID_NUMBER}],
    ids=["missing-number", "number-as-int", "null-name"],
)
def test_identity_input_of_the_wrong_shape_is_invalid_input(token_client, body):
    response = send_json(token_client, "post", IDENTITY, body)
    assert response.status_code == 422
    assert error_code(response) == "invalid_input"


# --- PII -------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_no_response_ever_contains_the_full_id_number_or_phone(token_client):
    bodies = [
        send_json(token_client, "post", ADDRESSES, ADDRESS).content,
        send_json(token_client, "post", IDENTITY, {"name": "王小明", "id_number": ID_NUMBER}).content,
        token_client.get(ME).content,
        token_client.get(ADDRESSES).content,
        token_client.get(IDENTITY).content,
    ]
    address_id = token_client.get(ADDRESSES).json()[0]["id"]
    bodies.append(send_json(token_client, "put", f"{ADDRESSES}/{address_id}", ADDRESS).content)
    for body in bodies:
        text = body.decode()
        assert ID_NUMBER not in text and ID_NUMBER.lower() not in text
        assert "13812345678" not in text and "1234 5678" not in text
        assert "科技园南路1号" not in text and "王小明" not in text and "李雷" not in text


# --- tokens ----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_session_creates_a_token_shown_once(csrf_session, api_client, buyer):
    browser, csrf = csrf_session
    response = send_json(browser, "post", TOKENS, {"name": "cli"}, HTTP_X_CSRFTOKEN=csrf)
    assert response.status_code == 201
    plain = response.json()["token"]
    assert api_client.get(ME, **bearer(plain)).json()["email"] == buyer.email
    listed = browser.get(TOKENS).json()
    assert [row["name"] for row in listed] == ["cli"]
    assert plain not in browser.get(TOKENS).content.decode()
    assert plain not in ApiToken.objects.values_list("digest", flat=True)


@pytest.mark.django_db
def test_a_token_cannot_create_tokens(token_client, buyer):
    response = send_json(token_client, "post", TOKENS, {"name": "more"})
    assert response.status_code == 403
    assert error_code(response) == "session_required"
    assert ApiToken.objects.filter(user=buyer).count() == 1


@pytest.mark.django_db
def test_someone_elses_token_cannot_be_revoked(token_client):
    theirs, _ = issue_api_token(user=UserFactory(), name="theirs")
    response = token_client.delete(f"{TOKENS}/{theirs.pk}")
    assert response.status_code == 404
    assert error_code(response) == "token_not_found"
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


@pytest.mark.django_db
@pytest.mark.parametrize(("seconds_ago", "rewritten"), [(None, True), (59, False), (60, True)])
def test_a_token_records_its_last_use_to_the_minute(api_client, buyer, seconds_ago, rewritten):
    token, plain = issue_api_token(user=buyer, name="cli")
    before = None if seconds_ago is None else timezone.now() - timedelta(seconds=seconds_ago)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=before)

    assert api_client.get(ME, **bearer(plain)).status_code == 200

    token.refresh_from_db()
    assert (token.last_used_at != before) is rewritten
