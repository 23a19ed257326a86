from decimal import Decimal

import pytest

from tests.factories import IdentityFactory, UserFactory
from tests.factories.orders import OrderFactory
from xborder.payments.services import create_payment


@pytest.fixture
def payment(buyer):
    identity = IdentityFactory(user=buyer)
    return create_payment(
        buyer=buyer,
        orders=[OrderFactory(buyer=buyer)],
        amount=Decimal("88.00"),
        requires_identity=True,
        buyer_id_hash=identity.id_hash,
    )


@pytest.mark.django_db
def test_a_buyer_sees_the_state_of_their_payment(buyer_client, payment):
    body = buyer_client.get(f"/api/v1/payments/{payment.number}").json()

    assert (body["status"], body["amount"], body["payment_url"]) == ("pending", "88.00", payment.redirect_url)
    assert [event["to_status"] for event in body["timeline"]] == ["pending"]


@pytest.mark.django_db
def test_someone_elses_payment_is_404(client, payment):
    client.force_login(UserFactory())

    response = client.get(f"/api/v1/payments/{payment.number}")

    assert (response.status_code, response.json()["code"]) == (404, "payment_not_found")
