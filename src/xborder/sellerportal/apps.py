from django.apps import AppConfig


class SellerportalConfig(AppConfig):
    name = "xborder.sellerportal"
    label = "sellerportal"
