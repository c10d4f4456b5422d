from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.base.internal.flows import check_rate_limit
from allauth.mfa.models import Authenticator
from allauth.mfa.totp import forms as allauth_totp_forms
from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _


class NameForm(forms.ModelForm):
    class Meta:
        model = get_user_model()
        fields = ["first_name", "last_name"]


class DeactivateTOTPForm(allauth_totp_forms.DeactivateTOTPForm):
    """Turning two-factor off asks for a current code (from the app, or a recovery code),
    whatever way the person last proved who they are; wrong codes count towards the same
    throttle as at sign-in."""

    code = forms.CharField(
        label=_("Current code from your authenticator app, or a recovery code"),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # allauth binds the form to nothing on GET, to show at once why it may be refused;
        # an empty form has not been sent, so it has no "required" errors to show either.
        self.is_bound = bool(self.data)

    def clean_code(self) -> str:
        clear_rate_limit = check_rate_limit(self.authenticator.user)
        code = self.cleaned_data["code"]
        for authenticator in Authenticator.objects.filter(
            user=self.authenticator.user,
            type__in=[Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES],
        ):
            if authenticator.wrap().validate_code(code):
                clear_rate_limit()
                return code
        raise get_mfa_adapter().validation_error("incorrect_code")
