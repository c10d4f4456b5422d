"""The Jinja2 environment for the few templates that render many rows (see settings)."""

from django.template.defaultfilters import capfirst, linebreaksbr
from django.utils.translation import gettext
from jinja2 import Environment, StrictUndefined

from checklist.assessments.templatetags.assessment_time import ago
from checklist.instruments.templatetags.instrument_text import footnoted


def environment(**options) -> Environment:
    # A missing variable is a bug: fail loudly rather than print nothing.
    env = Environment(**{**options, "undefined": StrictUndefined})
    env.filters.update(footnoted=footnoted, ago=ago, linebreaksbr=linebreaksbr, capfirst=capfirst)
    # {{ _("text %(n)s")|format(n=x) }}: what makemessages extracts from these templates.
    env.globals["_"] = gettext
    return env
