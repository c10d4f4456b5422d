"""Usernames in plain ASCII letters, digits and @ . + - _ only.

Django accepts any Unicode letter, so "bob" spelled with a Cyrillic o passes for "bob" on
the members page and in the audit trail. The built-in User model cannot take a validator of our
own, so the check is added in two places that cover every way an account is made:
- the username field's validators, which every model form (the admin's add and change
  forms) and `createsuperuser` run, so a person gets a clear message;
- a pre_save check for code that creates users directly (create_user, seed_demo).
Accounts made before keep their name until it is changed.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.validators import ASCIIUsernameValidator
from django.db.models.signals import pre_save
from django.utils.translation import gettext_lazy as _

ascii_username = ASCIIUsernameValidator(
    message=_(
        "Use only the letters a to z, digits and @ . + - _ in a username: letters of other "
        "alphabets can look the same and pass for someone else."
    )
)


def require_ascii_usernames() -> None:
    """Called once when the app is ready."""
    user_model = get_user_model()
    field = user_model._meta.get_field(user_model.USERNAME_FIELD)
    if ascii_username not in field.validators:
        field.validators.append(ascii_username)
    pre_save.connect(check_username, sender=user_model, dispatch_uid="ascii-username")


def check_username(sender, instance, update_fields=None, **kwargs) -> None:
    if update_fields is not None and sender.USERNAME_FIELD not in update_fields:
        return
    username = instance.get_username()
    unchanged = sender.objects.filter(pk=instance.pk, **{sender.USERNAME_FIELD: username})
    if instance._state.adding or not unchanged.exists():
        ascii_username(username)
