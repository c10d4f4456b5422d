"""Usernames are plain ASCII, so "bob" spelled with a Cyrillic o cannot pass for "bob"."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.factories import PASSWORD, make_user

LOOK_ALIKE = "b\u043ebb"  # Cyrillic small letter o


def test_the_admin_add_form_refuses_a_look_alike_username(login, staff):
    answer = login(staff).post(
        "/admin/auth/user/add/",
        {"username": LOOK_ALIKE, "password1": PASSWORD, "password2": PASSWORD},
    )
    assert answer.status_code == 200
    assert "letters of other alphabets" in answer.content.decode()
    assert not get_user_model().objects.filter(username=LOOK_ALIKE).exists()


def test_the_admin_change_form_refuses_a_look_alike_username(login, staff):
    bob = make_user("bobb")
    answer = login(staff).post(
        f"/admin/auth/user/{bob.pk}/change/",
        {"username": LOOK_ALIKE, "date_joined_0": "2026-01-01", "date_joined_1": "00:00"},
    )
    assert "letters of other alphabets" in answer.content.decode()
    bob.refresh_from_db()
    assert bob.username == "bobb"


def test_creating_a_user_in_code_refuses_a_look_alike_username(db):
    with pytest.raises(ValidationError):
        get_user_model().objects.create_user(username=LOOK_ALIKE, password=PASSWORD)
    assert not get_user_model().objects.filter(username=LOOK_ALIKE).exists()


def test_createsuperuser_refuses_a_look_alike_username(db):
    with pytest.raises(CommandError, match="letters of other alphabets"):
        call_command(
            "createsuperuser", username=LOOK_ALIKE, email="b@example.org", interactive=False
        )


def test_ascii_usernames_and_logins_of_older_accounts_still_work(client, db):
    make_user("bob.smith+1@x")
    get_user_model().objects.bulk_create([get_user_model()(username="\u00e9lodie")])
    older = get_user_model().objects.get(username="\u00e9lodie")
    older.set_password(PASSWORD)
    older.save(update_fields=["password"])
    older.first_name = "Élodie"
    older.save()
    assert client.login(username="\u00e9lodie", password=PASSWORD)
