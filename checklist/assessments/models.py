from django.conf import settings
from django.db import models
from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils.translation import gettext, override, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from checklist.accounts.models import Invitation as InvitationBase
from checklist.accounts.models import Organisation, OrganisationRole
from checklist.instruments.models import AffectedGroup, Instrument, Paragraph, SdgTarget, Theme
from checklist.people import display_name

# Limits on what one person may type, enforced by the forms and the services: a report prints
# every character, and an unbounded comment or evidence makes its PDF take minutes.
EVIDENCE_MAX_CHARS = 20_000
NOTES_MAX_CHARS = 20_000
COMMENT_MAX_CHARS = 10_000


class Finding(models.TextChoices):
    """How far the State carries out an item. Not to be confused with the review state."""

    # Translators: a finding: how far the State carries out a checklist item.
    NOT_ASSESSED = "not_assessed", pgettext_lazy("finding", "Not assessed")
    COMPLIANT = "compliant", pgettext_lazy("finding", "Compliant")
    PARTIALLY_COMPLIANT = "partially_compliant", pgettext_lazy("finding", "Partially compliant")
    NOT_COMPLIANT = "not_compliant", pgettext_lazy("finding", "Not compliant")
    NOT_APPLICABLE = "not_applicable", pgettext_lazy("finding", "Not applicable")


class ItemReview(models.TextChoices):
    """A reviewer's verdict on one item."""

    # Translators: a reviewer's verdict on one checklist item.
    PENDING = "pending", pgettext_lazy("item review", "Not reviewed")
    ACCEPTED = "accepted", pgettext_lazy("item review", "Accepted")
    RETURNED = "returned", pgettext_lazy("item review", "Returned")


class Role(models.TextChoices):
    # Translators: a person's role in one assessment.
    OWNER = "owner", pgettext_lazy("assessment role", "Owner")
    EDITOR = "editor", pgettext_lazy("assessment role", "Editor")
    REVIEWER = "reviewer", pgettext_lazy("assessment role", "Reviewer")
    VIEWER = "viewer", pgettext_lazy("assessment role", "Viewer")


# Not a membership role: what an organisation admin who is not a member may do (access.py).
ORGANISATION_ADMIN = "organisation_admin"


def role_label(role: str | None) -> str:
    """A member's role, or "Organisation admin" for an admin of the owning organisation."""
    if role in Role.values:
        return Role(role).label
    return gettext("Organisation admin")


def stored_label(choice: models.TextChoices) -> str:
    """A choice's label as the audit trail stores it: in English, like the summary around
    it, whatever language the person who caused the event reads."""
    with override("en"):
        return str(choice.label)


class AssessmentQuerySet(models.QuerySet):
    def visible_to(self, user) -> "AssessmentQuerySet":
        """The assessments ``user`` is a member of, and every assessment of the
        organisations ``user`` administers."""
        administered = Organisation.objects.filter(
            memberships__user_id=user.pk, memberships__role=OrganisationRole.ADMIN
        )
        member_of = Membership.objects.filter(user_id=user.pk).values("assessment_id")
        return self.filter(Q(pk__in=member_of) | Q(organisation__in=administered))

    def with_progress(self) -> "AssessmentQuerySet":
        """Annotate the number of items and of items with a finding (dashboard)."""
        return self.annotate(
            item_count=Count("items", distinct=True),
            assessed_count=Count(
                "items",
                filter=~Q(items__response__finding=Finding.NOT_ASSESSED),
                distinct=True,
            ),
            last_response_change=Max("items__response__updated_at"),
        )


