from django.apps import AppConfig


class DutiesConfig(AppConfig):
    name = "xborder.duties"
    label = "duties"
    verbose_name = "Duties: HS rates, positive list, buyer quota"
