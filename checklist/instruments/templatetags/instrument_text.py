from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from checklist.instruments.models import FOOTNOTE_MARK

register = template.Library()


@register.filter
def footnoted(text: str, scope="") -> SafeString:
    """Escape paragraph text, then show its [^N] footnote marks as linked superscripts.

    The links point to ``#fnN``, or to ``#fn{scope}-N`` where one page shows the footnotes of
    several paragraphs (a checklist item's own footnotes sit under it).
    """
    escaped = str(conditional_escape(text))
    prefix = f"fn{scope}-" if scope else "fn"
    return mark_safe(
        FOOTNOTE_MARK.sub(
            lambda m: format_html(
                '<sup class="fnref"><a href="#{1}{0}" aria-label="{2}">{0}</a></sup>',
                m.group(1),
                prefix,
                # Translators: read out by screen readers for a footnote reference.
                gettext("footnote %(number)s") % {"number": m.group(1)},
            ),
            escaped,
        )
    )
