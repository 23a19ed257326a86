"""Forms of the seller portal; they only shape input, the services hold the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from xborder.catalog.models import FulfilmentMode, LegalUnit
from xborder.sellerportal.models import ImportMode
from xborder.sellers.models import AgencyFeeKind, AgencyRole, DocumentKind, MandateScope, StoreKind, StoreRole

APPLICANT_KINDS = [(k, label) for k, label in StoreKind.choices if k != StoreKind.SELF_OPERATED]


class ApplicationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Store kind"), choices=APPLICANT_KINDS)
    store_name = forms.CharField(label=_("Store name"), max_length=120)
    store_name_zh = forms.CharField(label=_("Chinese store name"), max_length=120, required=False)
    company_name = forms.CharField(label=_("Company name"), max_length=200, required=False)
    country = forms.ChoiceField(label=_("Country"), choices=[("", "---"), *list(countries)])
    currency = forms.CharField(label=_("Currency (ISO 4217)"), max_length=3)
    registration_number = forms.CharField(label=_("Business registration number"), max_length=60, required=False)
    export_licence_number = forms.CharField(label=_("Export licence number"), max_length=60, required=False)
    legal_name = forms.CharField(label=_("Legal name (personal shoppers)"), max_length=120, required=False)
    identity_number = forms.CharField(
        label=_("Passport or ID number (personal shoppers)"), max_length=40, required=False
    )
    service_email = forms.CharField(label=_("Customer-service e-mail"), max_length=254, required=False)
    service_phone = forms.CharField(label=_("Customer-service phone"), max_length=20, required=False)
    return_recipient = forms.CharField(label=_("Return recipient"), max_length=60, required=False)
    return_phone = forms.CharField(label=_("Return phone"), max_length=20, required=False)
    return_province = forms.CharField(label=_("Province"), max_length=20, required=False)
    return_city = forms.CharField(label=_("City"), max_length=30, required=False)
    return_district = forms.CharField(label=_("District"), max_length=30, required=False)
    return_district_code = forms.CharField(label=_("District code"), max_length=6, required=False)
    return_detail = forms.CharField(label=_("Street address"), max_length=200, required=False)
    return_postal_code = forms.CharField(label=_("Postal code"), max_length=6, required=False)
    bank_account_holder = forms.CharField(label=_("Account holder"), max_length=120, required=False)
    bank_name = forms.CharField(label=_("Bank name"), max_length=120, required=False)
    iban = forms.CharField(label=_("IBAN"), max_length=42, required=False)
    bank_account_number = forms.CharField(label=_("Account number"), max_length=40, required=False)
    swift_bic = forms.CharField(label=_("SWIFT/BIC"), max_length=11, required=False)
    security_deposit = forms.DecimalField(label=_("Security deposit"), required=False, min_value=0)


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document type"), choices=DocumentKind.choices)
    file = forms.FileField(label=_("File (PDF, JPEG or PNG, at most 10 MB)"))
    expires_on = forms.DateField(label=_("Expires on"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    brand_name = forms.CharField(label=_("Brand (brand authorisation)"), max_length=100, required=False)
    grantor = forms.CharField(label=_("Granted by (brand authorisation)"), max_length=200, required=False)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", _("Approve")), ("reject", _("Reject")), ("more_info", _("Ask for more information"))]
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea, required=False)
    security_deposit = forms.DecimalField(label=_("Security deposit"), required=False, min_value=0)


class ListingForm(forms.Form):
    product_name = forms.CharField(label=_("Product name"), max_length=200)
    product_name_zh = forms.CharField(label=_("Chinese product name"), max_length=200, required=False)
    brand = forms.CharField(label=_("Brand"), max_length=100)
    category = forms.CharField(label=_("Category path"), max_length=255)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    sku = forms.CharField(label=_("SKU"), max_length=64)
    variant_name = forms.CharField(label=_("Variant"), max_length=120, required=False)
    hs_code = forms.CharField(label=_("HS code (10 digits)"), max_length=10)
    origin_country = forms.ChoiceField(label=_("Origin country"), choices=list(countries))
    net_weight_kg = forms.CharField(label=_("Net weight (kg)"))
    gross_weight_kg = forms.CharField(label=_("Gross weight (kg)"))
    legal_unit = forms.ChoiceField(label=_("Legal unit"), choices=LegalUnit.choices)
    legal_quantity = forms.CharField(label=_("Legal quantity"))
    barcode = forms.CharField(label=_("Barcode"), max_length=14, required=False)
    price = forms.CharField(label=_("Price"))
    fulfilment_mode = forms.ChoiceField(label=_("Fulfilment"), choices=FulfilmentMode.choices)
    warehouse = forms.CharField(label=_("Warehouse code"), max_length=40)
    is_active = forms.BooleanField(label=_("Publish now"), required=False)


class OfferForm(forms.Form):
    price = forms.CharField(label=_("Price"))
    fulfilment_mode = forms.ChoiceField(label=_("Fulfilment"), choices=FulfilmentMode.choices)
    warehouse = forms.CharField(label=_("Warehouse code"), max_length=40)


class SettingsForm(forms.Form):
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    return_window_days = forms.IntegerField(label=_("Return window (days)"))


class MemberForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    role = forms.ChoiceField(label=_("Role"), choices=StoreRole.choices)


class AgencyMemberForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    role = forms.ChoiceField(label=_("Role"), choices=AgencyRole.choices, initial=AgencyRole.STAFF)


class AgencyRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=AgencyRole.choices)


class MandateForm(forms.Form):
    agency = forms.SlugField(label=_("Agency (slug)"))
    scopes = forms.MultipleChoiceField(
        label=_("Scope"), choices=MandateScope.choices, widget=forms.CheckboxSelectMultiple
    )
    starts_on = forms.DateField(label=_("Starts on"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("Ends on"), widget=forms.DateInput(attrs={"type": "date"}))
    fee_kind = forms.ChoiceField(label=_("Service fee"), choices=AgencyFeeKind.choices)
    fee_percent = forms.DecimalField(label=_("Fee (% of GMV)"), required=False)
    fee_monthly = forms.DecimalField(label=_("Monthly fee"), required=False)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"))
    mode = forms.ChoiceField(label=_("When a row is rejected"), choices=ImportMode.choices)
