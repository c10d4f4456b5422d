"""Single sign-on in Chromium through a real OpenID Provider (npm's oidc-provider, started
here in a node process): the first sign-in makes a plain account, an existing account is
joined only through an address both sides have verified, never a staff account."""

import copy

import pytest
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from checklist.accounts import services as account_services
from checklist.signin.oidc import PROVIDER_ID, form_action_sources, socialaccount_providers
from tests import oidc_provider
from tests.factories import make_organisation, make_staff, make_user

ACCOUNTS = {
    "wanjiru": {
        "email": "wanjiru.kamau@example.org",
        "email_verified": True,
        "given_name": "Wanjiru",
        "family_name": "Kamau",
    },
    "amira": {"email": "amira@example.org", "email_verified": True, "given_name": "Amira"},
    "impostor": {"email": "bruno@example.org", "email_verified": False},
    "root": {"email": "root@example.org", "email_verified": True},
}


@pytest.fixture(scope="module")
def provider(live_server):
    if why := oidc_provider.node_missing():
        pytest.skip(why)
    callback = f"{live_server.url}/accounts/oidc/{PROVIDER_ID}/login/callback/"
    process, provider = oidc_provider.start(callback, ACCOUNTS)
    yield provider
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def sso(provider, settings, transactional_db):
    app = {
        "provider_id": PROVIDER_ID,
        "name": "Test ID",
        "client_id": provider.client_id,
        "secret": provider.client_secret,
        "settings": {"server_url": provider.issuer, "oauth_pkce_enabled": True},
    }
    settings.SOCIALACCOUNT_PROVIDERS = socialaccount_providers(app)
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    policy["DIRECTIVES"]["form-action"] += form_action_sources(app)
    settings.CONTENT_SECURITY_POLICY = policy


def sign_in_through_provider(page, login: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_role("button", name="Sign in with Test ID").click()
    page.locator("input[name=login]").fill(login)
    page.locator("input[name=password]").fill("any password will do")
    page.get_by_role("button", name="Sign-in").click()
    page.get_by_role("button", name="Continue").click()


def test_first_sign_in_creates_a_plain_account(page, sso):
    team = make_organisation("Kenya National Commission on Human Rights")
    account_services.set_policy(
        organisation=team, require_two_factor=False, sso_email_domain="example.org"
    )
    other = make_organisation("UNHCR Kenya")
    sign_in_through_provider(page, "wanjiru")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    expect(page.get_by_role("link", name="Wanjiru Kamau")).to_be_visible()
    user = get_user_model().objects.get(email="wanjiru.kamau@example.org")
    assert (user.first_name, user.is_staff, user.is_superuser) == ("Wanjiru", False, False)
    assert not user.has_usable_password()
    assert SocialAccount.objects.get(provider=PROVIDER_ID, uid="wanjiru").user == user
    # Her verified address is at the domain one organisation allows: she joins it, plainly.
    assert list(user.organisation_memberships.values_list("organisation", "role")) == [
        (team.pk, "member")
    ]
    assert not other.memberships.filter(user=user).exists()

    # Signed out here, still signed in at the provider: straight back in, same account.
    page.get_by_role("button", name="Log out").click()
    page.get_by_role("button", name="Sign in with Test ID").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    assert get_user_model().objects.filter(email="wanjiru.kamau@example.org").count() == 1


def test_an_existing_account_is_joined_by_its_verified_address(page, sso):
    amira = make_user("amira", first_name="Amira", last_name="Mansour")
    sign_in_through_provider(page, "amira")
    expect(page.get_by_role("link", name="Amira Mansour")).to_be_visible()
    assert SocialAccount.objects.get(provider=PROVIDER_ID, uid="amira").user == amira
    assert get_user_model().objects.count() == 1
    amira.refresh_from_db()
    assert amira.has_usable_password()


def test_an_address_the_provider_has_not_verified_joins_nothing(page, sso):
    bruno = make_user("bruno")
    sign_in_through_provider(page, "impostor")
    expect(page.get_by_role("heading", name="Sign Up")).to_be_visible()
    expect(page.get_by_role("button", name="Log out")).to_have_count(0)
    assert not SocialAccount.objects.filter(user=bruno).exists()
    assert list(get_user_model().objects.values_list("username", flat=True)) == ["bruno"]


def test_single_sign_on_never_opens_a_staff_account(page, sso):
    root = make_staff("root")
    sign_in_through_provider(page, "root")
    expect(page.get_by_role("button", name="Log out")).to_have_count(0)
    assert not SocialAccount.objects.filter(user=root).exists()
    assert not get_user_model().objects.filter(is_staff=False).exists()
