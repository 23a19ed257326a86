"""Factories for onboarding (applications, documents), agency mandates and audit entries."""

import datetime as dt

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.sellers import AgencyFactory, StoreFactory
from xborder.sellers.models import (
    ApplicationDocument,
    ApplicationStatus,
    DocumentKind,
    Mandate,
    MandateScope,
    StoreApplication,
    StoreKind,
)

PDF_BYTES = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG_BYTES = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def pdf_upload(name: str = "registration.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def application_data(**overrides) -> dict:
    """A complete overseas-merchant application as the form posts it."""
    data = {
        "kind": StoreKind.OVERSEAS_MERCHANT,
        "store_name": "Sakura Cosmetics",
        "store_name_zh": "樱花美妆",
        "company_name": "Sakura Cosmetics K.K.",
        "country": "JP",
        "currency": "JPY",
        "registration_number": "0104-01-123456",
        "service_email": "support@sakura.example",
        "service_phone": "+81 3 1234 5678",
        "return_recipient": "樱花美妆退货中心",
        "return_phone": "13812345678",
        "return_province": "上海市",
        "return_city": "上海市",
        "return_district": "浦东新区",
        "return_district_code": "310115",
        "return_detail": "世纪大道100号 8楼",
        "return_postal_code": "200120",
        "bank_account_holder": "Sakura Cosmetics K.K.",
        "bank_name": "Deutsche Bank",
        "iban": "DE89 3704 0044 0532 0130 00",
        "security_deposit": "100000",
    }
    data.update(overrides)
    return data


class StoreApplicationFactory(factory.django.DjangoModelFactory):
    """A complete overseas-merchant draft (documents added by ``with_documents=True``)."""

    class Meta:
        model = StoreApplication
        skip_postgeneration_save = True

    applicant = factory.SubFactory(UserFactory)
    kind = StoreKind.OVERSEAS_MERCHANT
    status = ApplicationStatus.DRAFT
    store_name = factory.Sequence(lambda n: f"Merchant {n}")
    company_name = factory.Sequence(lambda n: f"Merchant {n} GmbH")
    country = "DE"
    currency_id = "EUR"
    registration_number = "HRB 12345"
    service_email = "care@merchant.example"
    service_phone = "+49 30 1234567"
    return_recipient = "退货中心"
    return_phone = "+8613812345678"
    return_province = "上海市"
    return_city = "上海市"
    return_district = "浦东新区"
    return_district_code = "310115"
    return_detail = "世纪大道100号"
    bank_account_holder = "Merchant GmbH"
    bank_account_kind = "iban"
    iban = "DE89370400440532013000"

    @factory.post_generation
    def with_documents(obj, create, extracted, **kwargs):
        if create and extracted:
            for kind in (DocumentKind.BUSINESS_REGISTRATION, DocumentKind.RETAIL_AUTHORISATION):
                ApplicationDocumentFactory(application=obj, kind=kind)


class SubmittedApplicationFactory(StoreApplicationFactory):
    status = ApplicationStatus.SUBMITTED
    submitted_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def with_documents(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            for kind in (DocumentKind.BUSINESS_REGISTRATION, DocumentKind.RETAIL_AUTHORISATION):
                ApplicationDocumentFactory(application=obj, kind=kind)


class ApplicationDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApplicationDocument

    application = factory.SubFactory(StoreApplicationFactory)
    kind = DocumentKind.BUSINESS_REGISTRATION
    file = factory.LazyFunction(pdf_upload)
    original_name = "registration.pdf"
    content_type = "application/pdf"
    size = len(PDF_BYTES)
    uploaded_by = factory.SelfAttribute("application.applicant")
    expires_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=365))


class MandateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mandate

    store = factory.SubFactory(StoreFactory)
    agency = factory.SubFactory(AgencyFactory)
    scopes = factory.LazyFunction(lambda: list(MandateScope.values))
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=10))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=180))
    granted_by = factory.SubFactory(StaffFactory)
