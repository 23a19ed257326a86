from django.apps import AppConfig


class LogisticsConfig(AppConfig):
    """Carriers, shipments, legs and tracking events."""

    name = "xborder.logistics"
    label = "logistics"
    verbose_name = "Logistics"
    default_auto_field = "django.db.models.BigAutoField"
