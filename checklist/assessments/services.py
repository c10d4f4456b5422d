"""Writes that touch several rows: creating an assessment, saving a response, sources, members.

Each is a plain function with keyword-only arguments that runs in one transaction. Access is
checked by the caller through access.py; these functions enforce the data rules.
"""

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.db.models import Case, F, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from checklist.accounts.models import Organisation
from checklist.assessments import uploads
from checklist.assessments.models import (
    EVIDENCE_MAX_CHARS,
    NOTES_MAX_CHARS,
    Assessment,
    Event,
    Finding,
    Item,
    ItemReview,
    Membership,
    Response,
    ResponseChange,
    Role,
    Source,
    stored_label,
)
from checklist.assessments.signals import round_carried_forward
from checklist.instruments.lineage import ancestors, newest_version
from checklist.instruments.models import FOOTNOTE_MARK, Instrument, Paragraph


class StaleResponse(Exception):
    """Someone saved the response after the version this save started from."""

    def __init__(self, current: Response):
        super().__init__(f"Response {current.pk} is at version {current.version}.")
        self.current = current


class AssessmentApproved(Exception):
    """The assessment was approved (read-only) before this save reached the database."""


class TextTooLong(ValueError):
    """Evidence or notes past their limit (models.EVIDENCE_MAX_CHARS, NOTES_MAX_CHARS)."""


class MembershipRefused(ValueError):
    """The message says why the membership change cannot be made."""


@transaction.atomic
def create_assessment(
    *,
    organisation: Organisation,
    owner: AbstractBaseUser,
    country: str,
    title: str,
    as_of: date,
    instruments: list[Instrument],
) -> Assessment:
    """Create the assessment in ``organisation``, make ``owner`` its owner and copy in the
    checklist items. The caller checked that ``owner`` belongs to ``organisation``.

    1. The assessment and the owner's membership.
    2. One item per checklist item of each instrument (instruments in the order given,
       paragraphs in reading order), with its number, lead, text, label, footnotes, themes,
       affected groups and SDG targets.
    3. An empty response ("not assessed", version 0) per item, so every save is an update.
    """
    assessment = Assessment.objects.create(
        organisation=organisation, country=country, title=title, as_of=as_of, created_by=owner
    )
    assessment.instruments.set(instruments)
    Membership.objects.create(assessment=assessment, user=owner, role=Role.OWNER)
    paragraphs = _checklist_paragraphs(instruments)
    items = Item.objects.bulk_create(
        _item_from(paragraph, assessment=assessment, position=position)
        for position, paragraph in enumerate(paragraphs, start=1)
    )
    for name, key in LINKS:
        _copy_links(items, paragraphs, name, key)
    Response.objects.bulk_create(Response(item=item) for item in items)
    log_event(
        assessment,
        actor=owner,
        kind=Event.Kind.CREATED,
        summary=f"Created with {len(items)} items from {_symbols(instruments)}",
    )
    return assessment


# The many-to-many fields an item copies from its paragraph, with their link column.
LINKS = [("themes", "theme_id"), ("groups", "affectedgroup_id"), ("sdg_targets", "sdgtarget_id")]


def _copy_links(items: list[Item], paragraphs: list[Paragraph], name: str, key: str) -> None:
    """Give each item the paragraph's entries of the many-to-many ``name`` (prefetched)."""
    Link = getattr(Item, name).through
    Link.objects.bulk_create(
        Link(item_id=item.pk, **{key: entry.pk})
        for item, paragraph in zip(items, paragraphs, strict=True)
        for entry in getattr(paragraph, name).all()
    )


def _symbols(instruments: list[Instrument]) -> str:
    return ", ".join(instrument.symbol for instrument in instruments)


def log_event(
    assessment: Assessment,
    *,
    actor: AbstractBaseUser,
    kind: str,
    summary: str,
    item: Item | None = None,
    from_state: str = "",
    to_state: str = "",
    at=None,
) -> Event:
    """Add a line to the assessment's audit trail (activity page, report annex)."""
    return Event.objects.create(
        assessment=assessment,
        item=item,
        actor=actor,
        at=at or timezone.now(),
        kind=kind,
        summary=summary[:500],
        from_state=from_state,
        to_state=to_state,
        revision=assessment.revision,
    )


@dataclass(frozen=True)
class NextRound:
    assessment: Assessment
    # Sources whose file was gone from storage: carried without it, as "§ 3: “Act” (act.pdf)".
    missing_files: list[str]


