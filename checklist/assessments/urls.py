from django.urls import path

from checklist.assessments import views

app_name = "assessments"
urlpatterns = [
    path("new/", views.assessment_create, name="create"),
    path("<int:pk>/", views.checklist, name="checklist"),
    path("<int:pk>/items/<int:item_pk>/", views.item, name="item"),
    path("<int:pk>/items/<int:item_pk>/history/", views.history, name="history"),
    path("<int:pk>/items/<int:item_pk>/sources/", views.add_source, name="add_source"),
    path("<int:pk>/sources/<int:source_pk>/", views.source_file, name="source_file"),
    path("<int:pk>/sources/<int:source_pk>/remove/", views.remove_source, name="remove_source"),
    path("<int:pk>/members/", views.members, name="members"),
    path("<int:pk>/members/<int:membership_pk>/role/", views.member_role, name="member_role"),
    path("<int:pk>/members/<int:membership_pk>/remove/", views.member_remove, name="member_remove"),
    path(
        "<int:pk>/invitations/<int:invitation_pk>/resend/",
        views.invitation_resend,
        name="invitation_resend",
    ),
    path(
        "<int:pk>/invitations/<int:invitation_pk>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/request-changes/", views.request_changes, name="request_changes"),
    path("<int:pk>/approve/", views.approve, name="approve"),
    path("<int:pk>/reopen/", views.reopen, name="reopen"),
    path("<int:pk>/next-round/", views.next_round, name="next_round"),
    path("<int:pk>/activity/", views.activity, name="activity"),
    path("<int:pk>/items/<int:item_pk>/review/", views.review_item, name="review_item"),
    path("<int:pk>/items/<int:item_pk>/comments/", views.comments, name="comments"),
    path(
        "<int:pk>/comments/<int:comment_pk>/resolve/",
        views.comment_resolve,
        name="comment_resolve",
    ),
]
