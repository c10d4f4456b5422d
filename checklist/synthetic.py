"""Synthetic instruments and assessments of any size, for the tests, `make bench` and
`make load`. Nothing in the app imports it.

It lives in the app package, not in tests/ or bench/, because all three use it and none may
import another (bench/ and load/ are scripts, tests/ is pytest's): `checklist` is the one
package installed, so every entry point can import it.
"""

from datetime import date

from django.contrib.auth.base_user import AbstractBaseUser

from checklist.accounts.models import Organisation
from checklist.accounts.services import add_to_organisation
from checklist.assessments import services
from checklist.assessments.models import Assessment
from checklist.instruments.models import Instrument, Paragraph, Theme

TEXT = (
    "Calls upon all States to respect the fundamental principle of non-refoulement, to ensure "
    "access to fair and efficient asylum procedures, and to cooperate fully with the Office "
    "of the United Nations High Commissioner for Refugees in the exercise of its functions"
)


def synthetic_instrument(symbol: str, *, items: int) -> Instrument:
    """An instrument with one preambular paragraph and ``items`` checklist items."""
    instrument = Instrument.objects.create(
        symbol=symbol,
        title=f"Synthetic instrument {symbol}",
        body=Instrument.Body.GENERAL_ASSEMBLY,
        year=2026,
        source_text="(synthetic)",
    )
    paragraphs = [
        Paragraph(
            instrument=instrument,
            kind=Paragraph.Kind.PREAMBULAR,
            position=1,
            lead="Recalling",
            text="Recalling its earlier resolutions,",
        )
    ]
    paragraphs += [
        Paragraph(
            instrument=instrument,
            kind=Paragraph.Kind.OPERATIVE,
            position=number + 1,
            number=str(number),
            lead="Calls upon",
            text=f"{TEXT} ({number});",
            addressee=Paragraph.Addressee.STATES,
            checkable=True,
        )
        for number in range(1, items + 1)
    ]
    Paragraph.objects.bulk_create(paragraphs)
    themes = list(Theme.objects.order_by("pk")[:3])
    links = Paragraph.themes.through
    links.objects.bulk_create(
        links(paragraph_id=paragraph.pk, theme_id=theme.pk)
        for paragraph in instrument.paragraphs.filter(checkable=True)
        for theme in themes[:2]
    )
    return instrument


def synthetic_assessment(*, items: int, owner: AbstractBaseUser, prefix: str = "SYN") -> Assessment:
    """An assessment of ``items`` items over two synthetic instruments, owned by ``owner``."""
    first = items // 2
    instruments = [
        synthetic_instrument(f"{prefix}/1", items=first),
        synthetic_instrument(f"{prefix}/2", items=items - first),
    ]
    organisation, _ = Organisation.objects.get_or_create(
        slug="synthetic", defaults={"name": "Synthetic organisation"}
    )
    add_to_organisation(organisation=organisation, user=owner)
    return services.create_assessment(
        organisation=organisation,
        owner=owner,
        country="NO",
        title=f"Synthetic assessment of {items} items",
        as_of=date(2026, 6, 30),
        instruments=instruments,
    )
