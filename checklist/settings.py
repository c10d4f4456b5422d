"""Settings for the compliance checklist, read from environment variables.

Development defaults are safe: SQLite in WAL mode, DEBUG only when DJANGO_DEBUG=1.
In production (DJANGO_DEBUG unset) DJANGO_SECRET_KEY must be given.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from checklist.env import env_bool, env_int, env_list, env_str
from checklist.ops.storage import media_storage
from checklist.signin.oidc import form_action_sources, oidc_app, socialaccount_providers

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", default=False)

# Outside DEBUG there is no default: the WSGI/ASGI entry points refuse to start without a
# key (checklist.env.require_secret_key), and Django refuses anything that signs. Commands
# that need no key (migrate, makemigrations --check) still run.
SECRET_KEY = env_str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "django-insecure-development-only-key"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "django_countries",
    "checklist.accounts",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.usersessions",
    "checklist.signin",
    "checklist.instruments",
    "checklist.assessments",
    "checklist.followup",
    "checklist.reports",
    "checklist.ops",
]

MIDDLEWARE = [
    # First: the request id is on every log line of the request, errors included.
    "checklist.ops.requests.request_id_middleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compresses pages (a 1,000-item checklist is mostly repeated markup). Above every
    # middleware that reads or writes the body, so it compresses their final output; below
    # WhiteNoise, which serves its own pre-compressed static files. BREACH: the CSRF token
    # is masked afresh in every response, so compression leaks nothing about it; pages echo
    # no secret besides it (README, "Deploying").
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After the session, before CommonMiddleware (Django's order): the switcher's cookie,
    # then Accept-Language, then LANGUAGE_CODE.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Once the person is known, their stored language comes before the cookie and browser.
    "checklist.locale.PreferredLanguageMiddleware",
    # Deny by default: every view needs a login unless marked @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "checklist.middleware.private_pages",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Before any view reads the body: a too-large import meets the import form, not a bare 400.
    "checklist.instruments.middleware.ImportTooLargeMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    # After sign-in, a person who must use two-factor reaches nothing but its set-up.
    "checklist.signin.middleware.TwoFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a refused login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "checklist.urls"
WSGI_APPLICATION = "checklist.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            # A missing variable in a template is a bug; make it visible in tests.
            "string_if_invalid": env_str("DJANGO_TEMPLATE_STRING_IF_INVALID", default=""),
        },
    },
    {
        # Only the checklist rows: a thousand of them must render in a few tens of
        # milliseconds, about ten times faster than the Django template language manages.
        "NAME": "jinja2",
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "checklist.jinja2.environment"},
    },
]

DATABASE_URL = env_str("DATABASE_URL", default="")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SQLITE_PATH", default=str(BASE_DIR / "var" / "db.sqlite3")),
            "OPTIONS": {
                # IMMEDIATE takes the write lock at BEGIN, so a second writer waits for
                # `timeout` instead of failing with "database is locked" mid-transaction.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }

# The cache holds sign-in, password-reset and two-factor counters (django-allauth's rate
# limits): kept in the database so that every app process counts the same attempts.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "checklist_cache",
    }
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # Twelve characters rather than Django's eight: a passphrase is the easy way to meet it.
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# django-axes checks every login attempt first and refuses it while the client is locked out.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", default=15))
# Per account and address together: a colleague's typos behind the same office address, or an
# attacker guessing one account, never lock anybody else out.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "checklist.client_ip.client_ip"
# How many proxies in front of the app append to X-Forwarded-For. 0: the client's address is
# REMOTE_ADDR, and the header (which anyone can send) is ignored.
PROXY_COUNT = env_int("DJANGO_PROXY_COUNT", default=0)

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "account_login"

# Accounts (django-allauth): sign-in by username, no public sign-up (administrators and
# invitations create accounts), one e-mail address per person, changed only once the new
# address has been confirmed through a link sent to it.
ACCOUNT_ADAPTER = "checklist.signin.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
# Sessions last as before (two weeks), without a "remember me" box to tick.
ACCOUNT_SESSION_REMEMBER = True
# A reset request gets the same answer whether or not the address has an account.
ACCOUNT_PREVENT_ENUMERATION = True
# Lazy: put together when the mail is written, in the recipient's language.
ACCOUNT_EMAIL_SUBJECT_PREFIX = format_lazy("[{}] ", _("Refugee protection checklist"))
ACCOUNT_RATE_LIMITS = {
    # Reset e-mails: per address and per client.
    "reset_password": "20/m/ip,3/15m/key",
    # Wrong two-factor codes count like wrong passwords do in django-axes (which judges the
    # passwords: see checklist.signin.adapters.AccountAdapter.pre_authenticate).
    "login_failed": f"20/m/ip,{AXES_FAILURE_LIMIT}/{int(AXES_COOLOFF_TIME.total_seconds())}s/key",
}

# Two-factor: an authenticator app (TOTP) and ten single-use recovery codes, stored hashed.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Refugee protection checklist"
MFA_RECOVERY_CODE_COUNT = 10
MFA_ADAPTER = "checklist.signin.adapters.MFAAdapter"
MFA_FORMS = {"deactivate_totp": "checklist.signin.forms.DeactivateTOTPForm"}

# Single sign-on through one OpenID Connect provider (OIDC_* variables; off when unset).
SOCIALACCOUNT_ADAPTER = "checklist.signin.adapters.SocialAccountAdapter"
OIDC_APP = oidc_app()
SOCIALACCOUNT_PROVIDERS = socialaccount_providers(OIDC_APP)
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_STORE_TOKENS = False
# The provider has verified the address it vouches for; ask nobody to confirm it again.
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"

USERSESSIONS_TRACK_ACTIVITY = False

# The six official languages of the UN, in the UN's order. Names are marked for translation;
# the switcher shows each in its own language (get_language_info's name_local).
LANGUAGES = [
    ("ar", _("Arabic")),
    ("zh-hans", _("Simplified Chinese")),
    ("en", _("English")),
    ("fr", _("French")),
    ("ru", _("Russian")),
    ("es", _("Spanish")),
]
# The language of a visitor whose browser asks for none of the six, and of e-mails to
# people who chose none.
LANGUAGE_CODE = env_str("DJANGO_LANGUAGE_CODE", default="en").strip().lower()
if LANGUAGE_CODE not in dict(LANGUAGES):
    raise ImproperlyConfigured(
        f"DJANGO_LANGUAGE_CODE={LANGUAGE_CODE!r} is not one of the site's languages: "
        + ", ".join(code for code, _name in LANGUAGES)
        + "."
    )
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates and numbers follow the active language (Django's formats; English as the UN writes
# it, checklist/formats/en/).
FORMAT_MODULE_PATH = ["checklist.formats"]
TIME_ZONE = env_str("DJANGO_TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "var" / "static")))
STORAGES = {
    "default": media_storage(),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Uploaded sources and approved reports live outside the static root and are served only
# through views that check membership. Several app servers share them through S3-compatible
# storage (S3_BUCKET, see checklist.ops.storage) or one network folder.
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "var" / "uploads")))
SOURCE_UPLOAD_MAX_BYTES = env_int("SOURCE_UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
# Office documents are zips: what one may unpack to in all (embedded documents included),
# how many times its own size that may be, and how many files it may hold. Real documents
# stay far below; a zip bomb does not.
SOURCE_ZIP_MAX_UNCOMPRESSED_BYTES = env_int(
    "SOURCE_ZIP_MAX_UNCOMPRESSED_BYTES", default=100 * 1024 * 1024
)
SOURCE_ZIP_MAX_RATIO = env_int("SOURCE_ZIP_MAX_RATIO", default=100)
SOURCE_ZIP_MAX_MEMBERS = env_int("SOURCE_ZIP_MAX_MEMBERS", default=5_000)

# Emails at each review transition: printed to the console in development, sent through
# an SMTP host in production.
SITE_URL = env_str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
EMAIL_BACKEND = env_str(
    "DJANGO_EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env_int("EMAIL_PORT", default=587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", default="checklist@localhost")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Imports: the largest file a person may upload, the longest text (pasted, or read from a
# file), and for PDFs the most pages and the most page content once inflated. Each is
# checked before the slow work, so a hostile file is refused at once.
INSTRUMENT_UPLOAD_MAX_BYTES = env_int("INSTRUMENT_UPLOAD_MAX_BYTES", default=5 * 1024 * 1024)
# A bulk import (several files, or a .zip of them) takes at most this many files.
INSTRUMENT_BULK_MAX_FILES = env_int("INSTRUMENT_BULK_MAX_FILES", default=20)
INSTRUMENT_TEXT_MAX_CHARS = env_int("INSTRUMENT_TEXT_MAX_CHARS", default=500_000)
INSTRUMENT_PDF_MAX_PAGES = env_int("INSTRUMENT_PDF_MAX_PAGES", default=500)
INSTRUMENT_PDF_MAX_INFLATED_BYTES = env_int(
    "INSTRUMENT_PDF_MAX_INFLATED_BYTES", default=20 * 1024 * 1024
)
# A request body may carry the pasted text; leave room above the limits so that an over-long
# text meets the form's clear message. Past this, the import page still answers with one
# (checklist.instruments.middleware). The import review posts one page of paragraphs at a
# time, so Django's default field count is enough.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * INSTRUMENT_UPLOAD_MAX_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = INSTRUMENT_UPLOAD_MAX_BYTES

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
if env_bool("DJANGO_BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Load balancers probe the app servers directly over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz/?$"]
X_FRAME_OPTIONS = "DENY"

# Own scripts and styles only: the templates carry no inline script, style element or style
# attribute, and htmx is told not to add its indicator styles (base.html).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        # The sign-in form's redirect to the single sign-on provider is a form action too.
        "form-action": [SELF, *form_action_sources(OIDC_APP)],
    }
}

# To standard error, each line with its request id; LOG_FORMAT=json for one JSON object a
# line. checklist.requests writes one line per request (method, path, status, duration).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "checklist.ops.logs.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "checklist.ops.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if env_str("LOG_FORMAT", default="text") == "json" else "text",
        }
    },
    "loggers": {
        "checklist.requests": {
            "level": "INFO" if env_bool("LOG_REQUESTS", default=True) else "WARNING"
        }
    },
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", default="WARNING")},
}

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# Demo accounts created by `manage.py seed_demo` (make run) share this password.
DEMO_PASSWORD = env_str("DEMO_PASSWORD", default="protect-refugees-1951")
