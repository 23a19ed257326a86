from django.contrib import admin

from xborder.payments.models import Payment, PaymentEvent, PaymentNotification, Refund, SandboxCharge


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    list_display = [
        "number",
        "buyer",
        "gateway",
        "status",
        "amount",
        "captured_amount",
        "refunded_amount",
        "created_at",
    ]
    list_filter = ["status", "gateway", "requires_identity"]
    search_fields = ["number", "provider_ref", "buyer__email"]
    list_select_related = ["buyer"]
    exclude = ["payer_name"]
    raw_id_fields = ["orders"]


@admin.register(Refund)
class RefundAdmin(admin.ModelAdmin):
    list_display = ["number", "payment", "amount", "reason", "provider_ref", "created_at"]
    list_filter = ["created_at"]
    search_fields = ["number", "payment__number", "provider_ref"]
    list_select_related = ["payment"]


@admin.register(PaymentNotification)
class PaymentNotificationAdmin(admin.ModelAdmin):
    list_display = ["notification_id", "gateway", "event", "payment", "outcome", "received_at"]
    list_filter = ["gateway", "event", "outcome"]
    search_fields = ["notification_id", "payment__number"]
    list_select_related = ["payment"]


@admin.register(PaymentEvent)
class PaymentEventAdmin(admin.ModelAdmin):
    list_display = ["payment", "from_status", "to_status", "reason", "who", "created_at"]
    list_filter = ["to_status"]
    search_fields = ["payment__number", "reason"]
    list_select_related = ["payment", "actor"]


@admin.register(SandboxCharge)
class SandboxChargeAdmin(admin.ModelAdmin):
    list_display = ["transaction_id", "merchant_ref", "amount", "currency", "status", "refunded", "created_at"]
    list_filter = ["status", "requires_identity"]
    search_fields = ["transaction_id", "merchant_ref"]
    exclude = ["payer_name", "token"]