class Assessment(models.Model):
    """One State measured against one or more instruments, as of a date."""

    class ReviewState(models.TextChoices):
        # Translators: the review state of a whole assessment ("Draft": not yet submitted).
        DRAFT = "draft", pgettext_lazy("review state", "Draft")
        IN_REVIEW = "in_review", pgettext_lazy("review state", "In review")
        CHANGES_REQUESTED = "changes_requested", pgettext_lazy("review state", "Changes requested")
        APPROVED = "approved", pgettext_lazy("review state", "Approved")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("organisation"),
        help_text=_("The team that owns the assessment; its admins see and manage it."),
    )
    # What each review state allows, named once: access.Permissions, the workflow's guards
    # and the services' write checks all read these sets.
    WRITABLE_STATES = frozenset(
        {ReviewState.DRAFT, ReviewState.IN_REVIEW, ReviewState.CHANGES_REQUESTED}
    )
    SUBMITTABLE_STATES = frozenset({ReviewState.DRAFT, ReviewState.CHANGES_REQUESTED})
    REVIEWABLE_STATES = frozenset({ReviewState.IN_REVIEW})
    REOPENABLE_STATES = frozenset({ReviewState.APPROVED})

    # Translators: a country, as the UN names Member States ("State party").
    country = CountryField(pgettext_lazy("a country", "State"))
    title = models.CharField(_("title"), max_length=200)
    as_of = models.DateField(_("as of"), help_text=_("The date the findings describe."))
    instruments = models.ManyToManyField(
        Instrument, related_name="assessments", verbose_name=_("instruments")
    )
    review_state = models.CharField(
        _("review state"), max_length=20, choices=ReviewState.choices, default=ReviewState.DRAFT
    )
    revision = models.PositiveIntegerField(_("revision"), default=1)
    previous = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="next_rounds",
        verbose_name=_("previous round"),
        help_text=_("The earlier round of the same State this one was carried forward from."),
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(
        auto_now_add=True, help_text=_("Last change to the assessment or one of its responses.")
    )

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self) -> str:
        return f"{self.country.name}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("assessments:checklist", args=[self.pk])

    @property
    def is_approved(self) -> bool:
        return self.review_state == self.ReviewState.APPROVED

    @property
    def my_role_label(self) -> str:
        """The viewer's role, on rows annotated with ``my_role`` (the dashboard)."""
        return role_label(self.my_role)


class Membership(models.Model):
    """A person's role in one assessment; people outside it do not see it at all."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    added_at = models.DateTimeField(auto_now_add=True)
    invited_as = models.CharField(
        max_length=254,
        blank=True,
        help_text=_(
            "The username or email the owner typed to add this person: all the others "
            "see of them, since nobody asked for their consent to show more."
        ),
    )

    class Meta:
        ordering = ["assessment", "user__username"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            # Also the index for "is this user a member of this assessment?" on every request.
            models.UniqueConstraint(fields=["assessment", "user"], name="membership_unique_user"),
        ]

    def __str__(self) -> str:
        return gettext("%(user)s – %(role)s of %(assessment)s") % {
            "user": self.user,
            "role": self.get_role_display(),
            "assessment": self.assessment,
        }

    @property
    def label(self) -> str:
        """How the others see this member: what the inviter typed, or the person's name."""
        return self.invited_as or display_name(self.user)


