from django.urls import path

from checklist.accounts import views

app_name = "organisations"
urlpatterns = [
    path("<slug:slug>/", views.organisation, name="detail"),
    path("<slug:slug>/policy/", views.policy, name="policy"),
    path("<slug:slug>/members/<int:membership_pk>/role/", views.member_role, name="member_role"),
    path(
        "<slug:slug>/members/<int:membership_pk>/remove/", views.member_remove, name="member_remove"
    ),
    path(
        "<slug:slug>/members/<int:membership_pk>/deactivate/",
        views.deactivate,
        name="deactivate",
    ),
    path(
        "<slug:slug>/members/<int:membership_pk>/reactivate/",
        views.reactivate,
        name="reactivate",
    ),
]
