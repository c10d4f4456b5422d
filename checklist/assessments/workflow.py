"""The review workflow: every transition of an assessment, and the per-item review.

Each function runs in one transaction, checks the current state (who may call it is decided
by access.py, in the views), and records an Event (the audit trail). State changes are
conditional UPDATEs on the state they start from, so two reviewers approving at the same
moment produce one approval: the second UPDATE matches no row and is refused. People involved
get an email once the change commits; a mail server that fails is logged and reported to the
caller, never undoing the change.
"""

import logging
from collections.abc import Callable, Collection

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from checklist.assessments.models import (
    COMMENT_MAX_CHARS,
    Assessment,
    Comment,
    Event,
    Finding,
    Item,
    ItemReview,
    Membership,
    Response,
    Role,
    stored_label,
)
from checklist.assessments.services import (
    AssessmentApproved,
    hold_open_assessment,
    log_event,
)
from checklist.locale import language_of
from checklist.people import display_name

State = Assessment.ReviewState
logger = logging.getLogger(__name__)

# Called after the commit with the people whose e-mail could not be sent.
MailFailed = Callable[[list[str]], None]

# Why a transition found the assessment moved on, one whole sentence per review state.
MOVED_ON = {
    State.DRAFT: gettext_lazy("The assessment is draft now; reload the page to see what changed."),
    State.IN_REVIEW: gettext_lazy(
        "The assessment is in review now; reload the page to see what changed."
    ),
    State.CHANGES_REQUESTED: gettext_lazy(
        "The assessment is changes requested now; reload the page to see what changed."
    ),
    State.APPROVED: gettext_lazy(
        "The assessment is approved now; reload the page to see what changed."
    ),
}

# The e-mail each transition sends (keyed by what the log calls it): its subject, and the
# sentence that opens its body.
NOTICES = {
    "was submitted for review": (
        gettext_lazy("%(state)s: %(title)s was submitted for review"),
        gettext_lazy(
            "%(actor)s changed the review state of “%(title)s” (%(state)s): "
            "it was submitted for review."
        ),
    ),
    "needs changes": (
        gettext_lazy("%(state)s: %(title)s needs changes"),
        gettext_lazy(
            "%(actor)s changed the review state of “%(title)s” (%(state)s): it needs changes."
        ),
    ),
    "was approved": (
        gettext_lazy("%(state)s: %(title)s was approved"),
        gettext_lazy(
            "%(actor)s changed the review state of “%(title)s” (%(state)s): it was approved."
        ),
    ),
    "was reopened": (
        gettext_lazy("%(state)s: %(title)s was reopened"),
        gettext_lazy(
            "%(actor)s changed the review state of “%(title)s” (%(state)s): it was reopened."
        ),
    ),
}


class TransitionRefused(Exception):
    """The message says why, in words the person understands; nothing was changed."""


class StaleReview(TransitionRefused):
    """The response changed after the version the reviewer saw; nothing was recorded."""

    def __init__(self, current: Response, seen_version: int):
        super().__init__(
            _("This item changed after you opened it: read it again before you review it.")
        )
        self.current = current
        self.seen_version = seen_version


class UnassessedItems(TransitionRefused):
    """Submitting with items still "not assessed" needs the person to confirm."""

    def __init__(self, items: list[Item]):
        super().__init__(
            ngettext(
                "%(count)s item is still not assessed.",
                "%(count)s items are still not assessed.",
                len(items),
            )
            % {"count": len(items)}
        )
        self.items = items


def _lock(assessment: Assessment) -> None:
    """Wait for the writes under way (they hold FOR KEY SHARE, see
    services.hold_open_assessment) and hold off new ones until this transaction commits."""
    Assessment.objects.select_for_update().filter(pk=assessment.pk).values_list("pk").first()


def _move(
    assessment: Assessment,
    *,
    user: AbstractBaseUser,
    allowed_from: Collection[str],
    to: str,
    note: str,
    **fields,
) -> Assessment:
    """Move the assessment to ``to`` if it is still in one of ``allowed_from``; else refuse."""
    _lock(assessment)
    now = timezone.now()
    moved = Assessment.objects.filter(pk=assessment.pk, review_state__in=allowed_from).update(
        review_state=to, updated_at=now, **fields
    )
    if not moved:
        assessment.refresh_from_db()
        raise TransitionRefused(str(MOVED_ON[assessment.review_state]))
    before = assessment.review_state
    assessment.refresh_from_db()
    summary = f"{stored_label(State(before))} → {stored_label(State(to))}" + (
        f": {note}" if note else ""
    )
    log_event(
        assessment,
        actor=user,
        kind=Event.Kind.TRANSITION,
        summary=summary,
        from_state=before,
        to_state=to,
        at=now,
    )
    return assessment


