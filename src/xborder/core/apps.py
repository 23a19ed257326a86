from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "xborder.core"
    label = "core"
    verbose_name = "Core"
