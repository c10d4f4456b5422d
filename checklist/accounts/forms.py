from django import forms
from django.utils.translation import gettext_lazy as _

from checklist.accounts.models import Organisation, OrganisationRole


class PolicyForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["require_two_factor", "sso_email_domain"]

    def clean_sso_email_domain(self) -> str:
        domain = self.cleaned_data["sso_email_domain"].strip().lower().removeprefix("@")
        if domain and ("." not in domain or any(c.isspace() or c in "@/" for c in domain)):
            raise forms.ValidationError(_("Give a domain such as knchr.org, without the @."))
        return domain


class OrganisationRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=OrganisationRole.choices)


class OrganisationInviteForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        error_messages={"invalid": _("Give an e-mail address such as ana@example.org.")},
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=OrganisationRole.choices,
        initial=OrganisationRole.MEMBER,
        error_messages={"invalid_choice": _("Choose one of the roles offered.")},
    )
