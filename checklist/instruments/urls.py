from django.urls import path

from checklist.instruments import views

app_name = "instruments"

urlpatterns = [
    path("", views.instrument_list, name="list"),
    path("import/", views.import_start, name="import"),
    path("import/bulk/", views.bulk_import, name="bulk_import"),
    path("import/<id:pk>/", views.import_review, name="import_review"),
    path("import/<id:pk>/confirm/", views.import_confirm, name="import_confirm"),
    path("<id:pk>/", views.instrument_detail, name="detail"),
    path("<id:pk>/compare/", views.instrument_compare, name="compare"),
    path(
        "<id:pk>/paragraphs/<id:paragraph_pk>/edit/",
        views.paragraph_edit,
        name="paragraph_edit",
    ),
]