class Invitation(InvitationBase):
    """An address invited into an assessment with a role; accepting it makes the membership."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="invitations")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)

    class Meta(InvitationBase.Meta):
        indexes = [
            # Serves the pending invitations listed on the members page.
            models.Index(fields=["assessment", "accepted_at", "revoked_at"], name="invitation_open")
        ]

    def __str__(self) -> str:
        return gettext("Invitation of %(email)s to %(assessment)s") % {
            "email": self.email,
            "assessment": self.assessment,
        }


class Item(models.Model):
    """A checklist item as it stood when the assessment was created.

    The paragraph's number, lead phrase, text, label, themes, groups and SDG targets are
    copied, so a later edit of the instrument never rewrites an assessment in progress.
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="items")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="+")
    paragraph = models.ForeignKey(
        Paragraph,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The paragraph this item was copied from, while it exists."),
    )
    # Translators: an item's place in the checklist's order (1, 2, 3...).
    position = models.PositiveIntegerField(
        pgettext_lazy("order", "position"), help_text=_("Order within the assessment, from 1.")
    )
    number = models.CharField(_("number"), max_length=10, blank=True)
    lead = models.CharField(_("lead phrase"), max_length=120, blank=True)
    text = models.TextField(_("text"))
    subparagraphs = models.JSONField(default=list, blank=True)
    footnotes = models.JSONField(
        default=list, blank=True, help_text=_("The instrument's footnotes this text refers to.")
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="+")
    label = models.CharField(_("action label"), max_length=120, blank=True)
    groups = models.ManyToManyField(AffectedGroup, blank=True, related_name="+")
    sdg_targets = models.ManyToManyField(SdgTarget, blank=True, related_name="+")

    class Meta:
        ordering = ["assessment", "position"]
        verbose_name = _("item")
        verbose_name_plural = _("items")
        constraints = [
            # Also the index for reading an assessment's checklist in order.
            models.UniqueConstraint(fields=["assessment", "position"], name="item_unique_position"),
        ]

    def __str__(self) -> str:
        return f"§{self.number}" if self.number else f"item {self.position}"

    # The same rule as on the paragraph it was copied from: the text after the lead phrase.
    rest = Paragraph.rest


class Response(models.Model):
    """What the assessment says about one item: the finding, its evidence and notes.

    ``version`` grows by one at each save; a save names the version it started from and is
    refused when the row has moved on (see services.save_response).
    """

    item = models.OneToOneField(Item, on_delete=models.CASCADE, related_name="response")
    finding = models.CharField(
        _("finding"), max_length=20, choices=Finding.choices, default=Finding.NOT_ASSESSED
    )
    evidence = models.TextField(
        _("evidence"),
        blank=True,
        max_length=EVIDENCE_MAX_CHARS,
        help_text=_("What the State did or did not do, and how you know."),
    )
    notes = models.TextField(
        _("internal notes"),
        blank=True,
        max_length=NOTES_MAX_CHARS,
        help_text=_("For the team; not printed in the report."),
    )
    version = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True)
    # The reviewer's verdict on this item: the workflow's axis, apart from the finding.
    review = models.CharField(
        _("review"), max_length=10, choices=ItemReview.choices, default=ItemReview.PENDING
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    carried_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The previous round's response this one started from."),
    )

    class Meta:
        ordering = ["item__assessment", "item__position"]
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        indexes = [
            # Serves the dashboard's progress counts and the finding filter.
            models.Index(fields=["finding"], name="response_finding"),
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.get_finding_display()}"


class Source(models.Model):
    """A document behind the evidence: a link, an uploaded file, or both."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="sources")
    title = models.CharField(_("title"), max_length=300)
    url = models.URLField(_("URL"), max_length=1000, blank=True)
    file = models.FileField(_("file"), upload_to="sources/%Y/%m/", blank=True)
    file_name = models.CharField(
        max_length=255, blank=True, help_text=_("The uploaded file's name, cleaned for download.")
    )
    content_type = models.CharField(max_length=100, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["response", "added_at", "pk"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self) -> str:
        return self.title


class ResponseChange(models.Model):
    """One save of a response: who, when, and the finding and texts before and after."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="changes")
    version = models.PositiveIntegerField(help_text=_("The response's version after this change."))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField()
    old_finding = models.CharField(max_length=20, choices=Finding.choices)
    new_finding = models.CharField(max_length=20, choices=Finding.choices)
    old_evidence = models.TextField(blank=True)
    new_evidence = models.TextField(blank=True)
    old_notes = models.TextField(blank=True)
    new_notes = models.TextField(blank=True)
    summary = models.CharField(
        max_length=400, blank=True, help_text=_("A change that is not a field, e.g. a source.")
    )

    class Meta:
        ordering = ["-changed_at", "-pk"]
        indexes = [
            # Serves an item's history, newest first.
            models.Index(fields=["response", "-changed_at"], name="change_by_response"),
        ]

    def __str__(self) -> str:
        return f"{self.response} v{self.version}"

    @property
    def finding_changed(self) -> bool:
        return self.old_finding != self.new_finding

    @property
    def evidence_changed(self) -> bool:
        return self.old_evidence != self.new_evidence

    @property
    def notes_changed(self) -> bool:
        return self.old_notes != self.new_notes


