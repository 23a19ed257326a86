"""Django app configuration of the customs app."""

from django.apps import AppConfig


class CustomsConfig(AppConfig):
    """The customs app: declaration messages, receipts and the single-window simulator."""

    name = "xborder.customs"
    label = "customs"
    verbose_name = "Customs"
    default_auto_field = "django.db.models.BigAutoField"
