"""Which language a page and an e-mail are in: the person's stored preference, then the
header switcher's cookie, then the browser's Accept-Language, then the site's default; the
account page's preferences; right to left for Arabic; e-mails in the recipient's language."""

import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.core import mail
from django.utils import translation

from checklist.accounts.models import Preferences
from checklist.assessments import invitations, workflow
from checklist.assessments.models import Role
from checklist.locale import SESSION_KEY, language_of
from tests.factories import ROOT, make_team, make_user

COOKIE = settings.LANGUAGE_COOKIE_NAME


def page_language(response) -> tuple[str, str]:
    found = re.search(r'<html lang="([^"]+)" dir="(\w+)">', response.content.decode())
    return found[1], found[2]


def prefer(user, language: str, reminders: bool = True) -> None:
    Preferences.objects.update_or_create(
        user=user, defaults={"language": language, "reminders": reminders}
    )


# Choosing the language of a page.


def test_without_any_choice_the_page_is_in_the_site_default(client, db):
    response = client.get("/accounts/login/")
    assert page_language(response) == ("en", "ltr")
    assert response["Content-Language"] == "en"


def test_the_browser_language_is_used(client, db):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="fr-CH, fr;q=0.9, en;q=0.5")
    assert page_language(response) == ("fr", "ltr")


def test_arabic_runs_right_to_left_with_bootstraps_rtl_stylesheet(client, db):
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="ar")
    assert page_language(page) == ("ar", "rtl")
    stylesheets = re.findall(r'href="[^"]*/(bootstrap[.\w]*\.css)"', page.content.decode())
    assert [name.split(".")[:3] for name in stylesheets] == [["bootstrap", "rtl", "min"]]


def test_chinese_from_the_browser_is_simplified_chinese(client, db):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")
    assert page_language(response) == ("zh-hans", "ltr")


def test_the_switchers_cookie_wins_over_the_browser(client, db):
    client.cookies[COOKIE] = "es"
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="fr")
    assert page_language(response)[0] == "es"


def test_a_stored_preference_wins_over_cookie_and_browser(client, db):
    person = make_user("amina")
    prefer(person, "ru")
    client.force_login(person)
    client.cookies[COOKIE] = "es"
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="fr")
    assert page_language(response)[0] == "ru"


def test_the_stored_language_is_read_at_sign_in_not_on_every_page(client, db):
    person = make_user("amina")
    client.force_login(person)
    prefer(person, "fr")  # as if from another browser: shows here at the next sign-in
    assert page_language(client.get("/"))[0] == "en"
    session = client.session
    del session[SESSION_KEY]  # a session from before the language was kept in it
    session.save()
    assert page_language(client.get("/"))[0] == "fr"


def test_browsers_language_as_preference_leaves_the_choice_to_cookie_and_browser(client, db):
    person = make_user("amina")
    prefer(person, "")
    client.force_login(person)
    assert page_language(client.get("/", HTTP_ACCEPT_LANGUAGE="fr"))[0] == "fr"


def test_every_page_has_the_switcher_with_each_language_in_its_own_name(client, db):
    page = client.get("/accounts/login/").content.decode()
    assert 'action="/i18n/setlang/"' in page
    for code, name in [("ar", "العربيّة"), ("zh-hans", "简体中文"), ("ru", "Русский")]:
        assert f'<option value="{code}" lang="{code}">{name}</option>' in page
    assert '<option value="en" lang="en" selected>English</option>' in page


@pytest.mark.parametrize(
    ("language", "as_of"),
    [("en", "30 June 2026"), ("fr", "30 juin 2026"), ("zh-hans", "2026年6月30日")],
)
def test_dates_are_written_as_the_language_writes_them(client, seeded, language, as_of):
    team = make_team(seeded)  # as of 30 June 2026
    client.force_login(team.owner)
    page = client.get(team.assessment.get_absolute_url(), HTTP_ACCEPT_LANGUAGE=language)
    assert as_of in page.content.decode()


def test_the_words_of_the_pages_script_come_translated_from_the_page(client, db):
    """js/app.js reads what it says from #app-strings, which the template translates."""
    page = client.get("/accounts/login/").content.decode()
    element = re.search(r'<div id="app-strings" hidden ([^>]*)></div>', page)[1]
    words = dict(re.findall(r'data-([\w-]+)="([^"]*)"', element))
    assert words["saving"] == "Saving…"
    assert words["refused"] == "Not saved: {reason}"
    assert words["failed"].startswith("Not saved: the server failed ({status}).")
    assert set(words) == {
        "saving", "unreachable", "forbidden", "too-large", "session-ended", "refused", "failed"
    }  # fmt: skip


# The header switcher.


def test_switching_sets_the_cookie_and_returns_to_the_page(client, db):
    response = client.post("/i18n/setlang/", {"language": "ar", "next": "/accounts/login/"})
    assert (response.status_code, response["Location"]) == (302, "/accounts/login/")
    assert response.cookies[COOKIE].value == "ar"
    assert page_language(client.get("/accounts/login/")) == ("ar", "rtl")


def test_switching_when_signed_in_stores_the_preference(client, db):
    person = make_user("amina")
    client.force_login(person)
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert Preferences.of(person).language == "zh-hans"
    # Another browser, without the cookie, follows the person.
    other = client.__class__()
    other.force_login(person)
    assert page_language(other.get("/"))[0] == "zh-hans"


