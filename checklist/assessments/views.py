"""Assessment pages. Each view first fetches its object through access.py, which decides
who may see and do what; htmx requests get a fragment, other requests a page or a redirect,
so everything also works with JavaScript off."""

import copy

from django.contrib import messages
from django.db.models import Count, F, Q
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from checklist.assessments import services
from checklist.assessments.access import (
    MANAGE,
    WRITE,
    Permissions,
    get_assessment_for,
    get_membership_for,
    get_response_for,
    get_source_for,
)
from checklist.assessments.forms import (
    AssessmentForm,
    ChecklistFilterForm,
    InviteForm,
    ResponseForm,
    RoleForm,
    SourceForm,
)
from checklist.assessments.models import Assessment, Finding, Item, Membership, Response


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """The signed-in person's assessments: State, progress and last change."""
    assessments = (
        Assessment.objects.for_user(request.user)
        .with_progress()
        .annotate(my_role=F("memberships__role"))
        .order_by("-updated_at")
    )
    return render(request, "assessments/dashboard.html", {"assessments": assessments})


@require_http_methods(["GET", "POST"])
def assessment_create(request: HttpRequest) -> HttpResponse:
    """Anyone signed in may start an assessment; they become its owner."""
    form = AssessmentForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            assessment = services.create_assessment(
                owner=request.user,
                country=form.cleaned_data["country"],
                title=form.cleaned_data["title"],
                as_of=form.cleaned_data["as_of"],
                instruments=list(form.cleaned_data["instruments"]),
            )
            messages.success(request, "Assessment created. Record a finding for each item.")
            return redirect(assessment)
        return render(request, "assessments/assessment_form.html", {"form": form}, status=400)
    return render(request, "assessments/assessment_form.html", {"form": form})


@require_GET
def checklist(request: HttpRequest, pk: int) -> HttpResponse:
    """Every item with its response, grouped by instrument; filters narrow the rows shown.

    The number of queries does not depend on the number of items (tested with 10 and 1,000).
    """
    assessment, permissions = get_assessment_for(request.user, pk)
    instruments = list(assessment.instruments.all())
    items = list(Item.objects.filter(assessment=assessment).for_checklist().order_by("position"))
    themes = sorted({theme for item in items for theme in item.themes.all()}, key=str)
    filters = ChecklistFilterForm(request.GET, instruments=instruments, themes=themes)
    shown = _filtered(items, filters.chosen())
    context = {
        "assessment": assessment,
        "permissions": permissions,
        "groups": _grouped(shown, instruments),
        "filters": filters,
        "shown_count": len(shown),
        "progress": _progress(items),
        "findings": Finding.choices,
    }
    return render(request, "assessments/checklist.html", context)


def _filtered(items: list[Item], chosen: dict) -> list[Item]:
    # In Python, on the rows already fetched: the page's queries stay the same whatever the
    # filter, and the progress bar counts every item.
    if "finding" in chosen:
        items = [item for item in items if item.response.finding == chosen["finding"]]
    if "instrument" in chosen:
        items = [item for item in items if item.instrument_id == chosen["instrument"]]
    if "theme" in chosen:
        items = [
            item for item in items if any(t.slug == chosen["theme"] for t in item.themes.all())
        ]
    return items


def _grouped(items: list[Item], instruments) -> list[dict]:
    """Items under their instrument, instruments in the order the assessment lists them."""
    by_instrument = {instrument.pk: instrument for instrument in instruments}
    groups: dict[int, dict] = {}
    for item in items:
        group = groups.setdefault(
            item.instrument_id, {"instrument": by_instrument[item.instrument_id], "items": []}
        )
        group["items"].append(item)
    return list(groups.values())


def _progress(items: list[Item]) -> dict:
    total = len(items)
    done = sum(item.response.finding != Finding.NOT_ASSESSED for item in items)
    return {"done": done, "total": total, "percent": round(100 * done / total) if total else 0}


