from django.apps import AppConfig


class InstrumentsConfig(AppConfig):
    name = "checklist.instruments"
    verbose_name = "Instruments"
