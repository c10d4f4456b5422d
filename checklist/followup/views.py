"""Follow-up pages: an organisation's institutions, and the actions on an assessment's items
with their indicators and progress.

Each view first fetches its object through access.py. htmx requests get the fragment they
replace (an action's card, or an item's whole list of actions); other requests get a page or
a redirect, so everything also works with JavaScript off. A refused write answers with the
same fragment or page, holding what was typed and saying why (400, or 409 when someone
saved first).
"""

from django.contrib import messages
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from checklist.followup import services
from checklist.followup.access import (
    FollowUp,
    get_action_for,
    get_indicator_for,
    get_institution_for,
    get_institutions_for,
    get_item_for,
)
from checklist.followup.forms import ActionForm, IndicatorForm, InstitutionForm, ProgressForm
from checklist.followup.models import Action, ActionStatus, Indicator, Institution, ProgressUpdate

# Institutions ------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def institutions(request: HttpRequest, slug: str) -> HttpResponse:
    """Members see the organisation's institutions; its admins add one (POST)."""
    if request.method == "GET":
        organisation, is_admin = get_institutions_for(request.user, slug)
        return _institutions_page(request, organisation, is_admin)
    organisation, _admin = get_institutions_for(request.user, slug, manage=True)
    form = InstitutionForm(request.POST, organisation=organisation)
    if form.is_valid():
        try:
            added = services.add_institution(
                organisation=organisation, data=form.data_for_service()
            )
        except services.FollowUpRefused as refusal:
            form.add_error("name", str(refusal))
        else:
            messages.success(request, _("%(name)s added.") % {"name": added.name})
            return redirect("followup:institutions", slug=slug)
    return _institutions_page(request, organisation, True, form=form, status=400)


def _institutions_page(request, organisation, is_admin, *, form=None, status=200, problem=""):
    listed = Institution.objects.filter(organisation=organisation).annotate(
        leading=Count("led_actions", distinct=True)
    )
    context = {
        "organisation": organisation,
        "is_admin": is_admin,
        "institutions": listed.order_by("name"),
        "form": form or InstitutionForm(organisation=organisation),
        "problem": problem,
    }
    return render(request, "followup/institutions.html", context, status=status)


@require_http_methods(["GET", "POST"])
def institution_edit(request: HttpRequest, slug: str, institution_pk: int) -> HttpResponse:
    institution = get_institution_for(request.user, slug, institution_pk)
    organisation = institution.organisation
    if request.method == "GET":
        initial = {name: getattr(institution, name) for name in InstitutionForm.base_fields}
        form = InstitutionForm(initial=initial, organisation=organisation, editing=institution)
        return _institution_form(request, institution, form)
    form = InstitutionForm(request.POST, organisation=organisation, editing=institution)
    if form.is_valid():
        try:
            services.change_institution(institution=institution, data=form.data_for_service())
        except services.FollowUpRefused as refusal:
            form.add_error("name", str(refusal))
        else:
            messages.success(request, _("%(name)s saved.") % {"name": institution.name})
            return redirect("followup:institutions", slug=slug)
    return _institution_form(request, institution, form, status=400)


def _institution_form(request, institution, form, *, status=200) -> HttpResponse:
    context = {"organisation": institution.organisation, "institution": institution, "form": form}
    return render(request, "followup/institution_form.html", context, status=status)


@require_POST
def institution_delete(request: HttpRequest, slug: str, institution_pk: int) -> HttpResponse:
    institution = get_institution_for(request.user, slug, institution_pk)
    try:
        services.remove_institution(institution=institution)
    except services.FollowUpRefused as refusal:
        return _institutions_page(
            request, institution.organisation, True, status=400, problem=str(refusal)
        )
    messages.success(request, _("%(name)s removed.") % {"name": institution.name})
    return redirect("followup:institutions", slug=slug)


# Actions -----------------------------------------------------------------------------------


def _actions():
    """Actions with what their cards show, in a fixed number of queries."""
    return Action.objects.select_related(
        "lead_institution", "owner", "updated_by", "item__assessment", "carried_from"
    ).prefetch_related(
        "other_institutions",
        "indicators",
        Prefetch("progress", ProgressUpdate.objects.select_related("author")),
    )


def _action_initial(action: Action) -> dict:
    return {
        "description": action.description,
        "lead_institution": action.lead_institution_id,
        "other_institutions": [each.pk for each in action.other_institutions.all()],
        "owner": action.owner_id,
        "due_on": action.due_on,
        "status": action.status,
        "dropped_reason": action.dropped_reason,
        "version": action.version,
    }


