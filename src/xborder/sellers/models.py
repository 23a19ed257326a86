"""Stores (seller accounts of one kind), their members, and agencies that operate stores for brands."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from xborder.core.pii import EncryptedTextField


class StoreKind(models.TextChoices):
    SELF_OPERATED = "self_operated", _("Self-operated (B2C bonded)")
    OVERSEAS_MERCHANT = "overseas_merchant", _("Overseas merchant (M2C)")
    PERSONAL_SHOPPER = "personal_shopper", _("Personal shopper (C2C)")
    B2B_SUPPLIER = "b2b_supplier", _("B2B supplier")


class StoreStatus(models.TextChoices):
    PENDING = "pending", _("Pending review")
    APPROVED = "approved", _("Approved")
    SUSPENDED = "suspended", _("Suspended")
    CLOSED = "closed", _("Closed")


class Store(models.Model):
    name = models.CharField(_("name"), max_length=120)
    name_zh = models.CharField(_("Chinese name"), max_length=120, blank=True)
    slug = models.SlugField(unique=True, max_length=80)
    kind = models.CharField(_("kind"), max_length=20, choices=StoreKind.choices, db_index=True)
    country = CountryField(_("country"))
    currency = models.ForeignKey("pricing.Currency", on_delete=models.PROTECT, related_name="stores")
    status = models.CharField(_("status"), max_length=12, choices=StoreStatus.choices, default=StoreStatus.PENDING)
    description = models.TextField(_("description"), blank=True)
    customs_code = models.CharField(_("customs registration code"), max_length=18, blank=True)
    return_window_days = models.PositiveSmallIntegerField(_("return window (days)"), default=7)
    rating = models.DecimalField(max_digits=3, decimal_places=2, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["kind", "status"], name="store_kind_status")]

    def __str__(self):
        return self.name

    @property
    def is_approved(self) -> bool:
        return self.status == StoreStatus.APPROVED


class StoreRole(models.TextChoices):
    OWNER = "owner", _("Owner")
    MANAGER = "manager", _("Manager")
    STAFF = "staff", _("Staff")
    FINANCE = "finance", _("Finance")


class StoreMember(models.Model):
    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="store_memberships")
    role = models.CharField(max_length=10, choices=StoreRole.choices, default=StoreRole.STAFF)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["store", "user"], name="store_member_once")]

    def __str__(self):
        return f"{self.user} @ {self.store} ({self.role})"


class Agency(models.Model):
    """A company that runs stores on behalf of brands (agent operation, 代运营)."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(unique=True, max_length=80)
    country = CountryField(default="CN")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "agencies"
        ordering = ["name"]

    def __str__(self):
        return self.name


class AgencyRole(models.TextChoices):
    ADMIN = "admin", _("Agency admin")
    STAFF = "staff", _("Agency staff")


