from django.apps import AppConfig
from django.utils.translation import gettext, gettext_lazy

from checklist.instruments import translation


class InstrumentsConfig(AppConfig):
    name = "checklist.instruments"
    verbose_name = gettext_lazy("Instruments")

    def ready(self) -> None:
        # The reader's and the parser's messages (pure Python) in the person's language.
        translation.install(gettext)
