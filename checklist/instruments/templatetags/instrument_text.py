import re

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

FOOTNOTE_MARK = re.compile(r"\[\^(\d{1,3})\]")


@register.filter
def footnoted(text: str) -> SafeString:
    """Escape paragraph text, then show its [^N] footnote marks as linked superscripts."""
    escaped = str(conditional_escape(text))
    return mark_safe(
        FOOTNOTE_MARK.sub(
            lambda m: format_html(
                '<sup class="fnref"><a href="#fn{0}" aria-label="footnote {0}">{0}</a></sup>',
                m.group(1),
            ),
            escaped,
        )
    )
