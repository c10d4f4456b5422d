"""A person's preferences on their account page: the language of their pages and e-mails,
and whether they get e-mail reminders."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from checklist import locale
from checklist.accounts.models import Preferences


def language_choices() -> list[tuple[str, str]]:
    """The choices: "Browser's language", then each language named in itself, as in the
    header's switcher."""
    return [("", _("Browser's language"))] + [
        (code, capfirst(translation.get_language_info(code)["name_local"]))
        for code, _name in settings.LANGUAGES
    ]


class PreferencesForm(forms.ModelForm):
    language = forms.ChoiceField(
        label=_("Language"),
        choices=language_choices,
        required=False,
        help_text=_("For these pages and for the e-mails the app sends you."),
    )

    class Meta:
        model = Preferences
        fields = ["language", "reminders"]

    @classmethod
    def of(cls, user, data=None) -> "PreferencesForm":
        return cls(data, instance=Preferences.of(user))


@require_POST
def preferences(request: HttpRequest) -> HttpResponse:
    form = PreferencesForm.of(request.user, request.POST)
    if not form.is_valid():
        context = {"preferences_form": form}
        return render(request, "account/preferences.html", context, status=400)
    saved = form.save()
    locale.remember(request, saved.language)
    response = redirect("signin:account")
    # The cookie follows the choice, so the page stays in it after signing out.
    if saved.language:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            saved.language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    else:
        response.delete_cookie(settings.LANGUAGE_COOKIE_NAME)
    # Said in the language just chosen, which the next page is in.
    with translation.override(saved.language or translation.get_language()):
        messages.success(request, gettext("Your preferences are saved."))
    return response
