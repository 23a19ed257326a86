from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "xborder.catalog"
    label = "catalog"
    verbose_name = "Catalog"
