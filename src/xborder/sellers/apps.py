from django.apps import AppConfig


class SellersConfig(AppConfig):
    name = "xborder.sellers"
    label = "sellers"
    verbose_name = "Stores and agencies"