def _indicator_initial(indicator: Indicator) -> dict:
    fields = ["description", "baseline", "target", "current_value", "measured_on", "version"]
    return {name: getattr(indicator, name) for name in fields}


def _action_form(followup: FollowUp, action: Action | None, data=None) -> ActionForm:
    """The form of a new action (``action`` None) or of an existing one, ids unique in the
    page."""
    prefix = f"action-{action.pk}" if action else "new-action"
    return ActionForm(
        data,
        initial=_action_initial(action) if action and data is None else None,
        assessment=followup.assessment,
        editing=action,
        auto_id=f"{prefix}-%s",
    )


def _card(followup: FollowUp, action: Action, **override) -> dict:
    """What an action's card shows: the action, and for writers its forms (unbound, unless a
    refused write is shown again in ``override``)."""
    writer = followup.can_write
    indicators = {
        indicator.pk: {
            "indicator": indicator,
            "form": IndicatorForm(
                initial=_indicator_initial(indicator),
                editing=True,
                auto_id=f"indicator-{indicator.pk}-%s",
            )
            if writer
            else None,
            "conflict": None,
            "open": False,
        }
        for indicator in action.indicators.all()
    }
    indicators.update(override.pop("indicators", {}))
    card = {
        "action": action,
        "form": _action_form(followup, action) if writer else None,
        "conflict": None,
        "new_indicator": IndicatorForm(auto_id=f"action-{action.pk}-indicator-%s"),
        "progress_form": ProgressForm(
            initial={"reported_on": timezone.localdate()}, auto_id=f"action-{action.pk}-progress-%s"
        ),
        "open": "",
        **override,
    }
    card["indicators"] = list(indicators.values())
    return card


def _context(followup: FollowUp, item, **extra) -> dict:
    return {
        "assessment": followup.assessment,
        "permissions": followup.permissions,
        "followup": followup,
        "item": item,
        "statuses": ActionStatus,
        **extra,
    }


