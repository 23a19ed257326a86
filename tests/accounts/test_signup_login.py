"""Sign-up, log-in (rate limited, CSRF protected), log-out and roles."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import AgencyMemberFactory, StaffFactory, StoreMemberFactory, UserFactory
from xborder.accounts.errors import AccountError
from xborder.accounts.models import Role, User
from xborder.accounts.services import sign_up


@pytest.mark.django_db
def test_sign_up_logs_the_buyer_in_and_asks_for_identity(client):
    response = client.post(
        reverse("accounts:signup"), {"email": "New@Example.com", "password": "a long enough passphrase"}
    )
    assert response.status_code == 302 and response.url == reverse("accounts:identity")
    assert User.objects.filter(email="new@example.com").exists()


@pytest.mark.django_db
def test_email_is_unique_case_insensitively():
    sign_up(email="a@example.com", password="a long enough passphrase")
    with pytest.raises(AccountError) as error:
        sign_up(email="A@EXAMPLE.COM", password="a long enough passphrase")
    assert error.value.code == "email_taken"
    assert User.objects.count() == 1


@pytest.mark.django_db
def test_weak_password_is_refused():
    with pytest.raises(AccountError) as error:
        sign_up(email="a@example.com", password="12345678")
    assert error.value.code == "weak_password"


@pytest.mark.django_db
def test_log_in_with_email_and_log_out(client):
    UserFactory(email="b@example.com")
    response = client.post(
        reverse("accounts:login"), {"username": "b@example.com", "password": "correct horse battery"}
    )
    assert response.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("accounts:profile")).status_code == 302


@pytest.mark.django_db
def test_log_in_is_rate_limited_per_client(client, settings):
    settings.XBORDER = {**settings.XBORDER, "LOGIN_RATE_LIMIT": "3/m"}
    for _ in range(3):
        assert (
            client.post(reverse("accounts:login"), {"username": "x@example.com", "password": "no"}).status_code == 200
        )
    assert client.post(reverse("accounts:login"), {"username": "x@example.com", "password": "no"}).status_code == 429


@pytest.mark.django_db
def test_log_in_form_requires_csrf_token():
    UserFactory(email="c@example.com")
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("accounts:login"), {"username": "c@example.com", "password": "correct horse battery"}
    )
    assert response.status_code == 403


@pytest.mark.django_db
def test_profile_needs_log_in(client):
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302 and reverse("accounts:login") in response.url


@pytest.mark.django_db
def test_roles_follow_what_the_user_is_linked_to():
    assert UserFactory().roles == {Role.BUYER}
    assert Role.OPERATOR in StaffFactory().roles
    assert Role.STORE_MEMBER in StoreMemberFactory().user.roles
    assert Role.AGENCY_MEMBER in AgencyMemberFactory().user.roles
    assert Role.CREATOR in UserFactory(is_creator=True).roles
