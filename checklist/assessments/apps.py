from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class AssessmentsConfig(AppConfig):
    name = "checklist.assessments"
    verbose_name = gettext_lazy("Assessments")

    def ready(self) -> None:
        from checklist.usernames import require_ascii_usernames

        # People are named to each other in assessments: no look-alike usernames.
        require_ascii_usernames()
