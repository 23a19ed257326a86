from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "xborder.payments"
    label = "payments"
