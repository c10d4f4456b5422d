"""Assessment pages. Each view first fetches its object through access.py, which decides
who may see and do what; htmx requests get a fragment, other requests a page or a redirect,
so everything also works with JavaScript off."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from checklist.accounts import invitation_pages
from checklist.accounts import invitations as tokens
from checklist.accounts.access import organisations_of
from checklist.assessments import invitations, rendering, rows, selectors, services, workflow
from checklist.assessments.access import (
    APPROVED_IS_READ_ONLY,
    COMMENT,
    MANAGE,
    READ,
    REVIEW,
    WRITE,
    get_assessment_for,
    get_invitation_for,
    get_membership_for,
    get_response_for,
    get_source_for,
)
from checklist.assessments.forms import (
    AssessmentForm,
    ChecklistFilterForm,
    InviteForm,
    NextRoundForm,
    ResponseForm,
    ReviewForm,
    RoleForm,
    SourceForm,
)
from checklist.assessments.lineage import carried_notes
from checklist.assessments.models import (
    Assessment,
    Comment,
    Event,
    Finding,
    Invitation,
    Item,
    ItemReview,
    Membership,
    ResponseChange,
    Role,
)
from checklist.ids import parse_id
from checklist.instruments.models import language_name
from checklist.instruments.versions import languages_available
from checklist.text import clean_text


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """The assessments the signed-in person sees (State, progress, last change), grouped by
    the organisation that owns them."""
    assessments = (
        Assessment.objects.visible_to(request.user)
        .with_progress()
        .annotate(
            my_role=Subquery(
                Membership.objects.filter(assessment=OuterRef("pk"), user=request.user).values(
                    "role"
                )[:1]
            )
        )
        .select_related("organisation")
        .order_by("organisation__name", "-updated_at")
    )
    waiting = Assessment.objects.filter(
        memberships__user=request.user,
        memberships__role=Role.REVIEWER,
        review_state__in=Assessment.REVIEWABLE_STATES,
    )
    returned = (
        Item.objects.filter(
            assessment__memberships__user=request.user,
            assessment__memberships__role__in=[Role.EDITOR, Role.OWNER],
            assessment__review_state__in=Assessment.WRITABLE_STATES,
            response__review=ItemReview.RETURNED,
        )
        .select_related("assessment", "instrument")
        .order_by("assessment", "position")[:100]
    )
    context = {
        "groups": _by_organisation(request.user, list(assessments)),
        "can_create": organisations_of(request.user).exists(),
        "waiting": waiting,
        "returned": returned,
    }
    return render(request, "assessments/dashboard.html", context)


def _by_organisation(user, assessments: list[Assessment]) -> list[dict]:
    """One group per organisation: the person's own (even without assessments yet), then
    those that invited them into one of their assessments."""
    own = {organisation.pk: organisation for organisation in organisations_of(user)}
    groups = {pk: [] for pk in own}
    for assessment in assessments:
        groups.setdefault(assessment.organisation_id, []).append(assessment)
    organisations = {
        assessment.organisation_id: assessment.organisation for assessment in assessments
    }
    organisations.update(own)
    order = sorted(groups, key=lambda pk: (pk not in own, organisations[pk].name))
    return [
        {"organisation": organisations[pk], "mine": pk in own, "assessments": groups[pk]}
        for pk in order
    ]


@require_http_methods(["GET", "POST"])
def assessment_create(request: HttpRequest) -> HttpResponse:
    """A member of an organisation starts an assessment in it and becomes its owner."""
    form = AssessmentForm(request.POST or None, organisations=organisations_of(request.user))
    if request.method == "POST":
        if form.is_valid():
            assessment = services.create_assessment(
                organisation=form.cleaned_data["organisation"],
                owner=request.user,
                country=form.cleaned_data["country"],
                title=form.cleaned_data["title"],
                as_of=form.cleaned_data["as_of"],
                instruments=list(form.cleaned_data["instruments"]),
            )
            messages.success(
                request, gettext("Assessment created. Record a finding for each item.")
            )
            return redirect(assessment)
        return _assessment_form(request, form, status=400)
    return _assessment_form(request, form)


def _assessment_form(request, form: AssessmentForm, *, status: int = 200) -> HttpResponse:
    context = {"form": form, "has_organisation": form.fields["organisation"].queryset.exists()}
    return render(request, "assessments/assessment_form.html", context, status=status)


@require_GET
def checklist(request: HttpRequest, pk: int) -> HttpResponse:
    """Every item with its response, grouped by instrument; filters narrow the rows shown.
    The page holds the first rows.FIRST rows and a placeholder that fetches the next chunk
    as it comes into view (checklist_rows); ``?all=1`` holds every row.

    The number of queries does not depend on the number of items (tested with 10 and 1,000),
    and the first chunk reads only its own rows: the counts are worked out by the database.
    """
    assessment, permissions = get_assessment_for(request.user, pk)
    filters, items = _filtered_items(request, assessment)
    instruments = assessment.instruments.all()
    counts = selectors.per_instrument(items)
    show_all = request.GET.get("all") == "1"
    if show_all:
        shown = selectors.rows_of(items)
        groups = [{**group, "starts": True} for group in rows.grouped(shown, instruments)]
        chunk = {"groups": groups, "more": None, "next_instrument": None}
    else:
        chunk = _chunk(items, 0, counts, instruments)
    _in_text_language(chunk["groups"], filters)
    body = rendering.render(
        "checklist_body.html",
        request,
        assessment=assessment,
        permissions=permissions,
        progress=selectors.progress(assessment.pk),
        filters=filters,
        chosen={name: request.GET[name] for name in filters.chosen()},
        shown_count=_shown(counts),
        show_all=show_all,
        **chunk,
    )
    context = {"assessment": assessment, "permissions": permissions, "body": body}
    return render(request, "assessments/checklist.html", context)


@require_GET
def checklist_rows(request: HttpRequest, pk: int) -> HttpResponse:
    """The chunk of rows from ``?offset=N`` under the same filters as the page, followed
    by the placeholder of the next chunk."""
    assessment, permissions = get_assessment_for(request.user, pk)
    filters, items = _filtered_items(request, assessment)
    offset = request.GET.get("offset", "")
    counts = selectors.per_instrument(items)
    if not offset.isdecimal() or int(offset) >= _shown(counts):
        raise Http404(gettext("These rows are not in the checklist any more."))
    chunk = _chunk(items, int(offset), counts, assessment.instruments.all())
    _in_text_language(chunk["groups"], filters)
    html = rendering.render(
        "checklist_rows.html",
        request,
        assessment=assessment,
        permissions=permissions,
        chosen={name: request.GET[name] for name in filters.chosen()},
        **chunk,
    )
    return HttpResponse(html)


def _chunk(items, offset: int, counts: dict[int, tuple[int, int]], instruments) -> dict:
    """The chunk from ``offset`` in runs of one instrument's rows, where the next chunk
    starts and its first instrument (the placeholder's link to that instrument alone, for
    a browser without JavaScript). One row more than the chunk is read to tell them."""
    size = rows.chunk_size(offset)
    found = selectors.rows_of(items[offset : offset + size + 1])
    firsts = {instrument: first for instrument, (_, first) in counts.items()}
    more = found[size] if len(found) > size else None
    return {
        "groups": rows.sections(found[:size], firsts, instruments),
        "more": None if more is None else offset + size,
        "next_instrument": None if more is None else more.instrument_id,
    }


def _in_text_language(groups: list[dict], filters: ChecklistFilterForm) -> None:
    """The rows about to be shown, with their texts in the language chosen (``?text=fr``)."""
    shown = [row for group in groups for row in group["rows"]]
    rows.show_text_in(shown, filters.chosen().get("text", ""))


def _shown(counts: dict[int, tuple[int, int]]) -> int:
    """How many rows the filters let through (``counts``: selectors.per_instrument)."""
    return sum(count for count, _ in counts.values())


def _filtered_items(request: HttpRequest, assessment: Assessment):
    """The filter form read from the query string, and the items it lets through."""
    offered = selectors.entries(assessment.pk)
    filters = ChecklistFilterForm(
        request.GET,
        instruments=assessment.instruments.all(),
        text_languages=languages_available(assessment.instruments.all()),
        themes=offered["themes"],
        groups=offered["groups"],
        sdg_targets=offered["sdg_targets"],
    )
    return filters, selectors.filtered_items(assessment.pk, filters.chosen())


def _one_row(assessment: Assessment, item_pk: int) -> rows.Row:
    found = selectors.load_rows(assessment.pk, item_id=item_pk)
    if not found:
        raise Http404(gettext("No such item in this assessment."))
    return found[0]


@require_http_methods(["GET", "POST"])
def item(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """GET: one row (htmx, e.g. "take theirs") or its own page. POST: save the response."""
    if request.method == "POST":
        return _save_item(request, pk, item_pk)
    assessment, permissions = get_assessment_for(request.user, pk)
    row = _one_row(assessment, item_pk)
    # The item's text from a language version (``?text=fr``); an unknown language is ignored.
    text_language = request.GET.get("text", "")
    rows.show_text_in([row], text_language)
    row_html = rendering.render(
        "row.html",
        request,
        assessment=assessment,
        permissions=permissions,
        r=row,
        source_form_open=not request.htmx,
    )
    if request.htmx:
        return HttpResponse(row_html)
    languages = languages_available(assessment.instruments.all())
    return _item_page(
        request,
        assessment,
        permissions,
        row_html=row_html,
        row=row,
        text_language=text_language,
        text_languages=[(code, language_name(code)) for code in languages],
    )


def _item_page(request, assessment, permissions, *, row_html, row, status=200, **extra):
    changes = ResponseChange.objects.filter(response__item_id=row.pk).select_related("changed_by")[
        :50
    ]
    context = {
        "assessment": assessment,
        "permissions": permissions,
        "row": row,
        "row_html": row_html,
        "changes": changes,
        "history_heading": "h2",
        "carried": carried_notes(assessment.pk).get(row.pk),
        **extra,
    }
    return render(request, "assessments/item.html", context, status=status)


def _save_item(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    response, permissions = get_response_for(request.user, pk, item_pk, right=WRITE)
    form = ResponseForm(request.POST)
    if not form.is_valid():
        status = 413 if form.too_long() else 400
        return _refused_save(
            request, response, permissions, form, problem=_problems(form), status=status
        )
    data = form.cleaned_data
    try:
        response = services.save_response(
            response=response,
            user=request.user,
            version=data["version"],
            finding=data["finding"],
            evidence=data["evidence"],
            notes=data["notes"],
        )
    except services.StaleResponse:
        return _refused_save(request, response, permissions, form, status=409)
    except services.AssessmentApproved as approved:
        raise PermissionDenied(APPROVED_IS_READ_ONLY) from approved
    if not request.htmx:
        label = _one_row(response.item.assessment, item_pk).label
        messages.success(request, gettext("Saved %(item)s.") % {"item": label})
        return redirect(f"{reverse('assessments:checklist', args=[pk])}#item-{item_pk}")
    assessment = response.item.assessment
    html = rendering.render(
        "row_answer.html",
        request,
        assessment=assessment,
        permissions=permissions,
        outcome="saved",
        r=_one_row(assessment, item_pk),
        progress=selectors.progress(assessment.pk),
    )
    return HttpResponse(html)


def _refused_save(request, response, permissions, form, *, status, problem="") -> HttpResponse:
    """A save that was not made: say why, show theirs beside what was typed, keep the typing.

    htmx gets out-of-band pieces only (the form in the page keeps what was typed); without
    JavaScript, the item page shows the form again holding what was typed. After a conflict
    that form carries the current version, so saving it again deliberately replaces theirs.
    """
    assessment = response.item.assessment
    current = _one_row(assessment, response.item_id)
    typed = current.typed(form.data)
    if request.htmx:
        html = rendering.render(
            "row_answer.html",
            request,
            assessment=assessment,
            permissions=permissions,
            outcome="conflict" if status == 409 else "refused",
            r=current,
            typed=typed,
            problem=problem,
        )
        return HttpResponse(html, status=status)
    if status != 409:
        typed.version = form.data.get("version", current.version)
    row_html = rendering.render(
        "row.html", request, assessment=assessment, permissions=permissions, r=typed
    )
    conflict_html = ""
    if status == 409:
        conflict_html = rendering.render(
            "conflict.html",
            request,
            assessment=assessment,
            permissions=permissions,
            r=current,
            typed=typed,
        )
    return _item_page(
        request,
        assessment,
        permissions,
        row_html=row_html,
        row=current,
        status=status,
        conflict_html=conflict_html,
        problem=problem,
    )


@require_GET
def history(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """Every change to the item's response, newest first."""
    assessment, permissions = get_assessment_for(request.user, pk)
    row = _one_row(assessment, item_pk)
    changes = ResponseChange.objects.filter(response__item_id=row.pk).select_related("changed_by")
    context = {
        "assessment": assessment,
        "permissions": permissions,
        "row": row,
        "changes": changes,
        # Inside a checklist row (htmx) the history sits under the row's h3; alone, under h1.
        "history_heading": "h4" if request.htmx else "h2",
    }
    template = "assessments/_history.html" if request.htmx else "assessments/history.html"
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
def add_source(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """GET: the form (into the row for htmx, on the item page otherwise). POST: add it.

    The checklist shows only a link per row: a thousand upload forms would weigh down the
    page that people keep open all day."""
    response, permissions = get_response_for(request.user, pk, item_pk, right=WRITE)
    if request.method == "GET":
        return _source_form(request, response, permissions, form=None, status=200)
    form = SourceForm(request.POST, request.FILES)
    if not form.is_valid():
        return _source_form(request, response, permissions, form=form, status=400)
    try:
        services.add_source(response=response, user=request.user, source=form.new_source())
    except services.AssessmentApproved as approved:
        raise PermissionDenied(APPROVED_IS_READ_ONLY) from approved
    return _sources_answer(request, pk, item_pk, gettext("Source added."))


@require_POST
def remove_source(request: HttpRequest, pk: int, source_pk: int) -> HttpResponse:
    source, _ = get_source_for(request.user, pk, source_pk, right=WRITE)
    item_pk = source.response.item_id
    try:
        services.remove_source(source=source, user=request.user)
    except services.AssessmentApproved as approved:
        raise PermissionDenied(APPROVED_IS_READ_ONLY) from approved
    return _sources_answer(request, pk, item_pk, gettext("Source removed."))


def _source_form(request, response, permissions, *, form, status: int) -> HttpResponse:
    """The add-a-source form, empty or holding what was typed and why it was refused."""
    assessment = response.item.assessment
    row = _one_row(assessment, response.item_id)
    context = {"assessment": assessment, "permissions": permissions, "r": row}
    if request.htmx:
        html = rendering.render("sources.html", request, **context, form=form, form_open=True)
        return HttpResponse(html, status=status)
    row_html = rendering.render(
        "row.html", request, **context, source_form=form, source_form_open=True
    )
    problem = ""
    if form is not None:
        problem = " ".join(error for errors in form.errors.values() for error in errors)
        problem = gettext("the source was not added. %(problems)s") % {"problems": problem}
    return _item_page(
        request,
        assessment,
        permissions,
        row_html=row_html,
        row=row,
        status=status,
        problem=problem,
    )


def _sources_answer(request, pk: int, item_pk: int, done: str) -> HttpResponse:
    if request.htmx:
        assessment, permissions = get_assessment_for(request.user, pk)
        html = rendering.render(
            "sources.html",
            request,
            assessment=assessment,
            permissions=permissions,
            r=_one_row(assessment, item_pk),
            form=None,
            form_open=False,
        )
        return HttpResponse(html)
    messages.success(request, done)
    return redirect(f"{reverse('assessments:checklist', args=[pk])}#item-{item_pk}")


@require_GET
def source_file(request: HttpRequest, pk: int, source_pk: int) -> HttpResponse:
    """An uploaded source, for members only, always as a download (never shown inline)."""
    source, _ = get_source_for(request.user, pk, source_pk)
    if not source.file:
        return HttpResponse(
            gettext("This source has no file."),
            status=404,
            content_type="text/plain; charset=utf-8",
        )
    try:
        opened = source.file.open("rb")
    except OSError:
        return HttpResponse(
            gettext(
                "This source's file is missing from the file storage. Ask an administrator "
                "to restore it from backup, or upload it again."
            ),
            status=503,
            content_type="text/plain; charset=utf-8",
        )
    answer = FileResponse(
        opened,
        as_attachment=True,
        filename=source.file_name,
        content_type=source.content_type,
    )
    answer["X-Content-Type-Options"] = "nosniff"
    return answer


@require_http_methods(["GET", "POST"])
def members(request: HttpRequest, pk: int) -> HttpResponse:
    """Everyone may see who is in the assessment; owners and organisation admins invite
    people (POST) and see the invitations pending."""
    right = MANAGE if request.method == "POST" else READ
    assessment, permissions = get_assessment_for(request.user, pk, right=right)
    form = InviteForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid() and _invite(request, assessment, form):
            return redirect("assessments:members", pk=pk)
        return _members_page(request, assessment, permissions, form, status=400)
    return _members_page(request, assessment, permissions, form)


def _invite(request, assessment: Assessment, form: InviteForm) -> bool:
    email = form.cleaned_data["email"]
    unsent: list[str] = []
    try:
        invitations.invite(
            assessment=assessment,
            email=email,
            role=form.cleaned_data["role"],
            by=request.user,
            failed=unsent.append,
        )
    except invitations.InvitationRefused as refusal:
        form.add_error("email", str(refusal))
        return False
    invitation_pages.say_invited(request, email, unsent)
    return True


def _members_page(request, assessment, permissions, form, *, status=200, problem=""):
    pending = assessment.invitations.pending().order_by("email") if permissions.can_manage else []
    context = {
        "assessment": assessment,
        "permissions": permissions,
        "memberships": assessment.memberships.select_related("user").order_by(
            "role", "user__username"
        ),
        "invitations": pending,
        "form": form,
        "role_choices": RoleForm.base_fields["role"].choices,
        "problem": problem,
    }
    return render(request, "assessments/members.html", context, status=status)


@require_POST
def invitation_resend(request: HttpRequest, pk: int, invitation_pk: int) -> HttpResponse:
    invitation = get_invitation_for(request.user, pk, invitation_pk)
    unsent: list[str] = []
    try:
        invitations.resend(invitation=invitation, failed=unsent.append)
    except invitations.InvitationRefused as refusal:
        return _refused_member_change(request, pk, str(refusal))
    invitation_pages.say_invited(request, invitation.email, unsent)
    return redirect("assessments:members", pk=pk)


@require_POST
def invitation_revoke(request: HttpRequest, pk: int, invitation_pk: int) -> HttpResponse:
    invitation = get_invitation_for(request.user, pk, invitation_pk)
    invitations.revoke(invitation=invitation)
    messages.success(
        request, gettext("Invitation to %(email)s withdrawn.") % {"email": invitation.email}
    )
    return redirect("assessments:members", pk=pk)


@login_not_required
@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the e-mail: accepting makes the person a member with the invited role."""
    found = tokens.find(Invitation, token)

    def offer() -> invitation_pages.Offer:
        assessment = found.assessment
        return invitation_pages.Offer(
            what=gettext("the assessment “%(title)s” (%(state)s) as %(role)s")
            % {
                "title": assessment.title,
                "state": assessment.country.name,
                "role": Role(found.role).label.lower(),
            },
            accept=lambda user: (
                gettext("You have joined the assessment as %(role)s.")
                % {
                    "role": invitations.accept(invitation=found, user=user)
                    .get_role_display()
                    .lower()
                }
            ),
            landing=assessment.get_absolute_url(),
        )

    return invitation_pages.answer(request, found, offer)


@require_POST
def member_role(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    membership = get_membership_for(request.user, pk, membership_pk)
    form = RoleForm(request.POST)
    problem = gettext("Choose one of the roles offered.")
    if form.is_valid():
        try:
            services.change_role(
                membership=membership, role=form.cleaned_data["role"], by=request.user
            )
        except services.MembershipRefused as refusal:
            problem = str(refusal)
        else:
            messages.success(
                request,
                gettext("%(name)s is now %(role)s.")
                % {"name": membership.label, "role": Role(membership.role).label.lower()},
            )
            return redirect("assessments:members", pk=pk)
    return _refused_member_change(request, pk, problem)


@require_POST
def member_remove(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    membership = get_membership_for(request.user, pk, membership_pk)
    try:
        services.remove_member(membership=membership, by=request.user)
    except services.MembershipRefused as refusal:
        return _refused_member_change(request, pk, str(refusal))
    messages.success(request, gettext("%(name)s removed.") % {"name": membership.label})
    if membership.user_id == request.user.pk:
        return redirect("home")
    return redirect("assessments:members", pk=pk)


def _refused_member_change(request, pk: int, problem: str) -> HttpResponse:
    """Back to the members page, saying why; only those who manage members get here."""
    assessment, permissions = get_assessment_for(request.user, pk, right=MANAGE)
    return _members_page(
        request, assessment, permissions, InviteForm(), status=400, problem=problem
    )


def _back_to_checklist(pk: int, item_pk: int | None = None) -> HttpResponse:
    anchor = f"#item-{item_pk}" if item_pk else ""
    return redirect(f"{reverse('assessments:checklist', args=[pk])}{anchor}")


@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    """Editors and owners submit; items still "not assessed" need a confirmation first."""
    assessment, permissions = get_assessment_for(request.user, pk, right=WRITE)
    unsent: list[str] = []
    try:
        workflow.submit(
            assessment=assessment,
            user=request.user,
            confirm_unassessed=request.POST.get("confirm") == "yes",
            mail_failed=unsent.extend,
        )
    except workflow.UnassessedItems as unassessed:
        context = {"assessment": assessment, "permissions": permissions, "items": unassessed.items}
        return render(request, "assessments/confirm_submit.html", context, status=409)
    except workflow.TransitionRefused as refusal:
        messages.error(request, str(refusal))
        return _back_to_checklist(pk)
    if unsent:
        _say_done(request, gettext("Submitted for review."), unsent)
    else:
        messages.success(
            request, gettext("Submitted for review. The reviewers have been told by email.")
        )
    return _back_to_checklist(pk)


def _say_done(request, done: str, unsent: list[str]) -> None:
    """The transition's success, and the people whose e-mail did not go out, if any."""
    messages.success(request, done)
    if unsent:
        messages.warning(
            request,
            gettext("Saved. The e-mail to %(people)s could not be sent; please tell them yourself.")
            % {"people": ", ".join(unsent)},
        )


@require_POST
def request_changes(request: HttpRequest, pk: int) -> HttpResponse:
    assessment, _ = get_assessment_for(request.user, pk, right=REVIEW)
    note = clean_text(request.POST.get("note", ""))[:1000]
    return _transition(
        request, assessment, workflow.request_changes, gettext("Changes requested."), note=note
    )


@require_POST
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    """The form carries what the page showed as of (``seen``); a later change refuses it."""
    assessment, _permissions = get_assessment_for(request.user, pk, right=REVIEW)
    try:
        seen = int(request.POST.get("seen", ""))
    except ValueError:
        messages.error(
            request, gettext("Reload the page, look at the assessment, then approve it.")
        )
        return _back_to_checklist(pk)
    return _transition(
        request,
        assessment,
        workflow.approve,
        gettext("Approved. The assessment is now read-only."),
        seen=seen,
    )


@require_POST
def reopen(request: HttpRequest, pk: int) -> HttpResponse:
    assessment, _ = get_assessment_for(request.user, pk, right=MANAGE)
    reason = clean_text(request.POST.get("reason", ""))[:1000]
    return _transition(
        request, assessment, workflow.reopen, gettext("Reopened as a new revision."), reason=reason
    )


def _transition(request, assessment, transition, done: str, **arguments) -> HttpResponse:
    """Run a workflow transition; a refusal is said in words and changes nothing. The e-mails
    go out once it commits; one that fails is said too, and the transition stands."""
    unsent: list[str] = []
    try:
        transition(assessment=assessment, user=request.user, mail_failed=unsent.extend, **arguments)
    except workflow.TransitionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        _say_done(request, done, unsent)
    return _back_to_checklist(assessment.pk)


@require_POST
def review_item(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """Accept or return an item, as of the response version the reviewer read."""
    response, _permissions = get_response_for(request.user, pk, item_pk, right=REVIEW)
    form = ReviewForm(request.POST)
    typed = request.POST.get("comment", "")
    try:
        if not form.is_valid():
            raise workflow.TransitionRefused(_problems(form))
        workflow.review_item(response=response, user=request.user, **form.cleaned_data)
    except workflow.StaleReview as stale:
        return _refused_review(request, pk, item_pk, typed=typed, stale=stale, status=409)
    except workflow.TransitionRefused as refusal:
        if not request.htmx:
            messages.error(request, str(refusal))
            return _back_to_checklist(pk, item_pk)
        return _refused_review(request, pk, item_pk, typed=typed, problem=str(refusal), status=400)
    if not request.htmx:
        return _back_to_checklist(pk, item_pk)
    assessment, permissions = get_assessment_for(request.user, pk)
    row = _one_row(assessment, item_pk)
    return HttpResponse(
        rendering.render("row.html", request, assessment=assessment, permissions=permissions, r=row)
    )


def _problems(form) -> str:
    return " ".join(error for errors in form.errors.values() for error in errors)


def _refused_review(request, pk, item_pk, *, typed, status, stale=None, problem=""):
    """The row as it reads now, saying why the verdict was not recorded, the comment kept.

    After a stale review it shows what the reviewer read beside what the item says now, and
    its form carries the current version: reviewing again is a verdict on the new text.
    """
    assessment, permissions = get_assessment_for(request.user, pk)
    current = _one_row(assessment, item_pk)
    notice = {
        "comment": typed,
        "problem": str(stale) if stale else problem,
        "seen": _values_at(current.pk, stale.seen_version) if stale else None,
    }
    row_html = rendering.render(
        "row.html",
        request,
        assessment=assessment,
        permissions=permissions,
        r=current,
        review_notice=notice,
    )
    if request.htmx:
        return HttpResponse(row_html, status=status)
    return _item_page(
        request, assessment, permissions, row_html=row_html, row=current, status=status
    )


def _values_at(item_pk: int, version: int) -> dict:
    """The finding and evidence of the item's response at ``version``: the first change after
    it holds them as its "before" (sources added at that version are recorded after it)."""
    change = (
        ResponseChange.objects.filter(response__item_id=item_pk, version=version + 1)
        .order_by("pk")
        .first()
    )
    if change is None:
        return {"finding": "", "evidence": ""}
    return {"finding": Finding(change.old_finding).label, "evidence": change.old_evidence}


@require_http_methods(["GET", "POST"])
def comments(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """An item's comment thread; members who may comment add to it (POST)."""
    right = COMMENT if request.method == "POST" else READ
    assessment, permissions = get_assessment_for(request.user, pk, right=right)
    row = _one_row(assessment, item_pk)
    problem = ""
    status = 200
    if request.method == "POST":
        item = get_object_or_404(Item, pk=item_pk, assessment=assessment)
        try:
            workflow.add_comment(
                item=item, user=request.user, text=clean_text(request.POST.get("text", ""))
            )
        except workflow.TransitionRefused as refusal:
            problem, status = str(refusal), 400
        else:
            if not request.htmx:
                return redirect("assessments:comments", pk=pk, item_pk=item_pk)
    thread = Comment.objects.filter(item_id=row.pk).select_related("author", "resolved_by")
    context = {
        "assessment": assessment,
        "permissions": permissions,
        "row": row,
        "comments": thread,
        "problem": problem,
        "typed": request.POST.get("text", "") if problem else "",
    }
    template = "assessments/_comments.html" if request.htmx else "assessments/comments.html"
    return render(request, template, context, status=status)


@require_POST
def comment_resolve(request: HttpRequest, pk: int, comment_pk: int) -> HttpResponse:
    assessment, _ = get_assessment_for(request.user, pk, right=COMMENT)
    comment = get_object_or_404(
        Comment.objects.select_related("item__assessment"),
        pk=comment_pk,
        item__assessment=assessment,
    )
    try:
        workflow.set_comment_resolved(
            comment=comment, user=request.user, resolved=request.POST.get("resolved") == "yes"
        )
    except workflow.TransitionRefused as refusal:
        messages.error(request, str(refusal))
    return redirect("assessments:comments", pk=pk, item_pk=comment.item_id)


@require_GET
def activity(request: HttpRequest, pk: int) -> HttpResponse:
    """The audit trail, newest first: every change, comment and transition."""
    assessment, permissions = get_assessment_for(request.user, pk)
    events = Event.objects.filter(assessment=assessment).select_related("actor", "item")
    kind = request.GET.get("kind", "")
    if kind in Event.Kind.values:
        events = events.filter(kind=kind)
    people = Membership.objects.filter(assessment=assessment).select_related("user")
    person = request.GET.get("person", "")
    person_id = parse_id(person)
    if person_id is not None:
        events = events.filter(actor_id=person_id)
    context = {
        "assessment": assessment,
        "permissions": permissions,
        "events": events[:500],
        "kinds": Event.Kind.choices,
        "kind": kind,
        "people": people,
        "person": person,
    }
    return render(request, "assessments/activity.html", context)


@require_POST
def next_round(request: HttpRequest, pk: int) -> HttpResponse:
    """An owner starts next year's round: findings, evidence and sources carried forward."""
    previous, _ = get_assessment_for(request.user, pk, right=MANAGE)
    form = NextRoundForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("Give the new round a title and an as-of date."))
        return _back_to_checklist(pk)
    next_round = services.carry_forward(
        previous=previous,
        owner=request.user,
        title=form.cleaned_data["title"],
        as_of=form.cleaned_data["as_of"],
        to_newer=form.cleaned_data["to_newer"],
    )
    messages.success(request, gettext("New round created; findings carried forward are marked."))
    if next_round.missing_files:
        messages.warning(
            request,
            gettext(
                "These files were missing from the file storage and were not carried forward "
                "(their titles and links were): %(files)s. Upload them again or ask an "
                "administrator to restore them from backup."
            )
            % {"files": "; ".join(next_round.missing_files)},
        )
    return redirect(next_round.assessment)
