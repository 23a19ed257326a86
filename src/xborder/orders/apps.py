from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "xborder.orders"
    label = "orders"
