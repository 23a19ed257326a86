"""Applications: field and document validation, the review workflow and its timeline, expiry warnings."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.factories import StaffFactory, UserFactory
from tests.factories.marketplace import (
    JPEG_BYTES,
    PDF_BYTES,
    PNG_BYTES,
    ApplicationDocumentFactory,
    StoreApplicationFactory,
    SubmittedApplicationFactory,
    application_data,
    pdf_upload,
)
from xborder.core.errors import DomainError
from xborder.sellers import onboarding_selectors, services
from xborder.sellers.models import (
    ApplicationStatus,
    DocumentKind,
    StoreApplication,
    StoreKind,
    StoreMember,
    StoreRole,
    StoreStatus,
)

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 28)


def _code(call) -> str:
    with pytest.raises(DomainError) as caught:
        call()
    return caught.value.code


# --- application fields ---------------------------------------------------------------------------------------


def test_a_valid_application_is_saved_as_a_draft_with_normalised_bank_and_return_address():
    applicant = UserFactory()
    application = services.save_application(applicant=applicant, data=application_data())
    assert application.status == ApplicationStatus.DRAFT
    assert application.iban == "DE89370400440532013000"
    assert application.bank_account_kind == "iban"
    assert application.return_phone == "+8613812345678"
    assert application.return_province == "上海市"
    assert application.security_deposit == Decimal("100000")
    assert [(e.from_status, e.to_status) for e in application.events.all()] == [("", "draft")]


def test_account_number_with_a_valid_bic_is_a_swift_bank_account():
    data = application_data(iban="", bank_account_number="123456789", swift_bic="deutdeff")
    application = services.save_application(applicant=UserFactory(), data=data)
    assert (application.bank_account_kind, application.swift_bic) == ("swift", "DEUTDEFF")


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"iban": "DE89 3704 0044 0532 0130 01"}, "iban_invalid"),
        ({"iban": "", "bank_account_number": "123456789", "swift_bic": "DEUT1EFF"}, "bic_invalid"),
        ({"country": "CN"}, "country_invalid"),
        ({"country": "XX"}, "country_invalid"),
        ({"currency": "CNY"}, "currency_invalid"),
        ({"currency": "ABC"}, "currency_invalid"),
        ({"return_phone": "12345"}, "phone_invalid"),
        ({"return_district_code": "990000"}, "district_code_invalid"),
        ({"return_province": "北京市"}, "province_mismatch"),
        ({"service_email": "not-an-email"}, "email_invalid"),
        ({"security_deposit": "-5"}, "deposit_invalid"),
        ({"kind": "self_operated"}, "field_required"),
        ({"store_name": " "}, "field_required"),
    ],
    ids=["iban-checksum", "bic-format", "country-home", "country-unknown", "currency-home", "currency-unknown",
         "return-phone", "district-code", "province-mismatch", "service-email", "negative-deposit",
         "kind-not-applicable", "store-name"],
)  # fmt: skip
def test_bad_application_fields_are_refused_and_nothing_is_written(overrides, code):
    assert _code(lambda: services.save_application(applicant=UserFactory(), data=application_data(**overrides))) == code
    assert not StoreApplication.objects.exists()


# --- documents ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [("reg.pdf", PDF_BYTES), ("reg.PNG", PNG_BYTES), ("reg.jpeg", JPEG_BYTES), ("reg.jpg", JPEG_BYTES)],
    ids=["pdf", "png", "jpeg", "jpg"],
)
def test_pdf_jpeg_and_png_documents_are_accepted_by_their_magic_bytes(name, content):
    application = StoreApplicationFactory()
    document = services.add_document(
        application=application,
        actor=application.applicant,
        kind=DocumentKind.BUSINESS_REGISTRATION,
        upload=SimpleUploadedFile(name, content),
        expires_on=timezone.localdate() + dt.timedelta(days=400),
    )
    assert document.content_type in {"application/pdf", "image/png", "image/jpeg"}
    assert document.size == len(content)


@pytest.mark.parametrize(
    ("upload", "code"),
    [
        (SimpleUploadedFile("reg.pdf", b"MZ\x90\x00 not a pdf"), "document_type_not_allowed"),
        (SimpleUploadedFile("reg.exe", PDF_BYTES), "document_type_not_allowed"),
        (SimpleUploadedFile("reg.png", PDF_BYTES), "document_type_not_allowed"),
        (SimpleUploadedFile("reg.pdf", b""), "document_empty"),
        (SimpleUploadedFile("reg.pdf", PDF_BYTES + b"0" * (10 * 1024 * 1024)), "document_too_large"),
    ],
    ids=["pdf-extension-wrong-bytes", "pdf-bytes-wrong-extension", "mismatched-type", "empty", "over-10mb"],
)
def test_documents_of_other_types_or_over_10_mb_are_refused(upload, code):
    application = StoreApplicationFactory()
    assert (
        _code(
            lambda: services.add_document(
                application=application, actor=application.applicant, kind="business_registration", upload=upload
            )
        )
        == code
    )
    assert not application.documents.exists()


def test_a_document_of_exactly_10_mb_is_accepted():
    application = StoreApplicationFactory()
    upload = SimpleUploadedFile("reg.pdf", PDF_BYTES + b"0" * (10 * 1024 * 1024 - len(PDF_BYTES)))
    services.add_document(application=application, actor=application.applicant, kind="identity", upload=upload)
    assert application.documents.count() == 1


def test_an_already_expired_document_is_refused():
    application = StoreApplicationFactory()
    code = _code(
        lambda: services.add_document(
            application=application, actor=application.applicant, kind="business_registration",
            upload=pdf_upload(), expires_on=TODAY, today=TODAY,
        )
    )  # fmt: skip
    assert code == "document_expired"


def test_a_brand_authorisation_names_the_brand_and_the_grantor_of_the_chain():
    application = StoreApplicationFactory()
    add = lambda **kw: services.add_document(  # noqa: E731
        application=application, actor=application.applicant, kind="brand_authorisation", upload=pdf_upload(), **kw
    )
    assert _code(lambda: add(brand_name="Shiseido")) == "field_required"
    document = add(brand_name="Shiseido", grantor="Shiseido Japan Co., Ltd. -> Tokyo Distribution K.K.")
    assert document.brand_name == "Shiseido"


def test_someone_else_cannot_add_documents_to_an_application():
    application = StoreApplicationFactory()
    code = _code(
        lambda: services.add_document(
            application=application, actor=UserFactory(), kind="identity", upload=pdf_upload()
        )
    )
    assert code == "application_not_found"


# --- submission -----------------------------------------------------------------------------------------------


def test_a_complete_application_is_submitted_and_the_timeline_records_it():
    application = StoreApplicationFactory(with_documents=True)
    services.submit_application(application=application, actor=application.applicant)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.submitted_at is not None
    event = application.events.get()
    assert (event.actor, event.from_status, event.to_status) == (application.applicant, "draft", "submitted")


def test_a_merchant_without_an_authorisation_document_cannot_submit():
    application = StoreApplicationFactory()
    ApplicationDocumentFactory(application=application, kind=DocumentKind.BUSINESS_REGISTRATION)
    code = _code(lambda: services.submit_application(application=application, actor=application.applicant))
    assert code == "documents_missing"


def test_an_expired_document_does_not_count_towards_the_requirements():
    application = StoreApplicationFactory(with_documents=True)
    application.documents.filter(kind="retail_authorisation").update(expires_on=TODAY - dt.timedelta(days=1))
    code = _code(lambda: services.submit_application(application=application, actor=application.applicant, today=TODAY))
    assert code == "documents_missing"


@pytest.mark.parametrize(
    ("kind", "fields", "documents"),
    [
        (StoreKind.PERSONAL_SHOPPER, {"legal_name": "Lin Mei", "identity_number": "TR1234567"},
         [DocumentKind.IDENTITY, DocumentKind.PROOF_OF_RESIDENCE]),
        (StoreKind.B2B_SUPPLIER, {"export_licence_number": "EXP-2026-001"},
         [DocumentKind.BUSINESS_REGISTRATION, DocumentKind.EXPORT_LICENCE]),
    ],
    ids=["personal-shopper", "b2b-supplier"],
)  # fmt: skip
def test_personal_shoppers_and_b2b_suppliers_submit_with_their_own_requirements(kind, fields, documents):
    application = StoreApplicationFactory(kind=kind, **fields)
    ApplicationDocumentFactory(application=application, kind=documents[0])
    assert _code(lambda: services.submit_application(application=application, actor=application.applicant)) == (
        "documents_missing"
    )
    ApplicationDocumentFactory(application=application, kind=documents[1])
    services.submit_application(application=application, actor=application.applicant)
    assert StoreApplication.objects.get(pk=application.pk).status == ApplicationStatus.SUBMITTED


def test_a_personal_shopper_must_give_a_real_name_identity():
    application = StoreApplicationFactory(kind=StoreKind.PERSONAL_SHOPPER)
    ApplicationDocumentFactory(application=application, kind=DocumentKind.IDENTITY)
    ApplicationDocumentFactory(application=application, kind=DocumentKind.PROOF_OF_RESIDENCE)
    with pytest.raises(DomainError) as caught:
        services.submit_application(application=application, actor=application.applicant)
    assert caught.value.code == "field_required"
    assert {"legal_name", "identity_number"} <= set(caught.value.fields)


def test_the_personal_shoppers_identity_number_is_encrypted_at_rest():
    from django.db import connection

    application = StoreApplicationFactory(kind=StoreKind.PERSONAL_SHOPPER, identity_number="TR1234567")
    with connection.cursor() as cursor:
        cursor.execute("SELECT identity_number FROM sellers_storeapplication WHERE id = %s", [application.pk])
        assert "TR1234567" not in cursor.fetchone()[0]


def test_a_submitted_application_cannot_be_edited():
    application = SubmittedApplicationFactory()
    code = _code(
        lambda: services.save_application(
            applicant=application.applicant, data=application_data(), application=application
        )
    )
    assert code == "application_not_editable"


# --- review ---------------------------------------------------------------------------------------------------


def test_approval_opens_an_approved_store_with_the_applicant_as_owner_and_records_the_deposit():
    application = SubmittedApplicationFactory()
    operator = StaffFactory()
    services.approve_application(application=application, operator=operator, security_deposit=Decimal("5000"))
    application.refresh_from_db()
    store = application.store
    assert (application.status, store.status, store.kind) == ("approved", StoreStatus.APPROVED, application.kind)
    assert (store.currency_id, str(store.country)) == ("EUR", "DE")
    assert application.security_deposit == Decimal("5000")
    assert StoreMember.objects.get(store=store).role == StoreRole.OWNER
    event = application.events.get(to_status="approved")
    assert (event.actor, event.from_status) == (operator, "submitted")


def test_rejection_needs_reasons_and_keeps_them_in_the_timeline():
    application = SubmittedApplicationFactory()
    operator = StaffFactory()
    assert _code(lambda: services.reject_application(application=application, operator=operator, reason=" ")) == (
        "reason_required"
    )
    services.reject_application(application=application, operator=operator, reason="Authorisation is forged.")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED
    assert application.store is None
    assert application.events.get(to_status="rejected").reason == "Authorisation is forged."


def test_more_information_sends_it_back_the_applicant_edits_and_resubmits():
    application = SubmittedApplicationFactory()
    operator = StaffFactory()
    services.request_more_information(application=application, operator=operator, reason="Add the brand chain.")
    application.refresh_from_db()
    services.save_application(
        applicant=application.applicant, application=application, data=application_data(store_name="Renamed")
    )
    services.submit_application(application=application, actor=application.applicant)
    application.refresh_from_db()
    assert application.store_name == "Renamed"
    timeline = [(e.from_status, e.to_status) for e in application.events.order_by("at", "id")]
    assert timeline == [("submitted", "more_info"), ("more_info", "submitted")]


@pytest.mark.parametrize("decide", ["approve", "reject", "more_info"])
def test_only_operators_review(decide):
    application = SubmittedApplicationFactory()
    call = {
        "approve": lambda: services.approve_application(application=application, operator=application.applicant),
        "reject": lambda: services.reject_application(application=application, operator=UserFactory(), reason="x"),
        "more_info": lambda: services.request_more_information(
            application=application, operator=UserFactory(), reason="x"
        ),
    }[decide]
    assert _code(call) == "operator_required"


@pytest.mark.parametrize("status", ["draft", "more_info", "approved", "rejected"])
def test_only_submitted_applications_are_decided(status):
    application = StoreApplicationFactory(status=status)
    code = _code(lambda: services.approve_application(application=application, operator=StaffFactory()))
    assert code == "transition_not_allowed"
    assert StoreApplication.objects.get(pk=application.pk).status == status


# --- expiry warnings ------------------------------------------------------------------------------------------


def test_documents_expiring_within_30_days_are_listed_and_flagged_once():
    application = SubmittedApplicationFactory()
    soon = ApplicationDocumentFactory(application=application, expires_on=TODAY + dt.timedelta(days=30))
    ApplicationDocumentFactory(application=application, expires_on=TODAY + dt.timedelta(days=31))
    ApplicationDocumentFactory(application=application, expires_on=None)
    assert list(onboarding_selectors.expiring_documents(today=TODAY)) == [soon]
    assert services.flag_expiring_documents(today=TODAY) == 1
    assert services.flag_expiring_documents(today=TODAY) == 0
    soon.refresh_from_db()
    assert soon.expiry_flagged_at is not None


def test_the_celery_task_flags_expiring_documents():
    from xborder.sellers.tasks import flag_expiring_documents

    ApplicationDocumentFactory(expires_on=timezone.localdate() + dt.timedelta(days=3))
    assert flag_expiring_documents.delay().get() == 1


def test_the_review_queue_counts_each_applications_expiring_documents_in_one_query(django_assert_num_queries):
    application = SubmittedApplicationFactory()
    ApplicationDocumentFactory(application=application, expires_on=TODAY + dt.timedelta(days=5))
    SubmittedApplicationFactory()
    with django_assert_num_queries(1):
        rows = {row.pk: row.expiring_count for row in onboarding_selectors.applications_for_review(today=TODAY)}
    assert rows[application.pk] == 1
    assert sorted(rows.values()) == [0, 1]
