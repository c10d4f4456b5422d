"""Who must use a second factor.

Site staff always do. Organisations (checklist.accounts, when installed) may require it of
their members: any membership whose organisation has ``require_two_factor`` set counts.
"""

from django.apps import apps
from django.contrib.auth.base_user import AbstractBaseUser


def two_factor_required(user: AbstractBaseUser) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    return organisation_requires_two_factor(user)


def organisation_requires_two_factor(user: AbstractBaseUser) -> bool:
    # Organisations are another app's; until it is installed nobody is asked by one.
    if not apps.is_installed("checklist.accounts"):
        return False
    memberships = getattr(user, "organisation_memberships", None)
    if memberships is None:
        return False
    return memberships.filter(organisation__require_two_factor=True).exists()
