from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    """Return requests, inspection on receipt, refunds and the release of tax and quota."""

    name = "xborder.returns"
    label = "returns"
    verbose_name = "Returns"
    default_auto_field = "django.db.models.BigAutoField"
