"""Checklist rows rendered with Jinja2 (templates/jinja2/assessments/): the page, one row for
htmx, a save's answer, the sources and the conflict box. Every view that shows a row goes
through here, so the markup of a row exists once."""

from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template import engines
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from checklist.assessments.access import Permissions
from checklist.assessments.models import Assessment, Finding
from checklist.ids import MAX_ID

# Reversed with this id in the item's or source's place, then filled in per row.
PLACEHOLDER = str(MAX_ID)
ITEM_ROUTES = {
    "item": "assessments:item",
    "history": "assessments:history",
    "add_source": "assessments:add_source",
    "review": "assessments:review_item",
    "comments": "assessments:comments",
}
SOURCE_ROUTES = {
    "source_file": "assessments:source_file",
    "remove_source": "assessments:remove_source",
}
# Reversed with the instrument's id in its place: the State's vote under its heading.
INSTRUMENT_ROUTES = {"vote": "positions:vote"}


class RowUrls:
    """The URLs a row links to, each route reversed once per request: reversing seven URLs
    for each of a thousand rows would cost more than rendering the rest of the page.

    ``urls.item(item_pk)`` is ``reverse("assessments:item", args=[assessment_pk, item_pk])``.
    """

    def __init__(self, assessment_pk: int):
        self.checklist = reverse("assessments:checklist", args=[assessment_pk])
        self.rows = reverse("assessments:rows", args=[assessment_pk])
        for name, route in {**ITEM_ROUTES, **SOURCE_ROUTES, **INSTRUMENT_ROUTES}.items():
            before, _, after = reverse(route, args=[assessment_pk, PLACEHOLDER]).rpartition(
                PLACEHOLDER
            )
            setattr(self, name, _filler(before, after))


def _filler(before: str, after: str):
    def url(pk: int) -> str:
        return f"{before}{pk}{after}"

    return url


def _finding_options() -> dict[str, SafeString]:
    """The finding's <option> list with each finding selected (and with none, under ""),
    built once per request instead of once per row."""
    return {
        chosen: format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (value, " selected" if value == chosen else "", label)
                for value, label in Finding.choices
            ),
        )
        for chosen in ["", *Finding.values]
    }


def _context(request: HttpRequest, assessment: Assessment, permissions: Permissions) -> dict:
    return {
        "urls": RowUrls(assessment.pk),
        "csrf_input": format_html(
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request)
        ),
        "finding_options": _finding_options(),
        "permissions": permissions,
        "user_pk": request.user.pk,
        # Why a reviewer's verdict was refused, and their comment (views._refused_review).
        "review_notice": None,
        "symbols": {
            instrument.pk: instrument.symbol for instrument in assessment.instruments.all()
        },
    }


def render(
    template: str,
    request: HttpRequest,
    *,
    assessment: Assessment,
    permissions: Permissions,
    **context,
) -> SafeString:
    """Render one of the templates in templates/jinja2/assessments/ with the row context."""
    engine = engines["jinja2"]
    html = engine.get_template(f"assessments/{template}").render(
        {**_context(request, assessment, permissions), **context}
    )
    return mark_safe(html)
