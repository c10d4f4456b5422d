from django.urls import path

from checklist.assessments import views

app_name = "assessments"
urlpatterns = [
    path("new/", views.assessment_create, name="create"),
    path("<id:pk>/", views.checklist, name="checklist"),
    path("<id:pk>/rows/", views.checklist_rows, name="rows"),
    path("<id:pk>/items/<id:item_pk>/", views.item, name="item"),
    path("<id:pk>/items/<id:item_pk>/history/", views.history, name="history"),
    path("<id:pk>/items/<id:item_pk>/sources/", views.add_source, name="add_source"),
    path("<id:pk>/sources/<id:source_pk>/", views.source_file, name="source_file"),
    path("<id:pk>/sources/<id:source_pk>/remove/", views.remove_source, name="remove_source"),
    path("<id:pk>/members/", views.members, name="members"),
    path("<id:pk>/members/<id:membership_pk>/role/", views.member_role, name="member_role"),
    path("<id:pk>/members/<id:membership_pk>/remove/", views.member_remove, name="member_remove"),
    path(
        "<id:pk>/invitations/<id:invitation_pk>/resend/",
        views.invitation_resend,
        name="invitation_resend",
    ),
    path(
        "<id:pk>/invitations/<id:invitation_pk>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("<id:pk>/submit/", views.submit, name="submit"),
    path("<id:pk>/request-changes/", views.request_changes, name="request_changes"),
    path("<id:pk>/approve/", views.approve, name="approve"),
    path("<id:pk>/reopen/", views.reopen, name="reopen"),
    path("<id:pk>/next-round/", views.next_round, name="next_round"),
    path("<id:pk>/activity/", views.activity, name="activity"),
    path("<id:pk>/items/<id:item_pk>/review/", views.review_item, name="review_item"),
    path("<id:pk>/items/<id:item_pk>/comments/", views.comments, name="comments"),
    path(
        "<id:pk>/comments/<id:comment_pk>/resolve/",
        views.comment_resolve,
        name="comment_resolve",
    ),
]