def _assessment_progress(assessment_pk: int) -> dict:
    counts = Response.objects.filter(item__assessment_id=assessment_pk).aggregate(
        total=Count("pk"), done=Count("pk", filter=~Q(finding=Finding.NOT_ASSESSED))
    )
    total, done = counts["total"], counts["done"]
    return {"done": done, "total": total, "percent": round(100 * done / total) if total else 0}


def _row_context(response: Response, permissions: Permissions, **extra) -> dict:
    item = response.item
    return {
        "assessment": item.assessment,
        "item": item,
        "response": response,
        "permissions": permissions,
        "findings": Finding.choices,
        **extra,
    }


@require_http_methods(["GET", "POST"])
def item(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """GET: one row (htmx, e.g. "take theirs") or its own page. POST: save the response."""
    if request.method == "GET":
        response, permissions = get_response_for(request.user, pk, item_pk)
        context = _row_context(response, permissions, changes=response.changes.all()[:50])
        template = "assessments/_row.html" if request.htmx else "assessments/item.html"
        return render(request, template, context)
    return _save_item(request, pk, item_pk)


def _save_item(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    response, permissions = get_response_for(request.user, pk, item_pk, right=WRITE)
    form = ResponseForm(request.POST)
    if not form.is_valid():
        return _row_answer(request, response, permissions, form=form, status=400)
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
    except services.StaleResponse as stale:
        return _row_answer(
            request, stale.current, permissions, form=form, status=409, conflict=True
        )
    if not request.htmx:
        messages.success(request, f"Saved §{response.item.number or response.item.position}.")
        return redirect(f"{reverse('assessments:checklist', args=[pk])}#item-{item_pk}")
    return _row_answer(request, response, permissions, saved=True, status=200)


def _row_answer(request, response, permissions, *, status, form=None, **flags) -> HttpResponse:
    """htmx: out-of-band pieces of the row (status, version, conflict); else the item page.

    The form the person typed in is never replaced, so a refused save loses nothing.
    """
    context = _row_context(response, permissions, form=form, **flags)
    if request.htmx:
        context["progress"] = _assessment_progress(response.item.assessment_id)
        return render(request, "assessments/_row_answer.html", context, status=status)
    context["changes"] = response.changes.all()[:50]
    if form is not None:
        context["theirs"] = response
        context["response"] = _as_typed(response, form, keep_version=flags.get("conflict"))
    return render(request, "assessments/item.html", context, status=status)


def _as_typed(response: Response, form: ResponseForm, *, keep_version: bool) -> Response:
    """The row as the person typed it, to show again after a refused save (nothing is lost).

    After a conflict the form carries the current version, so saving again is a deliberate
    choice to replace the other person's values.
    """
    typed = copy.copy(response)
    typed.finding = form.data.get("finding", "")
    typed.evidence = form.data.get("evidence", "")
    typed.notes = form.data.get("notes", "")
    if not keep_version:
        typed.version = form.data.get("version", response.version)
    return typed


@require_GET
def history(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    response, permissions = get_response_for(request.user, pk, item_pk)
    context = _row_context(
        response, permissions, changes=response.changes.select_related("changed_by")
    )
    template = "assessments/_history.html" if request.htmx else "assessments/history.html"
    return render(request, template, context)


@require_POST
def add_source(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    response, permissions = get_response_for(request.user, pk, item_pk, right=WRITE)
    form = SourceForm(request.POST, request.FILES)
    if not form.is_valid():
        context = _row_context(response, permissions, source_form=form)
        if request.htmx:
            return render(request, "assessments/_sources.html", context, status=400)
        context["changes"] = response.changes.all()[:50]
        return render(request, "assessments/item.html", context, status=400)
    services.add_source(response=response, user=request.user, source=form.new_source())
    return _sources_answer(request, pk, item_pk, "Source added.")


@require_POST
def remove_source(request: HttpRequest, pk: int, source_pk: int) -> HttpResponse:
    source, _ = get_source_for(request.user, pk, source_pk, right=WRITE)
    item_pk = source.response.item_id
    services.remove_source(source=source, user=request.user)
    return _sources_answer(request, pk, item_pk, "Source removed.")


def _sources_answer(request, pk: int, item_pk: int, done: str) -> HttpResponse:
    if request.htmx:
        response, permissions = get_response_for(request.user, pk, item_pk)
        return render(
            request, "assessments/_sources.html", _row_context(response, permissions)
        )
    messages.success(request, done)
    return redirect(f"{reverse('assessments:checklist', args=[pk])}#item-{item_pk}")


@require_GET
def source_file(request: HttpRequest, pk: int, source_pk: int) -> HttpResponse:
    """An uploaded source, for members only, always as a download (never shown inline)."""
    source, _ = get_source_for(request.user, pk, source_pk)
    if not source.file:
        return HttpResponse("This source has no file.", status=404, content_type="text/plain")
    answer = FileResponse(
        source.file.open("rb"),
        as_attachment=True,
        filename=source.file_name,
        content_type=source.content_type,
    )
    answer["X-Content-Type-Options"] = "nosniff"
    return answer


@require_http_methods(["GET", "POST"])
def members(request: HttpRequest, pk: int) -> HttpResponse:
    """Everyone may see who is in the assessment; owners add people (POST)."""
    right = MANAGE if request.method == "POST" else "read"
    assessment, permissions = get_assessment_for(request.user, pk, right=right)
    form = InviteForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            added = _invite(request, assessment, form)
            if added:
                return redirect("assessments:members", pk=pk)
        status = 400
    return _members_page(request, assessment, permissions, form, status=status)


def _invite(request, assessment: Assessment, form: InviteForm) -> bool:
    user = services.find_user(form.cleaned_data["who"])
    if user is None:
        form.add_error(
            "who",
            "No account has that username or email. Ask an administrator to create the "
            "account first, then add it here.",
        )
        return False
    try:
        services.add_member(assessment=assessment, user=user, role=form.cleaned_data["role"])
    except services.MembershipRefused as refusal:
        form.add_error("who", str(refusal))
        return False
    messages.success(request, f"{user.username} added as {form.cleaned_data['role']}.")
    return True


def _members_page(request, assessment, permissions, form, *, status=200, problem=""):
    context = {
        "assessment": assessment,
        "permissions": permissions,
        "memberships": assessment.memberships.select_related("user").order_by(
            "role", "user__username"
        ),
        "form": form,
        "role_choices": RoleForm.base_fields["role"].choices,
        "problem": problem,
    }
    return render(request, "assessments/members.html", context, status=status)


@require_POST
def member_role(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    membership = get_membership_for(request.user, pk, membership_pk)
    form = RoleForm(request.POST)
    problem = "Choose one of the roles offered."
    if form.is_valid():
        try:
            services.change_role(membership=membership, role=form.cleaned_data["role"])
        except services.MembershipRefused as refusal:
            problem = str(refusal)
        else:
            messages.success(request, f"{membership.user.username} is now {membership.role}.")
            return redirect("assessments:members", pk=pk)
    return _refused_member_change(request, pk, problem)


@require_POST
def member_remove(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    membership = get_membership_for(request.user, pk, membership_pk)
    try:
        services.remove_member(membership=membership)
    except services.MembershipRefused as refusal:
        return _refused_member_change(request, pk, str(refusal))
    messages.success(request, f"{membership.user.username} removed.")
    if membership.user_id == request.user.pk:
        return redirect("home")
    return redirect("assessments:members", pk=pk)


def _refused_member_change(request, pk: int, problem: str) -> HttpResponse:
    assessment, permissions = get_assessment_for(request.user, pk, right=MANAGE)
    return _members_page(request, assessment, permissions, InviteForm(), status=400, problem=problem)
