"""The onboarding pages end to end in the test client: apply, upload, submit, review, approve; badges."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.factories import StaffFactory, StoreFactory, UserFactory
from tests.factories.marketplace import (
    PDF_BYTES,
    ApplicationDocumentFactory,
    SubmittedApplicationFactory,
    application_data,
)
from xborder.sellers.models import ApplicationStatus, StoreApplication
from xborder.sellers.onboarding_selectors import store_badges

pytestmark = pytest.mark.django_db


def _upload(client, application, kind, **extra):
    data = {"kind": kind, "file": SimpleUploadedFile(f"{kind}.pdf", PDF_BYTES), **extra}
    return client.post(reverse("sellerportal:document_add", kwargs={"application_id": application.pk}), data)


def test_a_merchant_applies_and_an_operator_approves_in_the_portal(client):
    merchant = UserFactory()
    client.force_login(merchant)
    response = client.post(reverse("sellerportal:apply"), application_data())
    assert response.status_code == 302
    application = StoreApplication.objects.get(applicant=merchant)
    expiry = (timezone.localdate() + dt.timedelta(days=400)).isoformat()
    assert _upload(client, application, "business_registration", expires_on=expiry).status_code == 302
    assert (
        _upload(client, application, "brand_authorisation", brand_name="Sakura", grantor="Sakura HQ").status_code == 302
    )
    client.post(reverse("sellerportal:application_submit", kwargs={"application_id": application.pk}))
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED

    client.force_login(StaffFactory())
    queue = client.get(reverse("sellerportal:review_list"))
    assert application.store_name in queue.content.decode()
    detail = reverse("sellerportal:review_detail", kwargs={"application_id": application.pk})
    assert client.post(detail, {"decision": "approve", "reason": "", "security_deposit": "50000"}).status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED

    client.force_login(merchant)
    assert client.get(reverse("sellerportal:home")).status_code == 302  # straight to the only store
    assert client.get(reverse("sellerportal:dashboard", kwargs={"slug": application.store.slug})).status_code == 200


def test_an_upload_with_the_wrong_bytes_is_shown_as_a_form_error(client):
    application = SubmittedApplicationFactory(status=ApplicationStatus.DRAFT, with_documents=False)
    client.force_login(application.applicant)
    data = {"kind": "identity", "file": SimpleUploadedFile("id.pdf", b"GIF89a...")}
    response = client.post(reverse("sellerportal:document_add", kwargs={"application_id": application.pk}), data)
    assert response.status_code == 400
    assert not application.documents.exists()


def test_another_users_application_is_404(client):
    application = SubmittedApplicationFactory()
    client.force_login(UserFactory())
    assert client.get(reverse("sellerportal:application", kwargs={"application_id": application.pk})).status_code == 404


@pytest.mark.parametrize("who", ["buyer", "merchant"])
def test_only_operators_open_the_review_pages(client, who):
    application = SubmittedApplicationFactory()
    client.force_login(application.applicant if who == "merchant" else UserFactory())
    assert client.get(reverse("sellerportal:review_list")).status_code == 403
    detail = reverse("sellerportal:review_detail", kwargs={"application_id": application.pk})
    assert client.post(detail, {"decision": "approve"}).status_code == 403


def test_the_review_queue_shows_a_badge_for_expiring_documents(client):
    application = SubmittedApplicationFactory()
    ApplicationDocumentFactory(application=application, expires_on=timezone.localdate() + dt.timedelta(days=10))
    client.force_login(StaffFactory())
    assert "1 expiring" in client.get(reverse("sellerportal:review_list")).content.decode()


def test_rejection_without_reasons_is_a_form_error(client):
    application = SubmittedApplicationFactory()
    client.force_login(StaffFactory())
    detail = reverse("sellerportal:review_detail", kwargs={"application_id": application.pk})
    assert client.post(detail, {"decision": "reject", "reason": ""}).status_code == 400


def test_store_badges_show_kind_country_verification_authorisations_and_return_policy(django_assert_num_queries):
    from xborder.sellers import services

    application = SubmittedApplicationFactory()
    ApplicationDocumentFactory(application=application, kind="brand_authorisation", brand_name="B", grantor="G")
    services.approve_application(application=application, operator=StaffFactory())
    store = StoreApplication.objects.get(pk=application.pk).store
    with django_assert_num_queries(2):
        badges = store_badges(store)
    assert (badges.kind, badges.country, badges.verified) == ("overseas_merchant", "DE", True)
    assert (badges.brand_authorised, badges.retail_authorised, badges.local_returns) == (True, True, True)
    assert badges.return_window_days == 7


def test_a_store_without_an_application_has_no_authorisation_badges():
    badges = store_badges(StoreFactory(kind="self_operated", country="CN"))
    assert (badges.verified, badges.brand_authorised, badges.local_returns) == (True, False, False)


@pytest.mark.parametrize(("who", "status"), [("applicant", 200), ("operator", 200), ("buyer", 404)])
def test_documents_are_served_only_to_the_applicant_and_operators(client, who, status):
    application = SubmittedApplicationFactory()
    document = application.documents.first()
    user = {"applicant": application.applicant, "operator": StaffFactory(), "buyer": UserFactory()}[who]
    client.force_login(user)
    url = reverse("sellerportal:document_file", kwargs={"application_id": application.pk, "document_id": document.pk})
    response = client.get(url)
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content).startswith(b"%PDF-")
        assert response["Content-Type"] == "application/pdf"
