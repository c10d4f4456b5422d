from django.urls import path

from checklist.reports import views

app_name = "reports"
urlpatterns = [
    path("<int:pk>/report/", views.report, name="report"),
    path("<int:pk>/report/pdf/", views.report_pdf, name="pdf"),
    path("<int:pk>/report/print/", views.report_print, name="print"),
    path("<int:pk>/report/responses.csv", views.responses_csv, name="csv"),
    path("<int:pk>/report/responses.xlsx", views.responses_xlsx, name="xlsx"),
]
