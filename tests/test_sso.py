"""Single sign-on settings, read from the environment (the flow itself runs in Chromium
against a real provider: tests/e2e/test_sso.py)."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from checklist.signin.oidc import (
    PROVIDER_ID,
    form_action_sources,
    oidc_app,
    socialaccount_providers,
)


def reader(values: dict[str, str]):
    return lambda name, default: values.get(name, default)


ALL = {
    "OIDC_ISSUER": "https://id.example.org/realms/unhcr/",
    "OIDC_CLIENT_ID": "checklist",
    "OIDC_CLIENT_SECRET": "s3cret",
    "OIDC_NAME": "UNHCR ID",
}


def test_off_when_unset():
    assert oidc_app(reader({})) is None
    assert socialaccount_providers(None) == {
        "openid_connect": {"APPS": [], "OAUTH_PKCE_ENABLED": True}
    }
    assert form_action_sources(None) == []


def test_one_provider_from_the_environment():
    app = oidc_app(reader(ALL))
    assert app["provider_id"] == PROVIDER_ID
    assert app["name"] == "UNHCR ID"
    assert (app["client_id"], app["secret"]) == ("checklist", "s3cret")
    assert app["settings"]["server_url"] == "https://id.example.org/realms/unhcr"
    assert form_action_sources(app) == ["https://id.example.org"]


def test_the_button_has_a_plain_name_when_none_is_given():
    app = oidc_app(reader({**ALL, "OIDC_NAME": ""}))
    assert app["name"] == "single sign-on"


@pytest.mark.parametrize("left_out", ["OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET"])
def test_half_a_configuration_is_refused(left_out):
    values = {name: value for name, value in ALL.items() if name != left_out}
    with pytest.raises(ImproperlyConfigured, match="OIDC_ISSUER, OIDC_CLIENT_ID"):
        oidc_app(reader(values))


def test_login_page_offers_single_sign_on_only_when_configured(client, db, settings):
    assert "Sign in with" not in client.get("/accounts/login/").content.decode()
    settings.SOCIALACCOUNT_PROVIDERS = socialaccount_providers(oidc_app(reader(ALL)))
    page = client.get("/accounts/login/").content.decode()
    assert "Sign in with UNHCR ID" in page
    assert f'action="/accounts/oidc/{PROVIDER_ID}/login/?process=login"' in page
