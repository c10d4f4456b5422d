"""Checklist rows rendered with Jinja2 (templates/jinja2/assessments/): the page, one row for
htmx, a save's answer, the sources and the conflict box. Every view that shows a row goes
through here, so the markup of a row exists once."""

from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template import engines
from django.urls import reverse
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

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


# Plurals are chosen here: Django's makemessages extracts only `_("...")` from the Jinja2
# templates, not ngettext calls.
def _items_with_finding(done: int, total: int) -> str:
    return ngettext(
        "%(done)s of %(total)s item has a finding",
        "%(done)s of %(total)s items have a finding",
        total,
    ) % {"done": done, "total": total}


def _showing_items(shown: int, total: int) -> str:
    return ngettext(
        "Showing %(shown)s of %(total)s item.", "Showing %(shown)s of %(total)s items.", total
    ) % {"shown": shown, "total": total}


def _comments_link_open(count: int, label: str) -> SafeString:
    """The text of an item's comments link while some of its comments are open."""
    text = ngettext(
        'Comments <span class="badge text-bg-primary">%(count)s open</span>'
        '<span class="visually-hidden"> on %(label)s</span>',
        'Comments <span class="badge text-bg-primary">%(count)s open</span>'
        '<span class="visually-hidden"> on %(label)s</span>',
        count,
    )
    return mark_safe(text % {"count": count, "label": conditional_escape(label)})


def _more_items(every: str, next_instrument: str) -> SafeString:
    """The links under a chunk of rows, for a browser without JavaScript. Built here: the
    sentence holds an apostrophe and quoted attributes, which makemessages cannot extract
    from a `_("...")` in a Jinja2 template."""
    text = gettext(
        'More items follow. <a href="%(every)s">Show every item on one page</a> or '
        '<a href="%(next)s">only the next instrument\'s items</a>.'
    )
    return mark_safe(
        text % {"every": conditional_escape(every), "next": conditional_escape(next_instrument)}
    )


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
        "items_with_finding": _items_with_finding,
        "showing_items": _showing_items,
        "comments_link_open": _comments_link_open,
        "more_items": _more_items,
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
