from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "checklist.ops"
    verbose_name = "Operations"