@transaction.atomic
def carry_forward(
    *,
    previous: Assessment,
    owner: AbstractBaseUser,
    title: str,
    as_of: date,
    to_newer: bool = False,
) -> NextRound:
    """Next year's round of the same State against the same instruments, or, with
    ``to_newer``, against the newest text of each one's series (checklist.instruments.lineage).

    1. A new assessment, its items copied afresh from the instruments (as on creation).
    2. For each item that was in the previous round (same paragraph), its finding, evidence,
       notes and sources are copied and the response points at the one it came from, so
       the checklist can show what changed since.
    3. A source whose file is gone from storage is carried with its title and link only, and
       the audit trail lists what is missing: one lost file never blocks the next round.
    4. On a newer text, an item takes the findings of the paragraph it descends from: the
       unchanged ones as they were, the changed ones marked for re-checking (their notes in
       checklist.assessments.lineage); new paragraphs start empty.
    5. signals.round_carried_forward tells the apps above which item became which, so they
       carry what hangs on the items (follow-up's actions) in the same transaction.
    """
    instruments = list(previous.instruments.order_by("-year", "symbol"))
    if to_newer:
        instruments = list(dict.fromkeys(newest_version(i) for i in instruments))
    assessment = create_assessment(
        organisation=previous.organisation,
        owner=owner,
        country=previous.country.code,
        title=title,
        as_of=as_of,
        instruments=instruments,
    )
    Assessment.objects.filter(pk=assessment.pk).update(previous=previous)
    assessment.previous = previous
    earlier = {
        response.item.paragraph_id: response
        for response in Response.objects.filter(item__assessment=previous)
        .exclude(item__paragraph=None)
        .select_related("item")
        .prefetch_related("sources")
    }
    recheck, missing, items = 0, [], {}
    for response in Response.objects.filter(item__assessment=assessment).select_related("item"):
        source, status = _earlier_response(response.item.paragraph_id, earlier)
        if source is None:
            continue
        missing += _carry(source, response, user=owner)
        items[source.item_id] = response.item_id
        recheck += status == "changed"
    carried = len(items)
    to_recheck = f"; {recheck} from changed paragraphs, to re-check" if recheck else ""
    log_event(
        assessment,
        actor=owner,
        kind=Event.Kind.CREATED,
        summary=f"Carried forward {carried} responses from “{previous.title}” "
        f"(revision {previous.revision}){to_recheck}",
    )
    if missing:
        log_event(
            assessment,
            actor=owner,
            kind=Event.Kind.SOURCE,
            summary=f"Files missing from storage, carried without them: {'; '.join(missing)}",
        )
    # What the apps above keep per item (follow-up's actions) comes along, in this transaction.
    round_carried_forward.send(
        sender=Assessment, previous=previous, assessment=assessment, items=items, user=owner
    )
    return NextRound(assessment=assessment, missing_files=missing)


def _earlier_response(paragraph_id: int | None, earlier: dict) -> tuple[Response | None, str]:
    """The previous round's response to this paragraph, or to the one it descends from,
    and whether the text changed on the way ("changed") or not ("unchanged")."""
    if paragraph_id in earlier:
        return earlier[paragraph_id], "unchanged"
    if paragraph_id is not None:
        for pk, status in ancestors(paragraph_id):
            if pk in earlier:
                return earlier[pk], status
    return None, ""


def _carry(source: Response, target: Response, *, user: AbstractBaseUser) -> list[str]:
    """Copy the response's values and sources; the sources whose file could not be read."""
    Response.objects.filter(pk=target.pk).update(
        finding=source.finding,
        evidence=source.evidence,
        notes=source.notes,
        carried_from=source,
    )
    missing = []
    for document in source.sources.all():
        copy = Source(
            response=target,
            title=document.title,
            url=document.url,
            file_name=document.file_name,
            content_type=document.content_type,
            added_by=document.added_by,
        )
        if document.file and not _copy_file(document, copy):
            missing.append(f"{target.item}: “{document.title}” ({document.file_name})")
            copy.file_name = copy.content_type = ""
        copy.save()
    return missing


def _copy_file(document: Source, copy: Source) -> bool:
    """Give the copy a file of its own; False when the original is gone from storage."""
    try:
        stored = document.file.open("rb")
    except OSError:
        return False
    # Each round owns its files: removing a source later never breaks the other round.
    extension = document.file.name.rsplit(".", 1)[-1]
    with stored:
        copy.file.save(f"{uuid.uuid4().hex}.{extension}", stored, save=False)
    return True


def _checklist_paragraphs(instruments: list[Instrument]) -> list[Paragraph]:
    order = {instrument.pk: index for index, instrument in enumerate(instruments)}
    paragraphs = (
        Paragraph.objects.checklist_items()
        .filter(instrument__in=instruments)
        .select_related("instrument")
        .prefetch_related("themes", "groups", "sdg_targets")
    )
    return sorted(paragraphs, key=lambda p: (order[p.instrument_id], p.position))


