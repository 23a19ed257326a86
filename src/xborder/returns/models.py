"""Return requests by order line, with photos, the store's return policy, inspection on receipt, the refund
(goods, freight, tax) and the timeline of every step."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

MONEY = {"max_digits": 14, "decimal_places": 2, "default": 0}


class FreightPayer(models.TextChoices):
    BUYER = "buyer", _("Buyer")
    SELLER = "seller", _("Seller")


class ReturnPolicy(models.Model):
    """A store's return settings; the window in days is ``Store.return_window_days`` (from delivery)."""

    store = models.OneToOneField("sellers.Store", on_delete=models.CASCADE, related_name="return_policy")
    return_freight_paid_by = models.CharField(max_length=6, choices=FreightPayer.choices, default=FreightPayer.BUYER)
    refund_outbound_freight = models.BooleanField(
        default=False, help_text=_("Refund the original shipping on a whole-package return whatever the reason.")
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "return policies"

    def __str__(self):
        return f"{self.store}: return freight by {self.return_freight_paid_by}"


class ReturnReason(models.TextChoices):
    CHANGED_MIND = "changed_mind", _("Changed my mind")
    DEFECTIVE = "defective", _("Defective")
    DAMAGED = "damaged", _("Damaged in transit")
    WRONG_ITEM = "wrong_item", _("Wrong item sent")
    NOT_AS_DESCRIBED = "not_as_described", _("Not as described")


SELLER_FAULT = frozenset({ReturnReason.DEFECTIVE, ReturnReason.DAMAGED, ReturnReason.WRONG_ITEM,
                          ReturnReason.NOT_AS_DESCRIBED})  # fmt: skip


class ReturnDestination(models.TextChoices):
    BONDED_WAREHOUSE = "bonded_warehouse", _("Back to the bonded warehouse (tax not levied)")
    LOCAL_ADDRESS = "local_address", _("The store's local return address")
    ABROAD = "abroad", _("The seller's address abroad")


class ReturnStatus(models.TextChoices):
    APPROVED = "approved", _("Approved: send the goods back")
    IN_TRANSIT = "in_transit", _("On its way back")
    RECEIVED = "received", _("Received")
    REFUNDED = "refunded", _("Refunded")
    REJECTED = "rejected", _("Rejected on inspection")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_STATUSES = (ReturnStatus.APPROVED, ReturnStatus.IN_TRANSIT, ReturnStatus.RECEIVED)


class ReturnRequest(models.Model):
    number = models.CharField(max_length=24, unique=True)
    order = models.ForeignKey("orders.Order", on_delete=models.PROTECT, related_name="return_requests")
    package = models.ForeignKey("orders.Package", on_delete=models.PROTECT, related_name="return_requests")
    buyer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="return_requests")
    reason = models.CharField(max_length=20, choices=ReturnReason.choices)
    description = models.TextField(blank=True)
    status = models.CharField(max_length=12, choices=ReturnStatus.choices, default=ReturnStatus.APPROVED)
    destination = models.CharField(max_length=20, choices=ReturnDestination.choices)
    destination_address = models.TextField(help_text=_("Where the buyer sends the goods (snapshot)."))
    # Seller pays: the buyer gets a prepaid return label; buyer pays: the buyer ships at their own cost.
    return_freight_paid_by = models.CharField(max_length=6, choices=FreightPayer.choices)
    applied_at = models.DateTimeField()
    delivered_at = models.DateTimeField()
    # D10 for bonded CBEC goods: apply within 30 days of customs release, goods back within 45.
    released_at = models.DateTimeField(null=True, blank=True, help_text=_("Customs release of the package"))
    legal_apply_by = models.DateTimeField(null=True, blank=True)
    legal_back_by = models.DateTimeField(null=True, blank=True)
    return_carrier = models.CharField(max_length=60, blank=True)
    return_tracking_number = models.CharField(max_length=40, blank=True)
    received_at = models.DateTimeField(null=True, blank=True)
    tax_not_levied = models.BooleanField(default=False)
    inspection_note = models.TextField(blank=True)
    goods_refund = models.DecimalField(**MONEY)
    freight_refund = models.DecimalField(**MONEY)
    tax_refund = models.DecimalField(**MONEY)
    quota_released = models.DecimalField(**MONEY)
    refund_reference = models.CharField(max_length=24, blank=True)
    refunded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["buyer", "-created_at"], name="return_buyer_newest"),
            models.Index(fields=["status", "applied_at"], name="return_status_applied"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(goods_refund__gte=0)
                & Q(freight_refund__gte=0)
                & Q(tax_refund__gte=0)
                & Q(quota_released__gte=0),
                name="return_amounts_not_negative",
            ),
        ]

    def __str__(self):
        return self.number

    @property
    def refund_total(self):
        return self.goods_refund + self.freight_refund + self.tax_refund

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class ReturnLine(models.Model):
    request = models.ForeignKey(ReturnRequest, on_delete=models.CASCADE, related_name="lines")
    order_line = models.ForeignKey("orders.OrderLine", on_delete=models.PROTECT, related_name="return_lines")
    quantity = models.PositiveIntegerField()
    accepted_quantity = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["request", "id"]
        constraints = [
            models.UniqueConstraint(fields=["request", "order_line"], name="return_line_once"),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="return_line_quantity_positive"),
            models.CheckConstraint(
                condition=Q(accepted_quantity__isnull=True) | Q(accepted_quantity__lte=models.F("quantity")),
                name="return_line_accepted_within_quantity",
            ),
        ]

    def __str__(self):
        return f"{self.quantity} x {self.order_line_id}"


class ReturnPhoto(models.Model):
    request = models.ForeignKey(ReturnRequest, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(upload_to="returns/%Y/%m/")
    content_type = models.CharField(max_length=20)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.file.name


class ReturnEvent(models.Model):
    """One step of a return: who, when, from, to, why."""

    request = models.ForeignKey(ReturnRequest, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12)
    reason = models.CharField(max_length=200, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.request}: {self.from_status or '-'} -> {self.to_status}"
