from django.apps import AppConfig


class StorefrontConfig(AppConfig):
    name = "xborder.storefront"
    label = "storefront"
    verbose_name = "Storefront"
