from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "checklist.accounts"
    verbose_name = "Organisations and people"