class AgencyMember(models.Model):
    """A person of an agency: admins manage the agency's staff, staff work on the stores the agency holds mandates
    for. An agency keeps at least one admin (``sellers.agency_services``)."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agency_memberships")
    role = models.CharField(max_length=10, choices=AgencyRole.choices, default=AgencyRole.STAFF)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "user"], name="agency_member_once")]

    def __str__(self):
        return f"{self.user} @ {self.agency} ({self.role})"

    @property
    def is_admin(self) -> bool:
        return self.role == AgencyRole.ADMIN


class AgencyLogAction(models.TextChoices):
    MEMBER_ADDED = "member_added", _("Member added")
    ROLE_CHANGED = "role_changed", _("Role changed")
    MEMBER_REMOVED = "member_removed", _("Member removed")


class AgencyLogEntry(models.Model):
    """A change to an agency's own staff, for the agency's admins. Not a store's audit entry: brands never read it."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="log_entries")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=20, choices=AgencyLogAction.choices)
    # The member concerned; the e-mail stays readable after the member (or their account) is gone.
    member_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    member_email = models.EmailField()
    from_role = models.CharField(max_length=10, choices=AgencyRole.choices, blank=True)
    to_role = models.CharField(max_length=10, choices=AgencyRole.choices, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name_plural = "agency log entries"
        indexes = [models.Index(fields=["agency", "-at"], name="agency_log_newest")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.member_email}"


# --- Onboarding: applications, their documents and their review timeline -------------------------------------


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for review")
    MORE_INFO = "more_info", _("More information requested")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class BankAccountKind(models.TextChoices):
    IBAN = "iban", _("IBAN")
    SWIFT = "swift", _("Account number and SWIFT/BIC")


class StoreApplication(models.Model):
    """A seller's request to open a store of one kind; an operator approves, rejects or asks for more."""

    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="store_applications")
    kind = models.CharField(_("kind"), max_length=20, choices=StoreKind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT, db_index=True
    )
    store = models.OneToOneField(Store, null=True, blank=True, on_delete=models.SET_NULL, related_name="application")
    store_name = models.CharField(_("store name"), max_length=120)
    store_name_zh = models.CharField(_("Chinese store name"), max_length=120, blank=True)
    company_name = models.CharField(_("company name"), max_length=200, blank=True)
    country = CountryField(_("country"))
    currency = models.ForeignKey("pricing.Currency", on_delete=models.PROTECT, related_name="+")
    registration_number = models.CharField(_("business registration number"), max_length=60, blank=True)
    export_licence_number = models.CharField(_("export licence number"), max_length=60, blank=True)
    # Personal shoppers: the applicant's real name and identity document number, encrypted at rest.
    legal_name = EncryptedTextField(_("legal name"), blank=True)
    identity_number = EncryptedTextField(_("identity document number"), blank=True)
    # Local return address in the home territory (Chinese format, validated like buyer addresses).
    return_recipient = models.CharField(_("return recipient"), max_length=60, blank=True)
    return_phone = models.CharField(_("return phone"), max_length=20, blank=True)
    return_province = models.CharField(_("province"), max_length=20, blank=True)
    return_city = models.CharField(_("city"), max_length=30, blank=True)
    return_district = models.CharField(_("district"), max_length=30, blank=True)
    return_district_code = models.CharField(_("district code"), max_length=6, blank=True)
    return_detail = models.CharField(_("street address"), max_length=200, blank=True)
    return_postal_code = models.CharField(_("postal code"), max_length=6, blank=True)
    service_email = models.EmailField(_("customer-service e-mail"), blank=True)
    service_phone = models.CharField(_("customer-service phone"), max_length=20, blank=True)
    bank_account_holder = models.CharField(_("account holder"), max_length=120, blank=True)
    bank_name = models.CharField(_("bank name"), max_length=120, blank=True)
    bank_account_kind = models.CharField(max_length=5, choices=BankAccountKind.choices, blank=True)
    iban = models.CharField(_("IBAN"), max_length=34, blank=True)
    bank_account_number = models.CharField(_("account number"), max_length=34, blank=True)
    swift_bic = models.CharField(_("SWIFT/BIC"), max_length=11, blank=True)
    # Recorded here; the ledger entry that holds the deposit arrives with settlement.
    security_deposit = models.DecimalField(
        _("security deposit"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    decision_reason = models.TextField(_("reason"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["status", "submitted_at"], name="application_status_submitted")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(security_deposit__isnull=True) | models.Q(security_deposit__gte=0),
                name="application_deposit_not_negative",
            )
        ]

    def __str__(self):
        return f"{self.store_name} ({self.get_status_display()})"

    @property
    def is_editable(self) -> bool:
        return self.status in {ApplicationStatus.DRAFT, ApplicationStatus.MORE_INFO}


class DocumentKind(models.TextChoices):
    BUSINESS_REGISTRATION = "business_registration", _("Business registration")
    RETAIL_AUTHORISATION = "retail_authorisation", _("Retail authorisation")
    BRAND_AUTHORISATION = "brand_authorisation", _("Brand authorisation")
    IDENTITY = "identity", _("Identity document")
    PROOF_OF_RESIDENCE = "proof_of_residence", _("Proof of overseas residence")
    EXPORT_LICENCE = "export_licence", _("Export licence")


class ApplicationDocument(models.Model):
    """An uploaded qualification; brand authorisations form a chain (brand -> grantor -> this merchant)."""

    application = models.ForeignKey(StoreApplication, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=24, choices=DocumentKind.choices)
    file = models.FileField(upload_to="seller-documents/%Y/%m/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    brand_name = models.CharField(_("brand"), max_length=100, blank=True)
    grantor = models.CharField(_("granted by"), max_length=200, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True, db_index=True)
    expiry_flagged_at = models.DateTimeField(null=True, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["application", "kind", "id"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.original_name}"


class ApplicationEvent(models.Model):
    """One state change of an application: who, when, from, to, why."""

    application = models.ForeignKey(StoreApplication, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    from_status = models.CharField(max_length=10, choices=ApplicationStatus.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=ApplicationStatus.choices)
    reason = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["application", "at", "id"]

    def __str__(self):
        return f"{self.application_id}: {self.from_status or '-'} -> {self.to_status}"


# --- Agency operation: mandates and the audit log -------------------------------------------------------------


class MandateScope(models.TextChoices):
    CATALOG = "catalog", _("Catalog")
    ORDERS = "orders", _("Orders")
    CUSTOMER_SERVICE = "customer_service", _("Customer service")
    MARKETING = "marketing", _("Marketing")
    FINANCE_READ = "finance_read", _("Finance (read only)")


class AgencyFeeKind(models.TextChoices):
    NONE = "none", _("No fee")
    PERCENT_OF_GMV = "percent_gmv", _("Percentage of GMV")
    MONTHLY = "monthly", _("Monthly fee")


class Mandate(models.Model):
    """A store lets an agency act on it within ``scopes`` from ``starts_on`` to ``ends_on`` unless revoked."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="mandates")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="mandates")
    scopes = models.JSONField(default=list)
    starts_on = models.DateField()
    ends_on = models.DateField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Fee terms; the ledger settles them when settlement exists.
    fee_kind = models.CharField(max_length=12, choices=AgencyFeeKind.choices, default=AgencyFeeKind.NONE)
    fee_percent = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    fee_monthly = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["agency", "store", "ends_on"], name="mandate_agency_store_end")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="mandate_end_after_start"
            ),
            models.CheckConstraint(
                condition=models.Q(fee_percent__isnull=True) | models.Q(fee_percent__gte=0, fee_percent__lte=100),
                name="mandate_fee_percent_range",
            ),
        ]

    def __str__(self):
        return f"{self.agency} -> {self.store} ({self.starts_on}..{self.ends_on})"

    def is_live(self, today) -> bool:
        return self.revoked_at is None and self.starts_on <= today <= self.ends_on


class AuditEntry(models.Model):
    """What an agency member did on a store under a mandate; the brand reads these in the portal."""

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="audit_entries")
    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="audit_entries")
    mandate = models.ForeignKey(Mandate, null=True, on_delete=models.SET_NULL, related_name="audit_entries")
    action = models.CharField(max_length=40)
    object_type = models.CharField(max_length=40, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    object_repr = models.CharField(max_length=200, blank=True)
    details = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name_plural = "audit entries"
        indexes = [models.Index(fields=["store", "-at"], name="audit_store_newest")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.object_repr}"
