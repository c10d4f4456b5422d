from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "checklist.reports"
    verbose_name = "Reports"
