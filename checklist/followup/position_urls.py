"""The State's positions and votes, under the assessment's URLs. To be folded into
checklist/followup/urls.py at merge (the names then move to that namespace)."""

from django.urls import path

from checklist.followup import positions

app_name = "positions"
urlpatterns = [
    path("<id:pk>/items/<id:item_pk>/position/", positions.item_position, name="item_position"),
    path("<id:pk>/instruments/<id:instrument_pk>/vote/", positions.vote, name="vote"),
]
