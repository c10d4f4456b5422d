from django.urls import path

from checklist.followup import dashboard_views

app_name = "followup_board"
urlpatterns = [
    path("<id:pk>/follow-up/", dashboard_views.board, name="board"),
    path("<id:pk>/follow-up/actions.csv", dashboard_views.board_csv, name="csv"),
    path("<id:pk>/follow-up/actions.xlsx", dashboard_views.board_xlsx, name="xlsx"),
]
