"""What a notification says and where it leads, in the active language: the same words on the page and in emails.
`n` comes from services.visible_to (it knows post_visible and topic_visible) and has actor, post, topic loaded."""

from django.utils.html import format_html
from django.utils.translation import gettext as _

from safety.text import isolate

from .models import Kind

_WITH_TITLE = {
    Kind.REPLY: lambda: _("%(actor)s replied to “%(title)s”"),
    Kind.NEW_TOPIC: lambda: _("%(actor)s started a new topic, “%(title)s”"),
    Kind.QUOTE: lambda: _("%(actor)s quoted your post in “%(title)s”"),
    Kind.MENTION: lambda: _("%(actor)s mentioned you in “%(title)s”"),
    Kind.RECOMMENDED: lambda: _("Your post in “%(title)s” was recommended"),
    Kind.APPROVED: lambda: _("Your post in “%(title)s” was approved"),
    Kind.REJECTED: lambda: _("Your post in “%(title)s” was not approved"),
    Kind.HIDDEN: lambda: _("A moderator hid your post in “%(title)s”"),
    Kind.REPORT_HANDLED: lambda: _("Your report about a post in “%(title)s” was handled"),
}
_WITHOUT_TITLE = {
    Kind.REJECTED: lambda: _("Your post was not approved"),
    Kind.HIDDEN: lambda: _("A moderator hid your post"),
    Kind.REPORT_HANDLED: lambda: _("Your report was handled"),
    Kind.WARNING: lambda: _("A moderator warned you"),
}


def describe(n, html=False):
    """The sentence, as plain text (email subjects and text bodies), or with `html` as safe HTML in which the actor's
    name and the topic's title are escaped and isolated (<bdi>) from the sentence's direction."""
    has_actor = n.actor_id and n.actor
    actor = n.actor.public_name if has_actor else _("A member")
    if n.topic_id and n.topic_visible and n.kind in _WITH_TITLE:
        values = {"actor": actor, "title": n.topic.title}
        if not html:
            return _WITH_TITLE[n.kind]() % values
        return format_html(_WITH_TITLE[n.kind]().replace("%(actor)s", "{actor}").replace("%(title)s", "{title}"),
                           actor=isolate(actor) if has_actor else actor, title=isolate(n.topic.title))
    text = _WITHOUT_TITLE.get(n.kind, lambda: _("Something happened that you asked to hear about"))()
    return format_html("{}", text) if html else text


def link(n):
    """The exact post on the right page of its topic, or the topic, or nothing when the member may see neither."""
    if n.post_id and n.post_visible:
        return n.post.get_absolute_url()
    if n.topic_id and n.topic_visible:
        return n.topic.get_absolute_url()
    return None
