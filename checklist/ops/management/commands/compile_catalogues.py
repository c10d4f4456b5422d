import polib
from django.core.management.base import BaseCommand, CommandError

from checklist.ops.catalogues import (
    LOCALES,
    SOURCE_LOCALE,
    catalogue,
    compile_catalogue,
    fill_from_source,
    name_the_language,
)


class Command(BaseCommand):
    help = (
        "Fill the English catalogue from its own messages, then compile every catalogue "
        "under locale/ (.po to .mo) in pure Python. `make messages` runs it after makemessages."
    )

    def handle(self, *args, **options) -> None:
        missing = [str(catalogue(locale)) for locale in LOCALES if not catalogue(locale).exists()]
        if missing:
            raise CommandError("No catalogue at " + ", ".join(missing) + ": run `make messages`.")
        source = polib.pofile(str(catalogue(SOURCE_LOCALE)))
        filled = fill_from_source(source)
        source.save()
        self.stdout.write(f"{SOURCE_LOCALE}: {filled} messages filled in from the source text")
        for locale in LOCALES:
            name_the_language(catalogue(locale), locale)
            mo_path = compile_catalogue(catalogue(locale))
            self.stdout.write(f"{locale}: compiled {mo_path}")
