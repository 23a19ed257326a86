"""Delivery addresses in Chinese format: 6-digit district code, mainland mobile phone, one default."""

import pytest
from django.db import connection
from django.urls import reverse

from tests.factories import AddressFactory, UserFactory
from xborder.accounts.errors import AddressError
from xborder.accounts.models import Address
from xborder.accounts.services import delete_address, save_address

GOOD = {
    "recipient": "李雷",
    "phone": "138 1234 5678",
    "province": "广东省",
    "city": "深圳市",
    "district": "南山区",
    "district_code": "440305",
    "detail": "科技园南路1号",
    "postal_code": "518057",
}


@pytest.mark.django_db
def test_phone_is_stored_in_e164_and_encrypted(buyer):
    address = save_address(user=buyer, data=GOOD)
    assert Address.objects.get(pk=address.pk).phone == "+8613812345678"
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone, detail FROM accounts_address WHERE id = %s", [address.pk])
        phone, detail = cursor.fetchone()
    assert "13812345678" not in phone and "科技园" not in detail
    assert address.masked_phone == "+86138****5678"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"phone": "12345"}, "phone_invalid"),
        ({"phone": "+1 650 253 0000"}, "phone_invalid"),
        ({"district_code": "44030"}, "district_code_invalid"),
        ({"district_code": "990305"}, "district_code_invalid"),
        ({"district_code": "810001"}, "district_code_invalid"),  # Hong Kong is outside the customs territory
        ({"province": "浙江省"}, "province_mismatch"),
        ({"detail": " "}, "field_required"),
    ],
    ids=["short-phone", "foreign-phone", "5-digit-code", "unknown-province", "hong-kong", "wrong-province", "blank"],
)
def test_bad_addresses_are_refused_and_nothing_is_written(buyer, change, code):
    with pytest.raises(AddressError) as error:
        save_address(user=buyer, data={**GOOD, **change})
    assert error.value.code == code
    assert not Address.objects.exists()


@pytest.mark.django_db
def test_first_address_is_default_and_only_one_default_remains(buyer):
    first = save_address(user=buyer, data=GOOD)
    second = save_address(user=buyer, data=GOOD, make_default=True)
    first.refresh_from_db()
    assert not first.is_default and second.is_default
    assert buyer.addresses.filter(is_default=True).count() == 1


@pytest.mark.django_db
def test_deleting_the_default_promotes_the_newest(buyer):
    first = save_address(user=buyer, data=GOOD)
    second = save_address(user=buyer, data=GOOD, make_default=True)
    delete_address(user=buyer, address_id=second.pk)
    first.refresh_from_db()
    assert first.is_default


@pytest.mark.django_db
def test_a_buyer_cannot_touch_someone_elses_address(buyer_client):
    other = AddressFactory(user=UserFactory())
    assert buyer_client.get(reverse("accounts:address_edit", args=[other.pk])).status_code == 404
    assert buyer_client.post(reverse("accounts:address_delete", args=[other.pk])).status_code == 404
    assert Address.objects.filter(pk=other.pk).exists()


@pytest.mark.django_db
def test_address_page_shows_form_errors(buyer_client):
    response = buyer_client.post(reverse("accounts:address_new"), {**GOOD, "phone": "123"})
    assert response.status_code == 400
    assert not Address.objects.exists()
    response = buyer_client.post(reverse("accounts:address_new"), GOOD)
    assert response.status_code == 302
