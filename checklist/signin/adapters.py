"""How django-allauth fits this app: accounts come from administrators (and invitations),
never from a public sign-up form; single sign-on may create plain accounts."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.contrib.auth.base_user import AbstractBaseUser
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from checklist.accounts.invitations import account_for
from checklist.accounts.models import Organisation
from checklist.accounts.services import add_to_organisation
from checklist.locale import language_of
from checklist.signin.emails import adopt_addresses_matching


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return False

    def pre_authenticate(self, request, **credentials) -> None:
        """django-axes throttles password sign-ins (per account and address, with its own
        lockout page); allauth's counter for them would lock people out a second time.
        Its counter still throttles wrong two-factor codes (ACCOUNT_RATE_LIMITS)."""

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """In the recipient's language: their stored choice, else the language of the page
        that asked for the mail (a reset or a confirmation is asked for by its recipient)."""
        user = context.get("user") or account_for(email)
        with translation.override(language_of(user, fallback=translation.get_language())):
            super().send_mail(template_prefix, email, context)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin) -> bool:
        return True

    def can_authenticate_by_email(self, sociallogin, email: str) -> bool:
        """Sign in to an existing account only through an address that account has
        confirmed, and never to a staff account: the provider must not hand out staff
        rights. allauth has already checked that the provider verified the address."""
        adopt_addresses_matching(email)
        return EmailAddress.objects.filter(
            email__iexact=email, verified=True, user__is_staff=False, user__is_superuser=False
        ).exists()

    def save_user(self, request, sociallogin, form=None) -> AbstractBaseUser:
        user = sociallogin.user
        user.is_staff = False
        user.is_superuser = False
        user = super().save_user(request, sociallogin, form)
        verified = {
            address.email.lower() for address in sociallogin.email_addresses if address.verified
        }
        if user.email and user.email.lower() in verified:
            auto_join_organisation(user, user.email)
        return user


def auto_join_organisation(user: AbstractBaseUser, email: str) -> list[Organisation]:
    """Where an organisation allows e-mail addresses of a domain (its ``sso_email_domain``),
    make a new single sign-on account with a verified address there a plain member."""
    domain = email.rpartition("@")[2].strip().lower()
    if not domain:
        return []
    joined = list(Organisation.objects.filter(sso_email_domain__iexact=domain))
    for organisation in joined:
        add_to_organisation(organisation=organisation, user=user)
    return joined


class MFAAdapter(DefaultMFAAdapter):
    def build_totp_svg(self, url: str) -> str:
        """The QR code as markup to place in the page (not an image URL): without the XML
        declaration, and named for screen readers."""
        svg = super().build_totp_svg(url)
        svg = svg[svg.index("<svg") :]
        label = escape(gettext("QR code to scan with your authenticator app"))
        return svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)
