from django.contrib import admin
from django.urls import include, path

from checklist import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz/", views.healthz, name="healthz"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("instruments/", include("checklist.instruments.urls")),
    path("admin/", admin.site.urls),
]
