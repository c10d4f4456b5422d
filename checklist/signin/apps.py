from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.utils.translation import gettext_lazy as _


class SigninConfig(AppConfig):
    name = "checklist.signin"
    verbose_name = _("Sign-in")

    def ready(self) -> None:
        from checklist import locale

        # The person's stored language goes into their session as they sign in.
        user_logged_in.connect(locale.remember_on_sign_in, dispatch_uid="remember_language")
