from django.apps import AppConfig


class InventoryConfig(AppConfig):
    name = "xborder.inventory"
    label = "inventory"
    verbose_name = "Warehouses and stock"
