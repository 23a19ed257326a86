from django.apps import AppConfig


class PricingConfig(AppConfig):
    name = "xborder.pricing"
    label = "pricing"
    verbose_name = "Currencies and FX rates"