def test_switching_never_redirects_to_another_site(client, db):
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_an_unknown_language_changes_nothing(client, db):
    person = make_user("amina")
    client.force_login(person)
    response = client.post("/i18n/setlang/", {"language": "xx", "next": "/"})
    assert response.status_code == 302
    assert COOKIE not in response.cookies
    assert not Preferences.objects.filter(user=person).exists()


# The account page's preferences.


def test_the_account_page_shows_the_preferences(client, db):
    client.force_login(make_user("amina"))
    page = client.get("/accounts/").content.decode()
    assert 'action="/accounts/preferences/"' in page
    assert "Browser&#x27;s language" in page
    assert '<option value="fr">Français</option>' in page
    assert 'name="reminders"' in page


def test_preferences_are_saved_per_person(client, db):
    person, other = make_user("amina"), make_user("omar")
    client.force_login(person)
    response = client.post("/accounts/preferences/", {"language": "fr"})
    assert (response.status_code, response["Location"]) == (302, "/accounts/")
    assert response.cookies[COOKIE].value == "fr"
    saved = Preferences.objects.get(user=person)
    assert (saved.language, saved.reminders) == ("fr", False)
    assert not Preferences.objects.filter(user=other).exists()
    assert page_language(client.get("/accounts/"))[0] == "fr"


def test_choosing_the_browsers_language_again(client, db):
    person = make_user("amina")
    prefer(person, "ru", reminders=False)
    client.force_login(person)
    response = client.post("/accounts/preferences/", {"language": "", "reminders": "on"})
    assert response.status_code == 302
    assert response.cookies[COOKIE].value == ""  # deleted
    saved = Preferences.objects.get(user=person)
    assert (saved.language, saved.reminders) == ("", True)
    assert page_language(client.get("/accounts/", HTTP_ACCEPT_LANGUAGE="es"))[0] == "es"


def test_an_unknown_language_is_refused_in_words(client, db):
    person = make_user("amina")
    prefer(person, "ru")
    client.force_login(person)
    response = client.post("/accounts/preferences/", {"language": "klingon", "reminders": "on"})
    assert response.status_code == 400
    # In the person's language (Django's own translation of its message).
    assert "Выберите корректный вариант. klingon" in response.content.decode()
    assert Preferences.objects.get(user=person).language == "ru"


# The site's default.


def run_check(language_code: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DJANGO_DEBUG": "1", "DJANGO_LANGUAGE_CODE": language_code}
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_the_site_default_comes_from_the_environment_and_must_be_one_of_the_six():
    assert run_check("fr").returncode == 0
    refused = run_check("de")
    assert refused.returncode != 0
    assert "DJANGO_LANGUAGE_CODE='de' is not one of the site's languages" in refused.stderr


# E-mails.


def test_language_of_a_person(db):
    person = make_user("amina")
    assert language_of(person) == settings.LANGUAGE_CODE
    assert language_of(person, fallback="es") == "es"
    prefer(person, "ar")
    assert language_of(person, fallback="es") == "ar"


def test_review_mails_are_in_each_recipients_language(seeded, django_capture_on_commit_callbacks):
    team = make_team(seeded)
    prefer(team.reviewer, "ru")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(assessment=team.assessment, user=team.editor, confirm_unassessed=True)
    sent = {message.to[0]: message for message in mail.outbox}
    # django-countries names the State in the recipient's language.
    assert "Кения" in sent[team.reviewer.email].body
    assert "Кения" in sent[team.reviewer.email].subject
    assert "Kenya" in sent[team.owner.email].body


def test_an_invitation_to_a_known_address_is_in_that_persons_language(
    seeded, django_capture_on_commit_callbacks
):
    team = make_team(seeded)
    guest = make_user("guest", email="guest@example.net")
    prefer(guest, "es")
    with django_capture_on_commit_callbacks(execute=True):
        invitations.invite(
            assessment=team.assessment, email="guest@example.net", role=Role.VIEWER, by=team.owner
        )
    (message,) = mail.outbox
    assert "Kenia" in message.body
    assert re.search(r"\d+ de \w+ de \d{4}", message.body), message.body


def test_an_invitation_to_an_unknown_address_is_in_the_inviters_language(
    seeded, django_capture_on_commit_callbacks
):
    team = make_team(seeded)
    with translation.override("fr"), django_capture_on_commit_callbacks(execute=True):
        invitations.invite(
            assessment=team.assessment, email="new@example.net", role=Role.VIEWER, by=team.owner
        )
    (message,) = mail.outbox
    month = re.search(r"\d+ (\w+) \d{4}", message.body)[1]
    assert month in {
        "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
        "septembre", "octobre", "novembre", "décembre",
    }  # fmt: skip


def test_a_password_reset_mail_is_in_the_persons_language(client, db):
    person = make_user("amina")
    prefer(person, "ru")
    client.post("/accounts/password/reset/", {"email": person.email})
    (message,) = mail.outbox
    assert re.search("[\u0400-\u04ff]{4}", message.body), message.body


@pytest.mark.parametrize("language", ["ar", "zh-hans"])
def test_a_password_reset_mail_without_preference_is_in_the_pages_language(client, db, language):
    person = make_user("amina")
    client.post("/accounts/password/reset/", {"email": person.email}, HTTP_ACCEPT_LANGUAGE=language)
    (message,) = mail.outbox
    script = "[\u0600-\u06ff]" if language == "ar" else "[\u4e00-\u9fff]"
    assert re.search(script, message.body), message.body
