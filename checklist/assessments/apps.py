from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "checklist.assessments"
    verbose_name = "Assessments"
