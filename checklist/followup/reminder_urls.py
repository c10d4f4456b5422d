"""The organisation's reminder notice, under the organisation's URLs. To be folded into
checklist/followup/urls.py at merge."""

from django.urls import path

from checklist.followup import reminders

app_name = "reminders"
urlpatterns = [
    path("<slug:slug>/reminders/", reminders.notice, name="notice"),
]