@transaction.atomic
def submit(
    *,
    assessment: Assessment,
    user: AbstractBaseUser,
    confirm_unassessed: bool = False,
    mail_failed: MailFailed | None = None,
) -> Assessment:
    """Editors and owners send a draft (or a returned assessment) to the reviewers."""
    if assessment.review_state not in Assessment.SUBMITTABLE_STATES:
        raise TransitionRefused(
            _("Only a draft or an assessment with changes requested can be submitted.")
        )
    unassessed = list(
        assessment.items.filter(response__finding=Finding.NOT_ASSESSED).order_by("position")
    )
    if unassessed and not confirm_unassessed:
        raise UnassessedItems(unassessed)
    note = f"{len(unassessed)} items not assessed" if unassessed else ""
    assessment = _move(
        assessment,
        user=user,
        allowed_from=Assessment.SUBMITTABLE_STATES,
        to=State.IN_REVIEW,
        note=note,
    )
    _notify(
        assessment,
        roles={Role.REVIEWER, Role.OWNER},
        actor=user,
        what="was submitted for review",
        mail_failed=mail_failed,
    )
    return assessment


@transaction.atomic
def request_changes(
    *,
    assessment: Assessment,
    user: AbstractBaseUser,
    note: str = "",
    mail_failed: MailFailed | None = None,
) -> Assessment:
    assessment = _move(
        assessment,
        user=user,
        allowed_from=Assessment.REVIEWABLE_STATES,
        to=State.CHANGES_REQUESTED,
        note=note,
    )
    _notify(
        assessment,
        roles={Role.EDITOR, Role.OWNER},
        actor=user,
        what="needs changes",
        mail_failed=mail_failed,
    )
    return assessment


@transaction.atomic
def approve(
    *,
    assessment: Assessment,
    user: AbstractBaseUser,
    seen: int | None = None,
    mail_failed: MailFailed | None = None,
) -> Assessment:
    """Reviewers approve once every item is accepted and no comment is open.

    ``seen`` is the last event by someone else when the reviewer's page was loaded
    (access.get_assessment_for): if anyone changed anything since, the approval is refused.
    """
    # Locked before counting, so no save can send an item back to review in between.
    _lock(assessment)
    if assessment.review_state not in Assessment.REVIEWABLE_STATES:
        raise TransitionRefused(_("Only an assessment in review can be approved."))
    if (
        seen is not None
        and Event.objects.filter(assessment=assessment).not_by(user).last_pk() != seen
    ):
        raise TransitionRefused(
            _(
                "The assessment changed after you opened this page: "
                "look at it again before approving."
            )
        )
    pending = assessment.items.exclude(response__review=ItemReview.ACCEPTED).count()
    open_comments = Comment.objects.filter(item__assessment=assessment, resolved_at=None).count()
    if pending or open_comments:
        raise TransitionRefused(_cannot_approve(pending, open_comments))
    assessment = _move(
        assessment,
        user=user,
        allowed_from=Assessment.REVIEWABLE_STATES,
        to=State.APPROVED,
        note="",
        approved_by=user,
        approved_at=timezone.now(),
    )
    _notify(
        assessment,
        roles=set(Role),
        actor=user,
        what="was approved",
        mail_failed=mail_failed,
    )
    return assessment


@transaction.atomic
def reopen(
    *,
    assessment: Assessment,
    user: AbstractBaseUser,
    reason: str,
    mail_failed: MailFailed | None = None,
) -> Assessment:
    """An owner reopens an approved assessment: a new revision starts as a draft.

    The item reviews start again (pending); the approved report of the old revision stays.
    """
    if not reason.strip():
        raise TransitionRefused(_("Say why the assessment is reopened."))
    assessment = _move(
        assessment,
        user=user,
        allowed_from=Assessment.REOPENABLE_STATES,
        to=State.DRAFT,
        note=f"reopened as revision {assessment.revision + 1}: {reason.strip()}",
        revision=assessment.revision + 1,
        approved_by=None,
        approved_at=None,
    )
    Response.objects.filter(item__assessment=assessment).update(
        review=ItemReview.PENDING, reviewed_by=None, reviewed_at=None
    )
    _notify(
        assessment,
        roles=set(Role),
        actor=user,
        what="was reopened",
        mail_failed=mail_failed,
    )
    return assessment


@transaction.atomic
def review_item(
    *, response: Response, user: AbstractBaseUser, verdict: str, version: int, comment: str = ""
) -> Response:
    """A reviewer accepts an item, or returns it with a comment saying what to change.

    ``version`` is the response's version the reviewer read. The verdict is a conditional
    UPDATE on it, like a save: when the editor saved since, StaleReview carries the current
    row and nothing is recorded, so a sign-off always covers the text the reviewer saw.
    """
    assessment = response.item.assessment
    if assessment.review_state not in Assessment.REVIEWABLE_STATES:
        raise TransitionRefused(_("Items are reviewed while the assessment is in review."))
    if verdict not in (ItemReview.ACCEPTED, ItemReview.RETURNED):
        raise TransitionRefused(_("Accept the item or return it."))
    if verdict == ItemReview.RETURNED and not comment.strip():
        raise TransitionRefused(_("Say what should change when you return an item."))
    check_comment_length(comment)
    now = timezone.now()
    updated = Response.objects.filter(pk=response.pk, version=version).update(
        review=verdict, reviewed_by=user, reviewed_at=now
    )
    if not updated:
        raise StaleReview(Response.objects.get(pk=response.pk), seen_version=version)
    if comment.strip():
        Comment.objects.create(item=response.item, author=user, text=comment.strip())
    label = stored_label(ItemReview(verdict)).lower()
    log_event(
        assessment,
        actor=user,
        kind=Event.Kind.REVIEW,
        item=response.item,
        at=now,
        summary=f"{response.item} {label}" + (f": {comment.strip()}" if comment.strip() else ""),
    )
    response.refresh_from_db()
    return response