def _item_from(paragraph: Paragraph, *, assessment: Assessment, position: int) -> Item:
    cited = set(FOOTNOTE_MARK.findall(paragraph.text))
    footnotes = [note for note in paragraph.instrument.footnotes if str(note["number"]) in cited]
    return Item(
        assessment=assessment,
        instrument=paragraph.instrument,
        paragraph=paragraph,
        position=position,
        number=paragraph.number,
        lead=paragraph.lead,
        text=paragraph.text,
        label=paragraph.label,
        subparagraphs=paragraph.subparagraphs,
        footnotes=footnotes,
    )


@transaction.atomic
def save_response(
    *,
    response: Response,
    user: AbstractBaseUser,
    version: int,
    finding: str,
    evidence: str,
    notes: str,
) -> Response:
    """Save what ``user`` typed, if nobody saved the row since ``version``.

    1. A conditional UPDATE on (pk, version): it matches no row when someone else saved
       first, and then StaleResponse carries their saved values (nothing is written).
    2. A history row with the values before and after.
    3. The assessment's "last change" time.
    Saving the values already stored writes nothing, whatever the version: nothing is lost.
    """
    if (finding, evidence, notes) == (response.finding, response.evidence, response.notes):
        return response
    if len(evidence) > EVIDENCE_MAX_CHARS or len(notes) > NOTES_MAX_CHARS:
        raise TextTooLong(
            _("Evidence holds at most %(evidence)s characters and internal notes %(notes)s.")
            % {"evidence": f"{EVIDENCE_MAX_CHARS:,}", "notes": f"{NOTES_MAX_CHARS:,}"}
        )
    hold_open_assessment(response.item.assessment_id)
    now = timezone.now()
    # The WHERE clause names only this table's columns: PostgreSQL re-checks them against
    # the row a concurrent save just committed. A join here would become a subquery read
    # from the statement's snapshot, and two saves of the same version would both pass.
    updated = Response.objects.filter(pk=response.pk, version=version).update(
        finding=finding,
        evidence=evidence,
        notes=notes,
        version=F("version") + 1,
        updated_by=user,
        updated_at=now,
        # What a reviewer accepted has changed: it needs their eyes again.
        review=Case(
            When(review=ItemReview.ACCEPTED, then=Value(ItemReview.PENDING)),
            default=F("review"),
        ),
    )
    if not updated:
        raise StaleResponse(Response.objects.select_related("updated_by").get(pk=response.pk))
    # The UPDATE matched ``version``, so the row read before it held that version's values.
    _write_change(
        response,
        user=user,
        at=now,
        version=version + 1,
        finding=finding,
        evidence=evidence,
        notes=notes,
    )
    _touch(
        response,
        user=user,
        at=now,
        kind=Event.Kind.RESPONSE,
        summary=_response_summary(response, finding=finding, evidence=evidence, notes=notes),
    )
    response.refresh_from_db()
    return response


def _touch(
    response: Response, *, user: AbstractBaseUser, at: datetime, kind: str, summary: str
) -> None:
    """After a change to a response: the assessment's "last change" and its audit event."""
    Assessment.objects.filter(pk=response.item.assessment_id).update(updated_at=at)
    log_event(
        response.item.assessment, actor=user, kind=kind, item=response.item, at=at, summary=summary
    )


def hold_open_assessment(assessment_id: int) -> None:
    """Refuse a write to an approved assessment, and keep it from being approved until the
    write commits.

    On PostgreSQL the assessment row is read FOR KEY SHARE: writers share that lock with each
    other, while an approval takes FOR UPDATE (workflow._move) and so waits for them; a
    write that starts after the approval waits for it, then reads "approved" and stops.
    SQLite's IMMEDIATE transactions already run one writer at a time.
    """
    lock = " FOR KEY SHARE" if connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT review_state FROM {Assessment._meta.db_table} WHERE id = %s{lock}",
            [assessment_id],
        )
        (state,) = cursor.fetchone()
    if state not in Assessment.WRITABLE_STATES:
        raise AssessmentApproved()


def _response_summary(response: Response, *, finding: str, evidence: str, notes: str) -> str:
    parts = []
    if finding != response.finding:
        before, after = stored_label(Finding(response.finding)), stored_label(Finding(finding))
        parts.append(f"finding {before} → {after}")
    if evidence != response.evidence:
        parts.append("evidence edited")
    if notes != response.notes:
        parts.append("internal notes edited")
    return f"{response.item}: {', '.join(parts)}"


