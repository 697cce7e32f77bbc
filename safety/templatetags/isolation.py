"""{% load isolation %}: `{% blocktranslate with name=post.display_author_name|bdi %}By {{ name }}{% endblocktranslate %}`
isolates a user-written name or title inside a translated sentence (safety.text.isolate)."""

from django import template

from ..text import isolate

register = template.Library()


@register.filter
def bdi(value):
    return isolate(value)
