"""E-mail addresses as django-allauth keeps them (one row per address, verified or not)."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser


def adopt_address_on_record(user: AbstractBaseUser) -> None:
    """The address an administrator gave an account counts as confirmed: the app already
    sends that person its mail. allauth only knows addresses it has a row for; without one
    it would take the address on record for a change still waiting for its link."""
    email = (user.email or "").lower()
    if not email or EmailAddress.objects.filter(user=user).exists():
        return
    if EmailAddress.objects.filter(email__iexact=email, verified=True).exists():
        return
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)


def adopt_addresses_matching(email: str) -> None:
    for user in get_user_model().objects.filter(email__iexact=email):
        adopt_address_on_record(user)