@transaction.atomic
def add_comment(*, item: Item, user: AbstractBaseUser, text: str) -> Comment:
    assessment = item.assessment
    _hold_open(assessment)
    text = text.strip()
    if not text:
        raise TransitionRefused(_("Write something before sending the comment."))
    check_comment_length(text)
    comment = Comment.objects.create(item=item, author=user, text=text)
    log_event(assessment, actor=user, kind=Event.Kind.COMMENT, item=item, summary=f"{item}: {text}")
    return comment


@transaction.atomic
def set_comment_resolved(*, comment: Comment, user: AbstractBaseUser, resolved: bool) -> Comment:
    assessment = comment.item.assessment
    _hold_open(assessment)
    comment.resolved_at = timezone.now() if resolved else None
    comment.resolved_by = user if resolved else None
    comment.save(update_fields=["resolved_at", "resolved_by"])
    verb = "resolved" if resolved else "reopened"
    log_event(
        assessment,
        actor=user,
        kind=Event.Kind.COMMENT,
        item=comment.item,
        summary=f"{comment.item}: comment {verb}",
    )
    return comment


def _cannot_approve(pending: int, open_comments: int) -> str:
    """Why an approval is refused: items not accepted, comments open, or both."""
    items = ngettext(
        "%(count)s item is not accepted yet", "%(count)s items are not accepted yet", pending
    ) % {"count": pending}
    comments = ngettext(
        "%(count)s comment is still open", "%(count)s comments are still open", open_comments
    ) % {"count": open_comments}
    if pending and open_comments:
        # Translators: the two reasons are "N items are not accepted yet" and "N comments
        # are still open", translated on their own.
        return _("Cannot approve: %(items)s and %(comments)s.") % {
            "items": items,
            "comments": comments,
        }
    return _("Cannot approve: %(reason)s.") % {"reason": items if pending else comments}


def check_comment_length(text: str) -> None:
    if len(text) > COMMENT_MAX_CHARS:
        raise TransitionRefused(
            _("A comment can hold at most %(limit)s characters; this one has %(length)s.")
            % {"limit": f"{COMMENT_MAX_CHARS:,}", "length": f"{len(text):,}"}
        )


def _hold_open(assessment: Assessment) -> None:
    try:
        hold_open_assessment(assessment.pk)
    except AssessmentApproved as approved:
        raise TransitionRefused(_("This assessment is approved and read-only.")) from approved


def _notify(
    assessment: Assessment,
    *,
    roles: set[str],
    actor: AbstractBaseUser,
    what: str,
    mail_failed: MailFailed | None,
) -> None:
    """Email the members with these roles (not the actor) once the transaction commits,
    each in their own language."""
    recipients = [
        membership.user
        for membership in Membership.objects.filter(assessment=assessment, role__in=roles)
        .exclude(user=actor)
        .exclude(user__email="")
        .select_related("user")
    ]
    if not recipients:
        return
    messages = [_review_mail(assessment, actor=actor, what=what, to=user) for user in recipients]
    usernames = [user.username for user in recipients]

    def send() -> None:
        try:
            send_mass_mail(messages, fail_silently=False)
        except Exception:
            # Whatever the mail backend raises (refused connection, TLS, a bad header), the
            # transition is committed: log it and let the caller tell the person.
            logger.exception(
                "Review e-mail not sent: assessment %s %s, to %s",
                assessment.pk,
                what,
                ", ".join(usernames),
            )
            if mail_failed is not None:
                mail_failed(usernames)

    transaction.on_commit(send)


def _review_mail(assessment: Assessment, *, actor, what: str, to) -> tuple:
    """(subject, body, sender, [address]) in the recipient's language; ``what`` names one
    of NOTICES."""
    subject, opening = NOTICES[what]
    with translation.override(language_of(to)):
        names = {
            "state": assessment.country.name,
            "title": assessment.title,
            "actor": display_name(actor),
        }
        link = f"{settings.SITE_URL}{assessment.get_absolute_url()}"
        body = "".join(
            [
                f"{opening % names}\n\n",
                _("Review state: %(review_state)s, revision %(revision)s.")
                % {
                    "review_state": assessment.get_review_state_display(),
                    "revision": assessment.revision,
                },
                "\n",
                _("Open it: %(link)s") % {"link": link},
                "\n",
            ]
        )
        return (one_line(subject % names), body, None, [to.email])


def one_line(text: str) -> str:
    """``text`` without line breaks, for a mail header (a CR or LF in one is refused)."""
    return " ".join(text.split())
