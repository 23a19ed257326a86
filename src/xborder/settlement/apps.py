from django.apps import AppConfig


class SettlementConfig(AppConfig):
    """The double-entry ledger, commission rules, seller payables and payouts."""

    name = "xborder.settlement"
    label = "settlement"
    verbose_name = "Settlement"
    default_auto_field = "django.db.models.BigAutoField"
