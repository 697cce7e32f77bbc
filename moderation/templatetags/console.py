"""The moderator console's small template helpers."""

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.formats import date_format as localized, get_format
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def compact_time(value):
    """A short date (the time today, the day this year, else the date) in a <time> whose title holds the full time."""
    if value is None:
        return ""
    local, now = timezone.localtime(value), timezone.localtime()
    if local.date() == now.date():
        short = localized(local, "TIME_FORMAT")
    elif local.year == now.year:
        short = date_format(local, get_format("MONTH_DAY_FORMAT"))
    else:
        short = localized(local, "SHORT_DATE_FORMAT")
    return format_html('<time datetime="{}" title="{}">{}</time>', local.isoformat(),
                       localized(local, "DATETIME_FORMAT"), short)
