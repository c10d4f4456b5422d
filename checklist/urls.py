from django.contrib import admin
from django.urls import include, path, re_path

from checklist.assessments import views as assessment_views
from checklist.ops import views as ops_views

urlpatterns = [
    path("", assessment_views.dashboard, name="home"),
    path("assessments/", include("checklist.assessments.urls")),
    path("assessments/", include("checklist.reports.urls")),
    re_path(r"^healthz/?$", ops_views.healthz, name="healthz"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("instruments/", include("checklist.instruments.urls")),
    path("admin/", admin.site.urls),
]

# The 500 page shows the request id, which the log line of the error carries too.
handler500 = "checklist.ops.views.server_error"
