from django.urls import path

from checklist.accounts import views

app_name = "organisations"
urlpatterns = [
    # Before the organisation's own pages; services.RESERVED_SLUGS keeps the name free.
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("<slug:slug>/", views.organisation, name="detail"),
    path("<slug:slug>/policy/", views.policy, name="policy"),
    path("<slug:slug>/invite/", views.invite, name="invite"),
    path(
        "<slug:slug>/invitations/<int:invitation_pk>/resend/",
        views.invitation_resend,
        name="invitation_resend",
    ),
    path(
        "<slug:slug>/invitations/<int:invitation_pk>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
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
