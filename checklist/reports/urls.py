from django.urls import path

from checklist.reports import views

app_name = "reports"
urlpatterns = [
    path("<id:pk>/report/", views.report, name="report"),
    path("<id:pk>/report/pdf/", views.report_pdf, name="pdf"),
    path("<id:pk>/report/print/", views.report_print, name="print"),
    path("<id:pk>/report/responses.csv", views.responses_csv, name="csv"),
    path("<id:pk>/report/responses.xlsx", views.responses_xlsx, name="xlsx"),
    path("<id:pk>/report/report.docx", views.report_docx, name="docx"),
]
