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
]
