"""Real-name identity: encrypted at rest, found by keyed hash, masked everywhere, never logged."""

import logging

import pytest
from django.db import connection
from django.test import override_settings
from django.urls import reverse

from tests.factories import IdentityFactory, UserFactory
from xborder.accounts import selectors
from xborder.accounts.errors import IdentityError
from xborder.accounts.models import Identity
from xborder.accounts.services import verify_identity
from xborder.core import pii

ID_NUMBER = "11010519491231002X"


def raw_identity_row(identity_id):
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, id_number, id_hash FROM accounts_identity WHERE id = %s", [identity_id])
        return cursor.fetchone()


@pytest.mark.django_db
def test_the_database_column_never_holds_the_id_number_in_clear(buyer):
    identity = verify_identity(user=buyer, name="王小明", id_number=ID_NUMBER)
    name, id_number, id_hash = raw_identity_row(identity.pk)
    assert ID_NUMBER not in id_number and "王小明" not in name
    assert ID_NUMBER not in id_hash
    assert Identity.objects.get(pk=identity.pk).id_number == ID_NUMBER


@pytest.mark.django_db
def test_identity_is_found_by_keyed_hash_of_the_number(buyer):
    verify_identity(user=buyer, name="王小明", id_number=ID_NUMBER.lower())
    assert list(selectors.identities_with_id_number(ID_NUMBER).values_list("user", flat=True)) == [buyer.pk]


@pytest.mark.django_db
def test_identity_is_shown_masked():
    identity = IdentityFactory(id_number=ID_NUMBER, name="王小明")
    assert identity.masked_id_number == "110105********002X"
    assert identity.masked_name == "王**"
    assert ID_NUMBER not in str(identity) and ID_NUMBER not in repr(identity)


@pytest.mark.django_db
def test_a_second_verification_replaces_the_first(buyer):
    verify_identity(user=buyer, name="王小明", id_number=ID_NUMBER)
    verify_identity(user=buyer, name="Li Wei", id_number="110101199003070011")
    assert Identity.objects.get(user=buyer).id_number == "110101199003070011"


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["", "王", "Robert'); DROP TABLE", "1234"], ids=["empty", "one-char", "sql", "digits"])
def test_names_that_are_not_real_names_are_refused(buyer, name):
    with pytest.raises(IdentityError) as error:
        verify_identity(user=buyer, name=name, id_number=ID_NUMBER)
    assert error.value.code == "name_invalid"
    assert not Identity.objects.exists()


@pytest.mark.django_db
def test_old_ciphertexts_still_decrypt_after_a_key_rotation(buyer, settings):
    from cryptography.fernet import Fernet

    identity = verify_identity(user=buyer, name="王小明", id_number=ID_NUMBER)
    old_token = raw_identity_row(identity.pk)[1]
    with override_settings(PII_KEYS=[Fernet.generate_key().decode(), *settings.PII_KEYS]):
        assert Identity.objects.get(pk=identity.pk).id_number == ID_NUMBER
        assert pii.decrypt(pii.reencrypt(old_token)) == ID_NUMBER


@pytest.mark.django_db
def test_identity_page_never_echoes_the_full_number(buyer_client):
    bad = "11010519491231002Y"
    response = buyer_client.post(reverse("accounts:identity"), {"name": "王小明", "id_number": bad})
    assert response.status_code == 400
    assert bad not in response.content.decode()
    buyer_client.post(reverse("accounts:identity"), {"name": "王小明", "id_number": ID_NUMBER})
    page = buyer_client.get(reverse("accounts:profile")).content.decode()
    assert "110105********002X" in page and ID_NUMBER not in page


def test_id_numbers_are_redacted_from_logs(caplog):
    logger = logging.getLogger("xborder.test")
    logger.addFilter(pii.RedactPIIFilter())
    with caplog.at_level(logging.INFO):
        logger.info("buyer %s failed", ID_NUMBER)
    assert ID_NUMBER not in caplog.text
    assert "110105********002X" in caplog.text


@pytest.mark.django_db
def test_a_user_without_identity_has_none():
    assert selectors.identity_of(UserFactory()) is None
