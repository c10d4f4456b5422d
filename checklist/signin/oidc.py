"""Single sign-on through one OpenID Connect provider, configured from the environment.

Off unless OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are all set.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from checklist.env import env_str

PROVIDER_ID = "sso"


def oidc_app(environ_reader=env_str) -> dict | None:
    """The provider as django-allauth's settings describe one, or None when SSO is off."""
    issuer = environ_reader("OIDC_ISSUER", default="").strip().rstrip("/")
    client_id = environ_reader("OIDC_CLIENT_ID", default="").strip()
    secret = environ_reader("OIDC_CLIENT_SECRET", default="")
    if not (issuer or client_id or secret):
        return None
    if not (issuer and client_id and secret):
        raise ImproperlyConfigured(
            "Single sign-on needs OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET together."
        )
    return {
        "provider_id": PROVIDER_ID,
        "name": environ_reader("OIDC_NAME", default="").strip() or "single sign-on",
        "client_id": client_id,
        "secret": secret,
        "settings": {
            "server_url": issuer,
            "oauth_pkce_enabled": True,
            "token_auth_method": "client_secret_basic",
        },
    }


def socialaccount_providers(app: dict | None) -> dict:
    return {"openid_connect": {"APPS": [app] if app else [], "OAUTH_PKCE_ENABLED": True}}


def form_action_sources(app: dict | None) -> list[str]:
    """Where the "Sign in with ..." form may lead: the browser applies the policy's
    form-action to the redirect to the provider as well."""
    if not app:
        return []
    parts = urlsplit(app["settings"]["server_url"])
    return [f"{parts.scheme}://{parts.netloc}"]
