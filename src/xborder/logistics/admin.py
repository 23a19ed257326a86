from django import forms
from django.contrib import admin

from xborder.logistics.models import Carrier, Leg, Shipment, ShipmentPackage, TrackingEvent, WebhookDelivery


class CarrierForm(forms.ModelForm):
    """The webhook secret is write-only: it is never shown, and a blank field keeps the current one."""

    webhook_secret = forms.CharField(
        required=False, widget=forms.PasswordInput(render_value=False), help_text="Leave blank to keep the secret."
    )

    class Meta:
        model = Carrier
        fields = ["code", "name", "international", "client", "tracking_url", "is_active", "webhook_secret"]

    def clean_webhook_secret(self):
        secret = self.cleaned_data["webhook_secret"]
        if not secret and self.instance.pk:
            return Carrier.objects.get(pk=self.instance.pk).webhook_secret
        if secret and len(secret) < 16:
            raise forms.ValidationError("A webhook secret has at least 16 characters.")
        return secret


@admin.register(Carrier)
class CarrierAdmin(admin.ModelAdmin):
    form = CarrierForm
    list_display = ["code", "name", "international", "client", "is_active"]
    list_filter = ["international", "client", "is_active"]
    search_fields = ["code", "name"]


class ShipmentPackageInline(admin.TabularInline):
    model = ShipmentPackage
    extra = 0
    raw_id_fields = ["package"]


class LegInline(admin.TabularInline):
    model = Leg
    extra = 0


@admin.register(Shipment)
class ShipmentAdmin(admin.ModelAdmin):
    list_display = ["number", "buyer", "warehouse", "mode", "status", "shipped_at", "estimated_by", "delivered_at"]
    list_filter = ["mode", "status", "warehouse"]
    search_fields = ["number", "legs__tracking_number", "shipment_packages__package__number"]
    raw_id_fields = ["buyer", "created_by"]
    inlines = [ShipmentPackageInline, LegInline]


@admin.register(Leg)
class LegAdmin(admin.ModelAdmin):
    list_display = ["shipment", "sequence", "kind", "carrier", "tracking_number", "status", "started_at"]
    list_filter = ["kind", "status", "carrier"]
    search_fields = ["tracking_number", "shipment__number"]


@admin.register(TrackingEvent)
class TrackingEventAdmin(admin.ModelAdmin):
    list_display = ["carrier", "carrier_event_id", "code", "occurred_at", "received_at", "source", "location"]
    list_filter = ["code", "source", "carrier"]
    search_fields = ["carrier_event_id", "leg__tracking_number"]


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ["carrier", "timestamp", "received_at", "event_count"]
    list_filter = ["carrier"]
    search_fields = ["signature"]
