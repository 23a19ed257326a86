from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "xborder.api"
    label = "api"
    verbose_name = "API"
