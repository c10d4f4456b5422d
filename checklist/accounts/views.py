"""Organisation pages: its members, its policy, and what its admins do to people's accounts.
Each view first fetches the organisation through access.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from checklist.accounts import invitation_pages, services
from checklist.accounts import invitations as tokens
from checklist.accounts.access import (
    get_organisation_for,
    get_organisation_invitation_for,
    get_organisation_member_for,
)
from checklist.accounts.forms import OrganisationInviteForm, OrganisationRoleForm, PolicyForm
from checklist.accounts.models import OrganisationInvitation, OrganisationRole


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
        "invite_form": forms.get("invite_form") or OrganisationInviteForm(),
        "invitations": organisation.invitations.pending().order_by("email") if is_admin else [],
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
def invite(request: HttpRequest, slug: str) -> HttpResponse:
    found, _admin = get_organisation_for(request.user, slug, manage=True)
    form = OrganisationInviteForm(request.POST)
    if form.is_valid():
        unsent: list[str] = []
        try:
            services.invite_to_organisation(
                organisation=found,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                by=request.user,
                failed=unsent.append,
            )
        except tokens.InvitationRefused as refusal:
            form.add_error("email", str(refusal))
        else:
            invitation_pages.say_invited(request, form.cleaned_data["email"], unsent)
            return redirect("organisations:detail", slug=slug)
    return _organisation_page(request, found, True, status=400, invite_form=form)


@require_POST
def invitation_resend(request: HttpRequest, slug: str, invitation_pk: int) -> HttpResponse:
    found = get_organisation_invitation_for(request.user, slug, invitation_pk)
    unsent: list[str] = []
    try:
        services.resend_organisation_invitation(invitation=found, failed=unsent.append)
    except tokens.InvitationRefused as refusal:
        return _refused(request, slug, str(refusal))
    invitation_pages.say_invited(request, found.email, unsent)
    return redirect("organisations:detail", slug=slug)


@require_POST
def invitation_revoke(request: HttpRequest, slug: str, invitation_pk: int) -> HttpResponse:
    found = get_organisation_invitation_for(request.user, slug, invitation_pk)
    tokens.revoke(found)
    messages.success(request, _("Invitation to %(email)s withdrawn.") % {"email": found.email})
    return redirect("organisations:detail", slug=slug)


@login_not_required
@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the e-mail: accepting makes the person a member of the organisation."""
    found = tokens.find(OrganisationInvitation, token)

    def offer() -> invitation_pages.Offer:
        organisation = found.organisation
        return invitation_pages.Offer(
            what=_("%(organisation)s as %(role)s")
            % {"organisation": organisation.name, "role": found.get_role_display().lower()},
            accept=lambda user: (
                _("You have joined %(organisation)s as %(role)s.")
                % {
                    "organisation": organisation.name,
                    "role": services.accept_organisation_invitation(invitation=found, user=user)
                    .get_role_display()
                    .lower(),
                }
            ),
            landing=reverse("organisations:detail", args=[organisation.slug]),
        )

    return invitation_pages.answer(request, found, offer)


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
