from django.apps import AppConfig


class CheckoutConfig(AppConfig):
    name = "xborder.checkout"
    label = "checkout"
