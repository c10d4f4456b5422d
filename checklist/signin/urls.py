from django.urls import path

from checklist.signin import views

app_name = "signin"
urlpatterns = [
    path("", views.account, name="account"),
    path("email/", views.email, name="email"),
]
