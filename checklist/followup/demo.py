"""The demo's follow-up (seed_demo, through assessments.signals.demo_seeded): the demo
organisation's institutions, and actions on the demo assessment's findings with due dates
around today (some overdue, some due within the fortnight), indicators and progress.
Fictional, like the findings. Made once: a second run adds nothing."""

from datetime import timedelta

from django.utils import timezone

from checklist.assessments.models import Assessment
from checklist.followup import positions, services
from checklist.followup.models import Action, Institution, InstrumentVote, ItemPosition

GA, EXCOM = "A/RES/52/132", "ExCom Conclusion No. 52 (XXXIX)"

# name, kind, contact person, contact e-mail
INSTITUTIONS = [
    ("Ministry of Interior", "ministry", "Grace Mwangi", "focal.point@interior.example.org"),
    ("National Refugee Commission", "agency", "Daniel Otieno", "protection@nrc.example.org"),
    ("Kenya National Commission on Human Rights", "nhri", "Amina Hassan", "amina@nhri.example.org"),
    ("Supreme Court", "court", "", "registrar@court.example.org"),
    ("National Assembly", "parliament", "Committee on Security", ""),
    ("UNHCR Kenya", "international", "Protection unit", "protection@unhcr.example.org"),
]

# (symbol, paragraph, what, lead, also involved, days from today to the due date, status,
#  [(indicator, baseline, target, current, measured days ago)], [(days ago, progress)])
ACTIONS = [
    (
        GA,
        "16",
        "Issue border guidelines on access to asylum and train border officers in them",
        "Ministry of Interior",
        ["National Refugee Commission", "UNHCR Kenya"],
        -12,
        "in_progress",
        [
            ("Border officers trained", "0", "400", "120", 20),
            ("Documented returns without access to asylum", "2 (2025)", "0", "1", 30),
        ],
        [
            (60, "Draft guidelines shared with UNHCR for comments."),
            (25, "First three training sessions held at Namanga and Busia."),
        ],
    ),
    (
        GA,
        "16",
        "Monitor border points and report cases of refoulement to Parliament",
        "Kenya National Commission on Human Rights",
        ["National Assembly"],
        9,
        "planned",
        [("Border points visited per quarter", "2", "8", "3", 10)],
        [],
    ),
    (
        GA,
        "15",
        "Report to UNHCR on refugee legislation, as Article 35 of the 1951 Convention asks",
        "National Refugee Commission",
        ["Ministry of Interior"],
        5,
        "in_progress",
        [("Reports on legislation sent to UNHCR", "0 since 2021", "1 a year", "0", 5)],
        [(14, "Outline agreed; the chapter on the 2021 Refugees Act is being drafted.")],
    ),
    (
        GA,
        "15",
        "Publish yearly refugee statistics",
        "National Refugee Commission",
        [],
        -40,
        "done",
        [("Yearly statistics published", "no", "yes", "yes", 45)],
        [(45, "2025 statistics published on the Commission's website.")],
    ),
    (
        EXCOM,
        "1",
        "Renew the host-country agreement with UNHCR before it lapses",
        "Ministry of Interior",
        ["UNHCR Kenya"],
        -3,
        "planned",
        [],
        [],
    ),
]


# (symbol, paragraph, position, statement): what the State said of the demo's items.
POSITIONS = [
    (GA, "16", "supported", ""),
    (
        GA,
        "15",
        "partially_supported",
        "Reports on refugee legislation will be made within the periodic reports the State "
        "already submits.",
    ),
]
# A/RES/52/132 was adopted without a vote; so are ExCom's conclusions.
VOTES = [(GA, "consensus"), (EXCOM, "consensus")]


def seed(*, assessment: Assessment, users: dict, **_signal) -> None:
    _positions(assessment, users["editor"])
    institutions = _institutions(assessment)
    if Action.objects.filter(item__assessment=assessment).exists():
        return
    today = timezone.localdate()
    editor = users["editor"]
    for symbol, number, what, lead, others, due, status, indicators, progress in ACTIONS:
        item = assessment.items.get(instrument__symbol=symbol, number=number)
        action = services.add_action(
            item=item,
            user=editor,
            data=services.ActionData(
                description=what,
                lead_institution=institutions[lead],
                other_institutions=[institutions[name] for name in others],
                owner=users["owner"] if status == "done" else editor,
                due_on=today + timedelta(days=due),
                status=status,
                dropped_reason="",
            ),
        )
        for description, baseline, target, current, days_ago in indicators:
            services.add_indicator(
                action=action,
                user=editor,
                data=services.IndicatorData(
                    description, baseline, target, current, today - timedelta(days=days_ago)
                ),
            )
        for days_ago, text in progress:
            services.add_progress(
                action=action, user=editor, text=text, reported_on=today - timedelta(days=days_ago)
            )


def _positions(assessment: Assessment, editor) -> None:
    """The State's positions and votes, kept apart from the findings; made once, and only
    while the assessment is open for writes (they are part of what is approved)."""
    already = ItemPosition.objects.filter(item__assessment=assessment).exists()
    if already or assessment.review_state not in Assessment.WRITABLE_STATES:
        return
    for symbol, number, position, statement in POSITIONS:
        positions.save_item_position(
            item=assessment.items.get(instrument__symbol=symbol, number=number),
            user=editor,
            version=0,
            position=position,
            statement=statement,
        )
    for symbol, vote in VOTES:
        instrument = assessment.instruments.get(symbol=symbol)
        if not InstrumentVote.objects.filter(assessment=assessment, instrument=instrument):
            positions.save_vote(
                assessment=assessment,
                instrument=instrument,
                user=editor,
                version=0,
                vote=vote,
                statement="",
            )


def _institutions(assessment: Assessment) -> dict[str, Institution]:
    """The demo organisation's institutions, by name; the missing ones are added."""
    found = {}
    organisation_id = assessment.organisation_id
    for name, kind, contact, email in INSTITUTIONS:
        found[name] = Institution.objects.filter(
            organisation_id=organisation_id, name__iexact=name
        ).first() or Institution.objects.create(
            organisation_id=organisation_id,
            name=name,
            kind=kind,
            contact_name=contact,
            contact_email=email,
        )
    return found
