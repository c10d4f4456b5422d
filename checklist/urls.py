from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path, re_path, register_converter

from checklist import locale, preferences
from checklist.assessments import views as assessment_views
from checklist.ids import IdConverter
from checklist.ops import views as ops_views

# Every id in a URL is an <id:...>: 1 to 2**63 - 1, so a crafted one is a 404, never a 500.
register_converter(IdConverter, "id")

# Django admin's own login form would skip the second factor: send staff to the app's.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", assessment_views.dashboard, name="home"),
    path("assessments/", include("checklist.assessments.urls")),
    path("assessments/", include("checklist.reports.urls")),
    path("assessments/", include("checklist.followup.dashboard_urls")),
    path("assessments/", include("checklist.followup.position_urls")),
    # Follow-up hangs under assessments' items and organisations: its urls.py spells both.
    path("", include("checklist.followup.urls")),
    re_path(r"^healthz/?$", ops_views.healthz, name="healthz"),
    # The header's language switcher: Django's own view, which also stores a signed-in
    # person's choice (django.conf.urls.i18n's URL, with the wrapped view).
    path("i18n/setlang/", locale.set_language, name="set_language"),
    path("accounts/preferences/", preferences.preferences, name="preferences"),
    path("accounts/", include("checklist.signin.urls")),
    path("accounts/", include("allauth.urls")),
    path("organisations/", include("checklist.accounts.urls")),
    path("organisations/", include("checklist.followup.reminder_urls")),
    path("instruments/", include("checklist.instruments.urls")),
    path("admin/", admin.site.urls),
]

# The 500 page shows the request id, which the log line of the error carries too.
handler500 = "checklist.ops.views.server_error"
