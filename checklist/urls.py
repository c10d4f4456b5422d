from django.contrib import admin
from django.urls import include, path

from checklist import views
from checklist.assessments import views as assessment_views

urlpatterns = [
    path("", assessment_views.dashboard, name="home"),
    path("assessments/", include("checklist.assessments.urls")),
    path("assessments/", include("checklist.reports.urls")),
    path("healthz/", views.healthz, name="healthz"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("organisations/", include("checklist.accounts.urls")),
    path("instruments/", include("checklist.instruments.urls")),
    path("admin/", admin.site.urls),
]
