"""The report as an editable Word document: the same content as the PDF (reports.content),
written with real Word headings, tables and a contents field, for focal points who edit
and sign what they send on. The approved revision's document says that the sealed PDF is
the authentic version and gives its fingerprint."""

import io

from django.utils import formats, timezone
from django.utils.translation import get_language_bidi, get_language_info
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from checklist.assessments.models import Assessment
from checklist.reports import pdf
from checklist.reports.content import report_context
from checklist.text import clean_text

# A4, the UN's paper, with 2.5 cm margins: the width every table spans.
PAGE_WIDTH, PAGE_HEIGHT, MARGIN = Cm(21), Cm(29.7), Cm(2.5)
BLOCK_WIDTH = PAGE_WIDTH - 2 * MARGIN
GREY = RGBColor(0x55, 0x55, 0x55)
RED = RGBColor(0xB7, 0x1C, 0x1C)
DASH = "—"


def report_docx(assessment: Assessment) -> bytes:
    """The report of ``assessment`` in the active language, as DOCX bytes."""
    context = report_context(assessment, with_comments=False)
    document = Document()
    _set_up(document, context)
    _cover(document, context)
    _contents(document)
    _summary(document, context)
    for group in context["groups"]:
        _instrument(document, group)
    if context["has_actions"]:
        _action_plan(document, context["groups"])
    _sign_off(document, assessment)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# Styles are set by their id: python-docx resolving a style by name scans every style of the
# document each time, which made a 500-item report take seconds in style look-ups alone.
TABLE_STYLE = "TableGrid"
HEADING_STYLES = {0: "Title", 1: "Heading1", 2: "Heading2"}


def _heading(document, text: str, level: int) -> None:
    document.add_paragraph(text)._p.style = HEADING_STYLES[level]


def _styled(document, text: str, style_id: str):
    paragraph = document.add_paragraph(text)
    paragraph._p.style = style_id
    return paragraph


def _table(document, lines: list[list[str]]) -> None:
    """A bordered table of ``lines``, written cell by cell in one pass (add_row and
    cell.text rebuild the row's grid on every call)."""
    # The body's add_table, not the document's: that one looks the page width up again in
    # the whole document for every table.
    table = document._body.add_table(len(lines), len(lines[0]), BLOCK_WIDTH)
    table._tbl.tblStyle_val = TABLE_STYLE
    values = [value for line in lines for value in line]
    columns = len(lines[0])
    # Two columns are a label and its value: the label needs less room.
    widths = [BLOCK_WIDTH * 3 // 10, BLOCK_WIDTH * 7 // 10] if columns == 2 else None
    if widths:
        for column, width in zip(table._tbl.tblGrid.gridCol_lst, widths, strict=True):
            column.w = width
    for index, (cell, value) in enumerate(zip(table._tbl.iter_tcs(), values, strict=True)):
        if widths:
            cell.width = widths[index % columns]
        if value:
            cell.p_lst[0].add_r().text = _text(value)


def _text(value) -> str:
    """Text Word can hold: XML refuses most C0 controls, which older rows may still carry."""
    return clean_text(str(value or ""))


def _date(value, format_name: str = "DATE_FORMAT") -> str:
    return formats.date_format(value, format_name) if value else DASH


def _set_up(document, context: dict) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, MARGIN)
    document.core_properties.title = _text(
        f"{context['assessment'].country.name}: {context['assessment'].title}"
    )
    document.core_properties.author = _text(", ".join(context["prepared_by"]))
    document.styles["Normal"].font.size = Pt(10)
    if get_language_bidi():
        _right_to_left(document)
    # Word fills the contents field in when the document is opened.
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    document.settings.element.append(update)


def _right_to_left(document) -> None:
    """Arabic: paragraphs and runs of every style read right to left."""
    for style in document.styles:
        element = style.element
        if element.pPr is None and style.type == 1:
            element.get_or_add_pPr()
        if getattr(element, "pPr", None) is not None:
            element.pPr.append(OxmlElement("w:bidi"))
        if getattr(element, "rPr", None) is None and hasattr(element, "get_or_add_rPr"):
            element.get_or_add_rPr()
        if getattr(element, "rPr", None) is not None:
            element.rPr.append(OxmlElement("w:rtl"))


def _facts_table(document, facts: list[tuple[str, str]]) -> None:
    _table(document, [[str(label), str(value)] for label, value in facts])


def _cover(document, context: dict) -> None:
    assessment = context["assessment"]
    kicker = document.add_paragraph(_("Compliance report"))
    kicker.runs[0].font.color.rgb = GREY
    _heading(document, _text(f"{assessment.country.name} ({assessment.country.code})"), 0)
    document.add_paragraph(_text(assessment.title))
    approved = (
        f"{context['approved_by']}, {_date(timezone.localtime(assessment.approved_at))}"
        if assessment.is_approved and assessment.approved_at
        else _("Not approved")
    )
    _facts_table(
        document,
        [
            (_("As of"), _date(assessment.as_of)),
            (_("Review state"), assessment.get_review_state_display()),
            (_("Revision"), str(assessment.revision)),
            (_("Prepared by"), ", ".join(context["prepared_by"]) or DASH),
            (_("Approved by"), approved),
            (_("Items"), str(context["total"])),
        ],
    )
    _heading(document, _("Instruments"), 2)
    for instrument in context["instruments"]:
        _styled(
            document,
            _text(f"{instrument.symbol}, {instrument.date_label}: {instrument.title}"),
            "ListBullet",
        )
    if context["draft"]:
        note = document.add_paragraph(
            _("Draft: this report has not been approved and its findings may still change.")
        )
        note.runs[0].font.color.rgb = RED
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _contents(document) -> None:
    """A real Word table of contents: a TOC field over the headings, filled in on opening."""
    _heading(document, _("Contents"), 1)
    run = document.add_paragraph().add_run()
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = 'TOC \\o "1-2" \\h \\z \\u'
    placeholder = OxmlElement("w:t")
    placeholder.text = _("Right-click to update the table of contents.")
    parts = [_field_char("begin"), code, _field_char("separate"), placeholder, _field_char("end")]
    for element in parts:
        run._r.append(element)