class Comment(models.Model):
    """A remark on an item, shown under it; open until someone resolves it."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("text"), max_length=COMMENT_MAX_CHARS)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["item", "created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [
            # Serves the open-comment counts on the checklist and the approval check.
            models.Index(fields=["item", "resolved_at"], name="comment_open_by_item"),
        ]

    def __str__(self) -> str:
        return gettext("Comment on %(item)s by %(author)s") % {
            "item": self.item,
            "author": self.author,
        }

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


class EventQuerySet(models.QuerySet):
    def not_by(self, user) -> "EventQuerySet":
        """Events someone other than ``user`` caused (or a removed account)."""
        return self.exclude(actor=user)

    def last_pk(self) -> int:
        return self.aggregate(latest=Max("pk"))["latest"] or 0


class Event(models.Model):
    """The audit trail: every change, comment and transition, who and when.

    The activity page lists it and the report prints it. Rows are only ever added.
    """

    class Kind(models.TextChoices):
        # Translators: what an entry of the audit trail records: the assessment was created.
        CREATED = "created", pgettext_lazy("event", "Created")
        RESPONSE = "response", pgettext_lazy("event", "Response changed")
        SOURCE = "source", pgettext_lazy("event", "Source changed")
        # Translators: an entry of the audit trail: a comment was added, resolved or reopened.
        COMMENT = "comment", pgettext_lazy("event", "Comment")
        REVIEW = "review", pgettext_lazy("event", "Item reviewed")
        TRANSITION = "transition", pgettext_lazy("event", "Review state changed")
        MEMBERS = "members", pgettext_lazy("event", "Members changed")
        ACTION = "action", pgettext_lazy("event", "Action changed")
        POSITION = "position", pgettext_lazy("event", "Position changed")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="events")
    item = models.ForeignKey(
        Item, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField()
    kind = models.CharField(max_length=12, choices=Kind.choices)
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20, blank=True)
    revision = models.PositiveIntegerField()
    summary = models.CharField(max_length=500)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [
            # Serves the activity page and the report's annex, newest first.
            models.Index(fields=["assessment", "-at"], name="event_by_assessment"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_kind_display()}: {self.summary}"


class ApprovedReport(models.Model):
    """The PDF of an approved revision, generated once and served byte for byte after.

    ``sha256`` is the hash of the whole stored file, shown in the app. A file cannot print
    its own hash, so its last page prints the hash of the document before that page (see
    reports.pdf.sealed). One per revision: the unique constraint settles two first
    downloads racing.
    """

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="approved_reports"
    )
    revision = models.PositiveIntegerField()
    file = models.FileField(upload_to="reports/%Y/")
    sha256 = models.CharField(max_length=64)
    # The language it was sealed in (a code of settings.LANGUAGES): the sealed file is served
    # only in it; other languages print unsealed copies.
    language = models.CharField(max_length=10)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["assessment", "-revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "revision"], name="approved_report_one_per_revision"
            ),
        ]

    def __str__(self) -> str:
        return gettext("Report of %(assessment)s, revision %(revision)s") % {
            "assessment": self.assessment,
            "revision": self.revision,
        }


class ReportRender(models.Model):
    """A report of this assessment being rendered now, and since when.

    One row per assessment at most (the primary key): the request that inserts it renders,
    others wait for the file or are told it is being prepared (see reports.cached). It lives
    in the database so that every app server sees it; a row older than a render can take
    was left by a killed worker and is taken over.
    """

    assessment = models.OneToOneField(
        Assessment, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    started_at = models.DateTimeField()

    def __str__(self) -> str:
        return gettext("Rendering a report of %(assessment)s since %(start)s") % {
            "assessment": self.assessment_id,
            "start": self.started_at,
        }
