from datetime import datetime, timedelta

from django import template
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext

register = template.Library()


@register.filter
def ago(moment: datetime | None) -> str:
    """'just now' for the last minute, then '5 minutes ago', '2 days, 3 hours ago'."""
    if moment is None:
        return ""
    if timezone.now() - moment < timedelta(minutes=1):
        return gettext("just now")
    # Translators: how long ago something happened; "delta" is e.g. "2 days, 3 hours".
    return gettext("%(delta)s ago") % {"delta": timesince(moment)}


@register.filter
def duration(length: timedelta) -> str:
    """'15 minutes', '1 hour, 30 minutes': a length of time in words."""
    now = timezone.now()
    return timesince(now - length, now)