def _field_char(kind: str):
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    return element


def _summary(document, context: dict) -> None:
    _heading(document, _("Summary"), 1)
    groups = context["groups"]
    lines = [[_("Finding"), _("All items"), *[_text(g["instrument"].symbol) for g in groups]]]
    for index, count in enumerate(context["overall"]):
        lines.append(
            [
                str(count.label),
                f"{count.count} ({count.share:.0f} %)",
                *[_share(group["counts"][index]) for group in groups],
            ]
        )
    lines.append(
        [_("Items"), str(context["total"]), *[str(len(group["rows"])) for group in groups]]
    )
    _table(document, lines)


def _share(count) -> str:
    return f"{count.count} ({count.share:.0f} %)"


def _instrument(document, group: dict) -> None:
    instrument = group["instrument"]
    document.add_page_break()
    _heading(document, _text(instrument.symbol), 1)
    document.add_paragraph(_text(f"{instrument.title} ({instrument.date_label})"))
    vote = group.get("vote")
    if vote:
        document.add_paragraph(
            _("The State’s vote: %(vote)s") % {"vote": vote.get_vote_display() or DASH}
        )
        if vote.statement:
            _styled(document, _text(vote.statement), "Quote")
    for entry in group["items"]:
        _item(document, entry)


def _item(document, entry: dict) -> None:
    row = entry["row"]
    _heading(document, _text(f"{row.label} {row.action}".strip()), 2)
    paragraph = document.add_paragraph()
    paragraph.add_run(_text(row.lead)).italic = True
    paragraph.add_run(" " + _text(row.rest))
    position = entry.get("position")
    facts = [
        (_("Finding"), str(row.finding_label)),
        (_("Evidence"), row.evidence or DASH),
        (_("Sources"), "\n".join(_source_line(source) for source in row.sources) or DASH),
        (_("The State’s position"), _position_line(position)),
    ]
    if entry.get("signoff"):
        signoff = entry["signoff"]
        facts.append((_("Reviewed and accepted by"), f"{signoff.reviewer}, {_date(signoff.at)}"))
    _facts_table(document, facts)
    if entry.get("actions"):
        document.add_paragraph(
            _("Actions: %(count)s (see the action plan)") % {"count": len(entry["actions"])}
        )


def _source_line(source) -> str:
    line = source.title
    if source.url:
        line += f" — {source.url}"
    if source.file_name:
        line += f" ({source.file_name})"
    return line


def _position_line(position) -> str:
    if position is None:
        return DASH
    line = str(position.label or DASH)
    return f"{line}\n{position.statement}" if position.statement else line


def _action_plan(document, groups: list[dict]) -> None:
    document.add_page_break()
    _heading(document, _("Annex: action plan"), 1)
    for group in groups:
        for entry in group["items"]:
            if entry["actions"]:
                row = entry["row"]
                _heading(document, _text(f"{group['instrument'].symbol} · {row.label}"), 2)
                for action in entry["actions"]:
                    _action(document, action)


def _action(document, action) -> None:
    due = _date(action.due_on)
    if action.overdue:
        due = _("%(date)s (overdue)") % {"date": due}
    status = str(action.status_label)
    if action.dropped_reason:
        status = f"{status}: {action.dropped_reason}"
    lead = action.lead or DASH
    if action.others:
        lead = _("%(lead)s (with %(others)s)") % {"lead": lead, "others": ", ".join(action.others)}
    _facts_table(
        document,
        [
            (_("Action"), action.description),
            (_("Lead institution"), lead),
            (_("Due date"), due),
            (_("Status"), status),
        ],
    )
    if action.indicators:
        titles = [_("What is measured"), _("Baseline"), _("Target"), _("Current value")]
        _table(document, [titles, *[_indicator_line(each) for each in action.indicators]])
    document.add_paragraph()


def _indicator_line(indicator) -> list[str]:
    current = indicator.current_value or DASH
    if indicator.measured_on:
        current = f"{current} ({_date(indicator.measured_on, 'SHORT_DATE_FORMAT')})"
    return [indicator.description, indicator.baseline or DASH, indicator.target or DASH, current]


def _sign_off(document, assessment: Assessment) -> None:
    document.add_page_break()
    _heading(document, _("Sign-off"), 1)
    if assessment.is_approved:
        _authentic_version(document, assessment)
    labels = (_("Name"), _("Title"), _("Institution"), _("Date"), _("Signature"))
    _table(document, [[label, ""] for label in labels])


def _authentic_version(document, assessment: Assessment) -> None:
    """The sealed PDF is what was approved; this editable copy points to it."""
    stored = pdf.approved_report(assessment)
    note = document.add_paragraph(
        _(
            "This document is an editable copy. The authentic version of this approved report "
            "is the sealed PDF of revision %(revision)s, in %(language)s, whose SHA-256 "
            "fingerprint is %(sha256)s."
        )
        % {
            "revision": assessment.revision,
            "language": get_language_info(stored.language)["name_translated"],
            "sha256": stored.sha256,
        }
    )
    note.runs[0].bold = True
