"""Cross-cutting tables: the transactional outbox."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    DELIVERED = "delivered", _("Delivered")


class OutboxMessage(models.Model):
    """A message to send to the outside world, written in the transaction of the state change that
    causes it and delivered afterwards by a worker (at least once, retried with exponential backoff).

    ``handler`` is the dotted path of the function that delivers it (``xborder.<app>...``);
    ``key`` is unique per handler, so enqueuing the same message twice is refused by the database.
    """

    handler = models.CharField(max_length=120)
    key = models.CharField(max_length=64)
    payload = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["next_attempt_at", "id"]
        indexes = [
            # The sweep: pending rows whose next attempt is due, oldest first.
            models.Index(fields=["next_attempt_at", "id"], condition=Q(status="pending"), name="outbox_pending_due"),
        ]
        constraints = [models.UniqueConstraint(fields=["handler", "key"], name="outbox_message_once")]

    def __str__(self):
        return f"{self.handler.rsplit('.', 1)[-1]} {self.key} ({self.status})"
