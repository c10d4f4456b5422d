"""The Jinja2 environment for the few templates that render many rows (see settings)."""

from django.template.defaultfilters import capfirst, linebreaksbr
from django.utils.translation import gettext, ngettext
from jinja2 import Environment, StrictUndefined
from markupsafe import Markup

from checklist.assessments.templatetags.assessment_time import ago
from checklist.instruments.templatetags.instrument_text import footnoted


def environment(**options) -> Environment:
    # A missing variable is a bug: fail loudly rather than print nothing.
    env = Environment(**{**options, "undefined": StrictUndefined})
    # Old-style callables: `_("%(n)s items")|format(n=x)` formats after translating, and
    # Django's makemessages extracts the `_("...")` constants from these templates.
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(gettext, ngettext, newstyle=False)
    env.filters.update(
        footnoted=footnoted, ago=ago, linebreaksbr=linebreaksbr, capfirst=capfirst, bdi=isolated
    )
    return env


def isolated(value) -> Markup:
    """``value`` (a name, a symbol) in <bdi>, escaped: it keeps its own direction inside a
    sentence in the other one (an English name in Arabic)."""
    return Markup("<bdi>%s</bdi>") % value
