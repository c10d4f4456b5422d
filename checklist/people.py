"""How the app names a person, everywhere: their full name, else their username, and one
placeholder for an account that was deleted (its foreign keys are then NULL)."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.utils.translation import gettext


def display_name(user: AbstractBaseUser | None) -> str:
    if user is None:
        return gettext("a removed account")
    return name_from(user.get_username(), user.first_name, user.last_name)


def name_from(username: str | None, first_name: str | None, last_name: str | None) -> str:
    """The same from values read with values_list: all three are None for a removed account."""
    if username is None:
        return gettext("a removed account")
    return f"{first_name or ''} {last_name or ''}".strip() or username
