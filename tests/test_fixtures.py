"""fixtures/instruments.json is what the parser makes of fixtures/sources/ (`make fixtures`)."""

import pytest
from django.core.management import call_command

from checklist.instruments.models import Instrument
from checklist.instruments.parser import parse_instrument
from tests.factories import EXCOM_SOURCE, GA_SOURCE, ROOT


@pytest.mark.django_db
@pytest.mark.parametrize("source", [EXCOM_SOURCE, GA_SOURCE], ids=lambda p: p.name)
def test_fixture_matches_the_parser(source):
    call_command("loaddata", ROOT / "fixtures" / "instruments.json", verbosity=0)
    parsed = parse_instrument(source.read_text(encoding="utf-8"))
    instrument = Instrument.objects.get(symbol=parsed.symbol)
    assert (instrument.title, instrument.body, instrument.adopted_on) == (
        parsed.title,
        parsed.body,
        parsed.adopted_on,
    )
    assert instrument.source_text == source.read_text(encoding="utf-8")
    saved = [
        (
            p.kind,
            p.number,
            p.lead,
            p.text,
            p.addressee,
            p.checkable,
            [t.slug for t in p.themes.all()],
        )
        for p in instrument.paragraphs.prefetch_related("themes")
    ]
    expected = [("preambular", "", p.lead, p.text, "", False, []) for p in parsed.preambular] + [
        ("operative", p.number, p.lead, p.text, p.addressee, p.checkable, sorted(p.themes))
        for p in parsed.operative
    ]
    assert [(*s[:6], sorted(s[6])) for s in saved] == expected
    assert instrument.footnotes == [{"number": f.number, "text": f.text} for f in parsed.footnotes]


@pytest.mark.django_db
def test_loading_the_fixture_twice_changes_nothing():
    for _ in range(2):
        call_command("loaddata", ROOT / "fixtures" / "instruments.json", verbosity=0)
    assert Instrument.objects.count() == 2
