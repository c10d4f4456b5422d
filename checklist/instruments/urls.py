from django.urls import path

from checklist.instruments import views

app_name = "instruments"

urlpatterns = [
    path("", views.instrument_list, name="list"),
    path("import/", views.import_start, name="import"),
    path("import/<int:pk>/", views.import_review, name="import_review"),
    path("import/<int:pk>/confirm/", views.import_confirm, name="import_confirm"),
    path("<int:pk>/", views.instrument_detail, name="detail"),
    path(
        "<int:pk>/paragraphs/<int:paragraph_pk>/edit/",
        views.paragraph_edit,
        name="paragraph_edit",
    ),
]
