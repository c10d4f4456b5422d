from django.apps import AppConfig


class SigninConfig(AppConfig):
    name = "checklist.signin"
    verbose_name = "Sign-in"
