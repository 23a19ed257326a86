"""Declarations of packages to customs: the messages sent (each with its state and XML), the receipts that
came back (stored once per receipt guid), the tax-bill reconciliation items and the declaration timeline."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

MONEY = {"max_digits": 14, "decimal_places": 2}


class Clearance(models.TextChoices):
    """Where a package stands with customs; the labels are what the buyer reads."""

    BLOCKED = "blocked", _("Held back: the declaration data needs a correction")
    PENDING = "pending", _("Being declared to customs")
    SUBMITTED = "submitted", _("Declared, waiting for customs")
    ACCEPTED = "accepted", _("Accepted by customs, waiting for release")
    MANUAL_REVIEW = "manual_review", _("Customs is reviewing the documents")
    INSPECTION = "inspection", _("Customs is inspecting the parcel")
    RELEASED = "released", _("Released by customs")
    REJECTED = "rejected", _("Rejected by customs")
    FORMAT_ERROR = "format_error", _("Customs could not read a message")
    CANCELLED = "cancelled", _("Declaration cancelled")


class MessageState(models.TextChoices):
    PENDING = "pending", _("Waiting in the outbox")
    SENT = "sent", _("Sent")
    DECLARING = "declaring", _("Being declared")
    ACCEPTED = "accepted", _("Accepted")
    MANUAL_REVIEW = "manual_review", _("Manual review")
    INSPECTION = "inspection", _("Inspection")
    RELEASED = "released", _("Released")
    REJECTED = "rejected", _("Rejected")
    ERROR = "error", _("Format error")
    SUPERSEDED = "superseded", _("Superseded by a resend")


class Declaration(models.Model):
    """The customs declaration of one package.

    ``clearance`` (and ``clearance_reason``) are derived from the messages' states by
    ``services.derive_clearance`` and rewritten in the same transaction as every message change; they
    are stored because the operator desk filters and the "stuck" query need an index on them.
    """

    package = models.OneToOneField("orders.Package", on_delete=models.PROTECT, related_name="declaration")
    clearance = models.CharField(max_length=16, choices=Clearance.choices, default=Clearance.PENDING)
    clearance_reason = models.CharField(max_length=1000, blank=True)
    clearance_changed_at = models.DateTimeField()
    # Why the last declaration attempt was refused before sending (a §6.5 rule, missing data).
    error_code = models.CharField(max_length=40, blank=True)
    error_details = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-clearance_changed_at", "-id"]
        indexes = [models.Index(fields=["clearance", "clearance_changed_at"], name="declaration_clearance")]

    def __str__(self):
        return f"declaration of {self.package_id} ({self.clearance})"


class DeclarationMessage(models.Model):
    """One CEB message of a declaration: the signed, schema-valid XML, and where it stands.
    Delivery attempts and the last delivery error live on its outbox row."""

    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, related_name="messages")
    message_type = models.CharField(max_length=6)
    guid = models.CharField(max_length=36, unique=True)
    head_guid = models.CharField(max_length=36, db_index=True)
    state = models.CharField(max_length=16, choices=MessageState.choices, default=MessageState.PENDING)
    payload = models.TextField()
    outbox = models.OneToOneField(
        "core.OutboxMessage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The bonded return a CEB625 declares (one CEB625 per return).
    return_request = models.OneToOneField(
        "returns.ReturnRequest", null=True, blank=True, on_delete=models.PROTECT, related_name="customs_message"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["declaration", "id"]
        indexes = [models.Index(fields=["declaration", "message_type"], name="declaration_message_type")]

    def __str__(self):
        return f"{self.message_type} {self.guid} ({self.state})"

    @property
    def attempts(self) -> int:
        return self.outbox.attempts if self.outbox_id else 0

    @property
    def last_error(self) -> str:
        return self.outbox.last_error if self.outbox_id else ""


class ReceiptSource(models.TextChoices):
    POLL = "poll", _("Polled")
    PUSH = "push", _("Pushed")
    SUBMIT = "submit", _("Answer to a submission")


class Receipt(models.Model):
    """A receipt, tax bill (CEB816) or format error (CEB900) from customs, once per ``receipt_guid``
    (the root guid of the receipt message): a duplicate delivery is recognised and changes nothing."""

    receipt_guid = models.CharField(max_length=36, unique=True)
    message_type = models.CharField(max_length=6)
    declaration = models.ForeignKey(
        Declaration, null=True, blank=True, on_delete=models.CASCADE, related_name="receipts"
    )
    message = models.ForeignKey(
        DeclarationMessage, null=True, blank=True, on_delete=models.SET_NULL, related_name="receipts"
    )
    return_status = models.IntegerField(null=True, blank=True)
    return_info = models.CharField(max_length=1000, blank=True)
    return_time = models.DateTimeField(null=True, blank=True)
    reason_code = models.CharField(max_length=40, blank=True)
    invt_no = models.CharField(max_length=18, blank=True)
    data = models.JSONField(default=dict, blank=True)
    payload = models.TextField()
    source = models.CharField(max_length=8, choices=ReceiptSource.choices)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["received_at", "id"]
        indexes = [models.Index(fields=["declaration", "received_at"], name="receipt_declaration")]

    def __str__(self):
        return f"{self.message_type} {self.return_status} {self.receipt_guid}"


class ReconciliationItem(models.Model):
    """A difference between customs' tax bill (CEB816) and the tax the buyer paid (the package snapshot),
    for an operator to settle."""

    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, related_name="reconciliation_items")
    receipt = models.ForeignKey(Receipt, on_delete=models.CASCADE, related_name="+")
    tax = models.CharField(max_length=20)
    expected = models.DecimalField(**MONEY)
    billed = models.DecimalField(**MONEY)
    difference = models.DecimalField(**MONEY)
    resolved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "id"]
        indexes = [
            models.Index(fields=["created_at"], condition=Q(resolved_at__isnull=True), name="reconciliation_open")
        ]
        constraints = [models.UniqueConstraint(fields=["receipt", "tax"], name="reconciliation_once_per_tax")]

    def __str__(self):
        return f"{self.tax}: paid {self.expected}, billed {self.billed}"


class DeclarationEvent(models.Model):
    """The declaration's timeline: every clearance change (who, when, from, to, why)."""

    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, related_name="timeline")
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16)
    reason = models.CharField(max_length=200, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    actor_label = models.CharField(max_length=60, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.declaration_id}: {self.from_status or '-'} -> {self.to_status}"


class ReceiptCursor(models.Model):
    """How far receipts were polled from one gateway: the last ``seq`` recorded, counted in the gateway's
    ``epoch`` (a simulator restarted without its ledger file numbers from 1 again, in a new epoch)."""

    gateway = models.CharField(max_length=200, unique=True)
    epoch = models.CharField(max_length=64, blank=True)
    last_seq = models.PositiveBigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.gateway} @ {self.epoch or '-'}:{self.last_seq}"
