"""Who must use a second factor.

Site staff always do. Organisations may require it of their members: any membership whose
organisation has ``require_two_factor`` set counts.
"""

from django.contrib.auth.base_user import AbstractBaseUser


def two_factor_required(user: AbstractBaseUser) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    return organisation_requires_two_factor(user)


def organisation_requires_two_factor(user: AbstractBaseUser) -> bool:
    return user.organisation_memberships.filter(organisation__require_two_factor=True).exists()
