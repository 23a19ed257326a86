from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "xborder.accounts"
    label = "accounts"
    verbose_name = "Accounts and real-name identities"