@require_http_methods(["GET", "POST"])
def item_actions(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """GET: the item's actions (the section for htmx, its own page otherwise).
    POST: add an action."""
    if request.method == "POST":
        return _add_action(request, pk, item_pk)
    followup, item = get_item_for(request.user, pk, item_pk)
    return _actions_answer(request, followup, item)


def _actions_answer(request, followup, item, *, new_form=None, cards=None, status=200):
    """The item's actions with the new-action form; ``cards`` replaces the cards of the
    same actions (a refused edit shown again)."""
    shown = {card["action"].pk: card for card in cards or []}
    context = _context(
        followup,
        item,
        cards=[
            shown.get(action.pk) or _card(followup, action)
            for action in _actions().filter(item=item)
        ],
        new_form=new_form or (_action_form(followup, None) if followup.can_write else None),
        has_institutions=Institution.objects.filter(
            organisation_id=followup.assessment.organisation_id
        ).exists(),
    )
    template = "followup/_actions.html" if request.htmx else "followup/actions.html"
    return render(request, template, context, status=status)


def _add_action(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    followup, item = get_item_for(request.user, pk, item_pk, write=True)
    form = _action_form(followup, None, request.POST)
    if form.is_valid():
        try:
            action = services.add_action(item=item, user=request.user, data=form.data_for_service())
        except services.FollowUpRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            if request.htmx:
                # The form targets the whole section: the new card and a fresh form.
                return _actions_answer(request, followup, item)
            return _done(request, followup, item, action, _("Action added."))
    return _actions_answer(request, followup, item, new_form=form, status=400)


def _done(request, followup: FollowUp, item, action: Action, said: str) -> HttpResponse:
    """After a write: htmx gets the action's card afresh; others go back to the item's
    actions, at the action."""
    if not request.htmx:
        messages.success(request, said)
        url = reverse("followup:item_actions", args=[followup.assessment.pk, item.pk])
        return redirect(f"{url}#action-{action.pk}")
    return _card_answer(request, followup, action.pk, said=said)


def _card_answer(request, followup, action_pk: int, *, status=200, said="", **override):
    """One action's card (htmx) or, without JavaScript, the item's page of actions with that
    card as given."""
    action = _actions().get(pk=action_pk)
    card = _card(followup, action, said=said, **override)
    if not request.htmx:
        return _actions_answer(request, followup, action.item, cards=[card], status=status)
    context = _context(followup, action.item, card=card)
    return render(request, "followup/_action.html", context, status=status)


@require_http_methods(["GET", "POST"])
def action(request: HttpRequest, pk: int, item_pk: int, action_pk: int) -> HttpResponse:
    """GET: the action's card (htmx, e.g. "take theirs") or the item's actions.
    POST: save the action as of the version the form started from."""
    if request.method == "GET":
        followup, found = get_action_for(request.user, pk, item_pk, action_pk)
        return _card_answer(request, followup, found.pk)
    followup, found = get_action_for(request.user, pk, item_pk, action_pk, write=True)
    form = _action_form(followup, found, request.POST)
    if not form.is_valid():
        return _card_answer(request, followup, found.pk, form=form, open="edit", status=400)
    try:
        services.change_action(
            action=found,
            user=request.user,
            version=form.cleaned_data["version"],
            data=form.data_for_service(),
        )
    except services.StaleAction as stale:
        return _refused_as_stale(request, followup, found, stale.current)
    except services.FollowUpRefused as refusal:
        form.add_error(None, str(refusal))
        return _card_answer(request, followup, found.pk, form=form, open="edit", status=400)
    return _done(request, followup, found.item, found, _("Action saved."))


def _refused_as_stale(request, followup, found: Action, current: Action) -> HttpResponse:
    """Someone saved first: their version beside what was typed, the form holding the typing
    and the current version, so saving it again replaces theirs on purpose."""
    typed = request.POST.copy()
    typed["version"] = str(current.version)
    form = _action_form(followup, found, typed)
    form.is_valid()
    return _card_answer(
        request, followup, found.pk, form=form, conflict=current, open="edit", status=409
    )


@require_POST
def add_indicator(request: HttpRequest, pk: int, item_pk: int, action_pk: int) -> HttpResponse:
    followup, found = get_action_for(request.user, pk, item_pk, action_pk, write=True)
    form = IndicatorForm(request.POST, auto_id=f"action-{found.pk}-indicator-%s")
    if not form.is_valid():
        return _card_answer(
            request, followup, found.pk, new_indicator=form, open="new_indicator", status=400
        )
    services.add_indicator(action=found, user=request.user, data=form.data_for_service())
    return _done(request, followup, found.item, found, _("Indicator added."))


@require_POST
def indicator(
    request: HttpRequest, pk: int, item_pk: int, action_pk: int, indicator_pk: int
) -> HttpResponse:
    """Save an indicator (its current value, mostly) as of the version the form started from."""
    followup, found = get_indicator_for(request.user, pk, item_pk, action_pk, indicator_pk)
    form = IndicatorForm(request.POST, editing=True, auto_id=f"indicator-{found.pk}-%s")
    entry = {"indicator": found, "form": form, "conflict": None, "open": True}
    status = 400
    if form.is_valid():
        try:
            services.change_indicator(
                indicator=found,
                user=request.user,
                version=form.cleaned_data["version"],
                data=form.data_for_service(),
            )
        except services.StaleIndicator as stale:
            typed = request.POST.copy()
            typed["version"] = str(stale.current.version)
            form = IndicatorForm(typed, editing=True, auto_id=f"indicator-{found.pk}-%s")
            form.is_valid()
            entry = {"indicator": stale.current, "form": form, "conflict": True, "open": True}
            status = 409
        else:
            return _done(request, followup, found.action.item, found.action, _("Indicator saved."))
    return _card_answer(
        request,
        followup,
        action_pk,
        indicators={found.pk: entry},
        status=status,
    )


@require_POST
def remove_indicator(
    request: HttpRequest, pk: int, item_pk: int, action_pk: int, indicator_pk: int
) -> HttpResponse:
    followup, found = get_indicator_for(request.user, pk, item_pk, action_pk, indicator_pk)
    services.remove_indicator(indicator=found, user=request.user)
    return _done(request, followup, found.action.item, found.action, _("Indicator removed."))


@require_POST
def add_progress(request: HttpRequest, pk: int, item_pk: int, action_pk: int) -> HttpResponse:
    followup, found = get_action_for(request.user, pk, item_pk, action_pk, write=True)
    form = ProgressForm(request.POST, auto_id=f"action-{found.pk}-progress-%s")
    if not form.is_valid():
        return _card_answer(
            request, followup, found.pk, progress_form=form, open="progress", status=400
        )
    services.add_progress(action=found, user=request.user, **form.cleaned_data)
    return _done(request, followup, found.item, found, _("Progress added."))
