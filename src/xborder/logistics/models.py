"""Carriers, shipments (one package, or a consolidation of one buyer's packages from one warehouse), their legs,
tracking events (unique per carrier event id, placed by their own time) and received webhook deliveries."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from xborder.core.pii import EncryptedTextField


class CarrierClientKind(models.TextChoices):
    NONE = "", _("None (webhook only)")
    SANDBOX = "sandbox", _("Sandbox (simulated tracking)")


class Carrier(models.Model):
    """A carrier; pushes events by signed webhook (``webhook_secret``) or is polled through its ``client``."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=80)
    international = models.BooleanField(default=False)
    webhook_secret = EncryptedTextField(blank=True, default="")
    client = models.CharField(max_length=20, choices=CarrierClientKind.choices, blank=True, default="")
    tracking_url = models.CharField(max_length=200, blank=True, help_text=_("With {number} for the tracking number"))
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return self.name

    @property
    def has_webhook(self) -> bool:
        return bool(self.webhook_secret)


class ShipmentMode(models.TextChoices):
    BONDED = "bonded", _("Bonded: domestic delivery after release")
    DIRECT_MAIL = "direct_mail", _("Direct mail: international, port clearance, last mile")


class ShipmentStatus(models.TextChoices):
    CREATED = "created", _("Created")
    IN_TRANSIT = "in_transit", _("In transit")
    AT_PORT = "at_port", _("At the port of entry")
    CLEARED = "cleared", _("Cleared at the port")
    OUT_FOR_DELIVERY = "out_for_delivery", _("Out for delivery")
    DELIVERED = "delivered", _("Delivered")
    EXCEPTION = "exception", _("Exception")


class Shipment(models.Model):
    number = models.CharField(max_length=24, unique=True)
    buyer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="shipments")
    warehouse = models.ForeignKey("inventory.Warehouse", on_delete=models.PROTECT, related_name="shipments")
    mode = models.CharField(max_length=12, choices=ShipmentMode.choices)
    status = models.CharField(max_length=20, choices=ShipmentStatus.choices, default=ShipmentStatus.CREATED)
    shipped_at = models.DateTimeField()
    estimated_from = models.DateTimeField()
    estimated_by = models.DateTimeField(help_text=_("Late once this passes undelivered."))
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-shipped_at", "-id"]
        indexes = [
            models.Index(fields=["status", "estimated_by"], name="shipment_status_due"),
            models.Index(fields=["buyer", "-shipped_at"], name="shipment_buyer_newest"),
        ]

    def __str__(self):
        return self.number


class ShipmentPackage(models.Model):
    """A package travels in exactly one shipment (the unique constraint makes double shipping impossible)."""

    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="shipment_packages")
    package = models.OneToOneField("orders.Package", on_delete=models.PROTECT, related_name="shipment_link")

    def __str__(self):
        return f"{self.package} in {self.shipment}"


class LegKind(models.TextChoices):
    INTERNATIONAL = "international", _("International")
    PORT_CLEARANCE = "port_clearance", _("Port clearance")
    DOMESTIC = "domestic", _("Domestic last mile")


class LegStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACTIVE = "active", _("Active")
    DONE = "done", _("Done")


class Leg(models.Model):
    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="legs")
    sequence = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=16, choices=LegKind.choices)
    carrier = models.ForeignKey(Carrier, null=True, blank=True, on_delete=models.PROTECT, related_name="legs")
    tracking_number = models.CharField(max_length=40, blank=True)
    status = models.CharField(max_length=10, choices=LegStatus.choices, default=LegStatus.PENDING)
    started_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["shipment", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["shipment", "sequence"], name="leg_sequence_once"),
            models.UniqueConstraint(
                fields=["carrier", "tracking_number"], condition=~Q(tracking_number=""), name="leg_tracking_once"
            ),
        ]
        indexes = [models.Index(fields=["status", "carrier"], name="leg_status_carrier")]

    def __str__(self):
        return f"{self.shipment} #{self.sequence} {self.kind} {self.tracking_number}"


class EventCode(models.TextChoices):
    PICKED_UP = "picked_up", _("Picked up")
    IN_TRANSIT = "in_transit", _("In transit")
    DEPARTED = "departed", _("Departed origin")
    ARRIVED_AT_PORT = "arrived_at_port", _("Arrived at the port of entry")
    CUSTOMS_CLEARED = "customs_cleared", _("Cleared at the port")
    OUT_FOR_DELIVERY = "out_for_delivery", _("Out for delivery")
    DELIVERED = "delivered", _("Delivered")
    EXCEPTION = "exception", _("Exception")


class EventSource(models.TextChoices):
    WEBHOOK = "webhook", _("Webhook")
    POLL = "poll", _("Poll")
    STAFF = "staff", _("Warehouse staff")


class TrackingEvent(models.Model):
    """One carrier scan. ``occurred_at`` is the carrier's time, so late arrivals sort where they happened."""

    leg = models.ForeignKey(Leg, on_delete=models.CASCADE, related_name="events")
    carrier = models.ForeignKey(Carrier, on_delete=models.PROTECT, related_name="+")
    carrier_event_id = models.CharField(max_length=64)
    code = models.CharField(max_length=20, choices=EventCode.choices)
    description = models.CharField(max_length=200, blank=True)
    location = models.CharField(max_length=100, blank=True)
    occurred_at = models.DateTimeField()
    received_at = models.DateTimeField(auto_now_add=True)
    source = models.CharField(max_length=8, choices=EventSource.choices)

    class Meta:
        ordering = ["occurred_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["carrier", "carrier_event_id"], name="tracking_event_once"),
        ]
        indexes = [models.Index(fields=["leg", "occurred_at"], name="tracking_leg_time")]

    def __str__(self):
        return f"{self.code} @ {self.occurred_at:%Y-%m-%d %H:%M}"


class WebhookDelivery(models.Model):
    """A verified webhook request, kept by its signature: the same signed request twice is a replay."""

    carrier = models.ForeignKey(Carrier, on_delete=models.CASCADE, related_name="+")
    signature = models.CharField(max_length=64)
    timestamp = models.BigIntegerField()
    received_at = models.DateTimeField(auto_now_add=True)
    event_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-received_at"]
        constraints = [models.UniqueConstraint(fields=["carrier", "signature"], name="webhook_delivery_once")]

    def __str__(self):
        return f"{self.carrier_id} {self.timestamp}"