def _write_change(
    response: Response,
    *,
    user: AbstractBaseUser,
    at: datetime,
    version: int,
    finding: str,
    evidence: str,
    notes: str,
    summary: str = "",
) -> ResponseChange:
    """The item's history row: ``response`` holds the values before, the arguments after."""
    return ResponseChange.objects.create(
        response=response,
        version=version,
        changed_by=user,
        changed_at=at,
        old_finding=response.finding,
        new_finding=finding,
        old_evidence=response.evidence,
        new_evidence=evidence,
        old_notes=response.notes,
        new_notes=notes,
        summary=summary[:400],
    )


def _record(response: Response, *, user: AbstractBaseUser, summary: str) -> None:
    """A history row for a change that is not one of the response's fields."""
    now = timezone.now()
    _write_change(
        response,
        user=user,
        at=now,
        version=response.version,
        finding=response.finding,
        evidence=response.evidence,
        notes=response.notes,
        summary=summary,
    )
    _touch(
        response, user=user, at=now, kind=Event.Kind.SOURCE, summary=f"{response.item}: {summary}"
    )


@dataclass(frozen=True)
class NewSource:
    title: str
    url: str
    upload: UploadedFile | None


@transaction.atomic
def add_source(*, response: Response, user: AbstractBaseUser, source: NewSource) -> Source:
    """Attach a source. Uploads are stored under a generated name; the caller checked the type.

    Sources do not change the response's version: adding one never conflicts with someone
    editing the evidence of the same row.
    """
    hold_open_assessment(response.item.assessment_id)
    row = Source(response=response, title=source.title, url=source.url, added_by=user)
    if source.upload is not None:
        kind = uploads.kind_of(source.upload)
        row.file_name = uploads.download_name(source.upload.name, kind)
        row.content_type = kind.content_type
        row.file.save(f"{uuid.uuid4().hex}.{kind.extension}", source.upload, save=False)
    row.save()
    _record(response, user=user, summary=f"Added source “{source.title}”")
    return row


@transaction.atomic
def remove_source(*, source: Source, user: AbstractBaseUser) -> None:
    response = source.response
    hold_open_assessment(response.item.assessment_id)
    title = source.title
    stored = source.file
    source.delete()
    _record(response, user=user, summary=f"Removed source “{title}”")
    if stored:
        # Only once the row is gone for good: a rolled-back delete keeps its file.
        transaction.on_commit(lambda: stored.storage.delete(stored.name))


@transaction.atomic
def add_member(
    *,
    assessment: Assessment,
    user: AbstractBaseUser,
    role: str,
    by: AbstractBaseUser,
    invited_as: str,
) -> Membership:
    """Add ``user``, found by ``invited_as`` (what the owner typed); nothing else about the
    account is shown, in messages or in the trail."""
    if Membership.objects.filter(assessment=assessment, user=user).exists():
        raise MembershipRefused(
            _("%(name)s is already a member of this assessment.") % {"name": invited_as}
        )
    membership = Membership.objects.create(
        assessment=assessment, user=user, role=role, invited_as=invited_as
    )
    log_event(
        assessment,
        actor=by,
        kind=Event.Kind.MEMBERS,
        summary=f"Added {invited_as} as {stored_label(Role(role)).lower()}",
    )
    return membership


@transaction.atomic
def change_role(*, membership: Membership, role: str, by: AbstractBaseUser) -> Membership:
    if membership.role == Role.OWNER and role != Role.OWNER:
        _keep_an_owner(membership)
    membership.role = role
    membership.save(update_fields=["role"])
    log_event(
        membership.assessment,
        actor=by,
        kind=Event.Kind.MEMBERS,
        summary=f"Made {membership.label} {stored_label(Role(role)).lower()}",
    )
    return membership


@transaction.atomic
def remove_member(*, membership: Membership, by: AbstractBaseUser) -> None:
    if membership.role == Role.OWNER:
        _keep_an_owner(membership)
    membership.delete()
    log_event(
        membership.assessment,
        actor=by,
        kind=Event.Kind.MEMBERS,
        summary=f"Removed {membership.label}",
    )


def _keep_an_owner(leaving: Membership) -> None:
    # Lock the owners' rows (PostgreSQL) so two owners demoting each other at once cannot
    # leave the assessment with none; SQLite's IMMEDIATE transactions already serialise.
    owners = Membership.objects.select_for_update().filter(
        assessment_id=leaving.assessment_id, role=Role.OWNER
    )
    if not [owner for owner in owners if owner.pk != leaving.pk]:
        raise MembershipRefused(
            _("An assessment needs at least one owner: make someone else an owner first.")
        )
