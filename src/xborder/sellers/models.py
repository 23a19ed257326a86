"""Stores (seller accounts of one kind), their members, and agencies that operate stores for brands."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField


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


class AgencyMember(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agency_memberships")
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "user"], name="agency_member_once")]

    def __str__(self):
        return f"{self.user} @ {self.agency}"
