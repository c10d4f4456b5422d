"""Organisation pages: its members, its policy, and what its admins do to people's accounts.
Each view first fetches the organisation through access.py."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from checklist.accounts import services
from checklist.accounts.access import get_organisation_for, get_organisation_member_for
from checklist.accounts.forms import OrganisationRoleForm, PolicyForm
from checklist.accounts.models import OrganisationRole


@require_GET
def organisation(request: HttpRequest, slug: str) -> HttpResponse:
    """Members see who is in the organisation; admins also change it."""
    found, is_admin = get_organisation_for(request.user, slug)
    return _organisation_page(request, found, is_admin)


def _organisation_page(request, organisation, is_admin: bool, *, status=200, **forms):
    context = {
        "organisation": organisation,
        "is_admin": is_admin,
        "memberships": organisation.memberships.select_related("user").order_by(
            "role", "user__username"
        ),
        "role_choices": OrganisationRole.choices,
        "policy_form": forms.get("policy_form") or PolicyForm(instance=organisation),
        "problem": forms.get("problem", ""),
    }
    return render(request, "accounts/organisation.html", context, status=status)


@require_POST
def policy(request: HttpRequest, slug: str) -> HttpResponse:
    found, _admin = get_organisation_for(request.user, slug, manage=True)
    form = PolicyForm(request.POST, instance=found)
    if not form.is_valid():
        found.refresh_from_db()
        return _organisation_page(request, found, True, status=400, policy_form=form)
    services.set_policy(
        organisation=found,
        require_two_factor=form.cleaned_data["require_two_factor"],
        sso_email_domain=form.cleaned_data["sso_email_domain"],
    )
    messages.success(request, _("Policy saved."))
    return redirect("organisations:detail", slug=slug)


@require_POST
def member_role(request: HttpRequest, slug: str, membership_pk: int) -> HttpResponse:
    membership = get_organisation_member_for(request.user, slug, membership_pk)
    form = OrganisationRoleForm(request.POST)
    if not form.is_valid():
        return _refused(request, slug, _("Choose one of the roles offered."))
    try:
        services.change_organisation_role(membership=membership, role=form.cleaned_data["role"])
    except services.OrganisationRefused as refusal:
        return _refused(request, slug, str(refusal))
    messages.success(request, _("Role changed."))
    return redirect("organisations:detail", slug=slug)


@require_POST
def member_remove(request: HttpRequest, slug: str, membership_pk: int) -> HttpResponse:
    membership = get_organisation_member_for(request.user, slug, membership_pk)
    try:
        services.remove_from_organisation(membership=membership)
    except services.OrganisationRefused as refusal:
        return _refused(request, slug, str(refusal))
    messages.success(request, _("Removed from the organisation."))
    if membership.user_id == request.user.pk:
        return redirect("home")
    return redirect("organisations:detail", slug=slug)


@require_POST
def deactivate(request: HttpRequest, slug: str, membership_pk: int) -> HttpResponse:
    membership = get_organisation_member_for(request.user, slug, membership_pk)
    try:
        services.deactivate(membership=membership, by=request.user)
    except services.OrganisationRefused as refusal:
        return _refused(request, slug, str(refusal))
    messages.success(
        request, _("Account deactivated: it cannot sign in, and its sessions have ended.")
    )
    return redirect("organisations:detail", slug=slug)


@require_POST
def reactivate(request: HttpRequest, slug: str, membership_pk: int) -> HttpResponse:
    membership = get_organisation_member_for(request.user, slug, membership_pk)
    try:
        services.reactivate(membership=membership, by=request.user)
    except services.OrganisationRefused as refusal:
        return _refused(request, slug, str(refusal))
    messages.success(request, _("Account reactivated."))
    return redirect("organisations:detail", slug=slug)


def _refused(request, slug: str, problem: str) -> HttpResponse:
    found, _admin = get_organisation_for(request.user, slug, manage=True)
    return _organisation_page(request, found, True, status=400, problem=problem)
