from django.urls import path

from checklist.followup import views

app_name = "followup"
ACTION = "assessments/<id:pk>/items/<id:item_pk>/actions/<id:action_pk>"
urlpatterns = [
    path("organisations/<slug:slug>/institutions/", views.institutions, name="institutions"),
    path(
        "organisations/<slug:slug>/institutions/<id:institution_pk>/",
        views.institution_edit,
        name="institution_edit",
    ),
    path(
        "organisations/<slug:slug>/institutions/<id:institution_pk>/delete/",
        views.institution_delete,
        name="institution_delete",
    ),
    path(
        "assessments/<id:pk>/items/<id:item_pk>/actions/", views.item_actions, name="item_actions"
    ),
    path(f"{ACTION}/", views.action, name="action"),
    path(f"{ACTION}/indicators/", views.add_indicator, name="add_indicator"),
    path(f"{ACTION}/indicators/<id:indicator_pk>/", views.indicator, name="indicator"),
    path(
        f"{ACTION}/indicators/<id:indicator_pk>/remove/",
        views.remove_indicator,
        name="remove_indicator",
    ),
    path(f"{ACTION}/progress/", views.add_progress, name="add_progress"),
]
