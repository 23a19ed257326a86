"""Payments (one per checkout, covering its orders), refunds, gateway notifications, the payment
timeline, and the sandbox payment platform's own books (``SandboxCharge``)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from xborder.core.pii import EncryptedTextField
from xborder.payments.states import ChargeStatus, PaymentStatus

MONEY = {"max_digits": 14, "decimal_places": 2}


class Payment(models.Model):
    """What the buyer pays for one checkout through one gateway. ``refunded_amount`` can never exceed
    ``captured_amount`` (database constraint; refunds raise it with a conditional UPDATE)."""

    number = models.CharField(max_length=24, unique=True)
    buyer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="payments")
    orders = models.ManyToManyField("orders.Order", related_name="payments")
    gateway = models.CharField(max_length=20)
    status = models.CharField(max_length=20, choices=PaymentStatus.choices, default=PaymentStatus.PENDING)
    currency = models.CharField(max_length=3, default="CNY")
    amount = models.DecimalField(**MONEY)
    captured_amount = models.DecimalField(default=0, **MONEY)
    refunded_amount = models.DecimalField(default=0, **MONEY)
    # CBEC: customs needs the payer to be the buyer; the gateway checks it against this keyed hash.
    requires_identity = models.BooleanField(default=False)
    buyer_id_hash = models.CharField(max_length=64, blank=True)
    payer_name = EncryptedTextField(blank=True, default="")
    payer_id_hash = models.CharField(max_length=64, blank=True)
    provider_ref = models.CharField(max_length=64, blank=True, db_index=True)
    redirect_url = models.CharField(max_length=200, blank=True)
    return_url = models.CharField(max_length=200, blank=True)
    decline_reason = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["buyer", "-created_at"], name="payment_buyer_newest")]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
            models.CheckConstraint(
                condition=Q(captured_amount__gte=0) & Q(captured_amount__lte=F("amount")),
                name="payment_captured_within_amount",
            ),
            models.CheckConstraint(
                condition=Q(refunded_amount__gte=0) & Q(refunded_amount__lte=F("captured_amount")),
                name="payment_refunds_within_captured",
            ),
        ]

    def __str__(self):
        return self.number

    @property
    def refundable_amount(self):
        return self.captured_amount - self.refunded_amount


class Refund(models.Model):
    number = models.CharField(max_length=24, unique=True)
    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refunds")
    amount = models.DecimalField(**MONEY)
    reason = models.CharField(max_length=200)
    provider_ref = models.CharField(max_length=64, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="refund_amount_positive")]

    def __str__(self):
        return f"{self.number} {self.amount}"


class PaymentNotification(models.Model):
    """Every verified notification once (unique id): a redelivery is recognised and ignored."""

    notification_id = models.CharField(max_length=64, unique=True)
    gateway = models.CharField(max_length=20)
    payment = models.ForeignKey(Payment, null=True, blank=True, on_delete=models.SET_NULL, related_name="notifications")
    event = models.CharField(max_length=40)
    payload = models.JSONField()
    outcome = models.CharField(max_length=40, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["received_at", "id"]

    def __str__(self):
        return f"{self.notification_id} {self.event} ({self.outcome})"


class PaymentEvent(models.Model):
    """The payment's timeline: every state change and refund (who, when, from, to, why)."""

    payment = models.ForeignKey(Payment, on_delete=models.CASCADE, related_name="timeline")
    refund = models.ForeignKey(Refund, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)
    reason = models.CharField(max_length=200, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    actor_label = models.CharField(max_length=60, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.payment}: {self.from_status or '-'} -> {self.to_status}"

    @property
    def who(self) -> str:
        return str(self.actor) if self.actor_id else self.actor_label


class SandboxCharge(models.Model):
    """The sandbox payment platform's side of a payment, as a real provider would keep it: the hosted
    page token, the expected payer, what was captured and refunded."""

    token = models.CharField(max_length=64, unique=True)
    transaction_id = models.CharField(max_length=40, unique=True)
    merchant_ref = models.CharField(max_length=24, unique=True)
    amount = models.DecimalField(**MONEY)
    currency = models.CharField(max_length=3)
    status = models.CharField(max_length=10, choices=ChargeStatus.choices, default=ChargeStatus.OPEN)
    requires_identity = models.BooleanField(default=False)
    expected_payer_hash = models.CharField(max_length=64, blank=True)
    payer_name = EncryptedTextField(blank=True, default="")
    payer_id_hash = models.CharField(max_length=64, blank=True)
    refunded = models.DecimalField(default=0, **MONEY)
    return_url = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(refunded__gte=0) & Q(refunded__lte=F("amount")), name="sandbox_refunds_within_amount"
            ),
        ]

    def __str__(self):
        return f"{self.transaction_id} {self.status}"
