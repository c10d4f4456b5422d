from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from checklist import views
from checklist.assessments import views as assessment_views

# Django admin's own login form would skip the second factor: send staff to the app's.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", assessment_views.dashboard, name="home"),
    path("assessments/", include("checklist.assessments.urls")),
    path("assessments/", include("checklist.reports.urls")),
    path("healthz/", views.healthz, name="healthz"),
    path("accounts/", include("checklist.signin.urls")),
    path("accounts/", include("allauth.urls")),
    path("instruments/", include("checklist.instruments.urls")),
    path("admin/", admin.site.urls),
]
