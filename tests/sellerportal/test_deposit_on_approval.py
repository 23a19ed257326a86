"""Approving an application posts its security deposit to the ledger in the same transaction."""

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import StaffFactory
from tests.factories.marketplace import SubmittedApplicationFactory
from xborder.sellers.models import ApplicationStatus
from xborder.settlement import fees, selectors
from xborder.settlement.models import JournalEntry

pytestmark = pytest.mark.django_db


def decide(client, application, **data):
    client.force_login(StaffFactory())
    url = reverse("sellerportal:review_detail", kwargs={"application_id": application.pk})
    return client.post(url, {"decision": "approve", "reason": "", **data})


def test_approving_with_a_deposit_records_it_for_the_new_store_in_its_currency(client):
    application = SubmittedApplicationFactory()

    assert decide(client, application, security_deposit="50000").status_code == 302

    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    assert fees.security_deposit_held(application.store, "EUR") == Decimal("50000.00")
    assert all(total == 0 for total in selectors.trial_balance().values())


def test_approving_again_does_not_record_the_deposit_twice(client):
    application = SubmittedApplicationFactory()
    decide(client, application, security_deposit="50000")
    application.refresh_from_db()
    application.status = ApplicationStatus.SUBMITTED
    application.save(update_fields=["status"])

    decide(client, application, security_deposit="50000")

    assert JournalEntry.objects.filter(kind="security_deposit").count() == 1


def test_approving_without_a_deposit_writes_nothing_to_the_ledger(client):
    decide(client, SubmittedApplicationFactory())

    assert not JournalEntry.objects.exists()


def test_a_deposit_the_ledger_refuses_approves_nothing(client):
    application = SubmittedApplicationFactory()

    response = decide(client, application, security_deposit="10.001")

    assert response.status_code == 400
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.store is None
    assert not JournalEntry.objects.exists()
