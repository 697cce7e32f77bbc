"""The moderation log read as sentences ("admin pinned the topic “Rules”"), in the reader's language.

Each action code written anywhere in the project (moderation.services, own_posts, recommendations, the board
settings page) has a sentence here; a code without one (a newer app's) still reads as "name: code “target”".
User-written names and titles are escaped and isolated in <bdi>; the target is a link only where the viewer may
open it (links are resolved for a whole page at once, see history.target_links)."""

import json

from django.core.exceptions import FieldDoesNotExist
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

SENTENCES = {
    "topic_pin": gettext_lazy("%(actor)s pinned the topic “%(target)s”"),
    "topic_unpin": gettext_lazy("%(actor)s unpinned the topic “%(target)s”"),
    "topic_lock": gettext_lazy("%(actor)s locked the topic “%(target)s”"),
    "topic_unlock": gettext_lazy("%(actor)s unlocked the topic “%(target)s”"),
    "topic_hide": gettext_lazy("%(actor)s hid the topic “%(target)s”"),
    "topic_unhide": gettext_lazy("%(actor)s made the topic “%(target)s” visible again"),
    "topic_delete": gettext_lazy("%(actor)s moved the topic “%(target)s” to the recycle bin"),
    "topic_restore": gettext_lazy("%(actor)s restored the topic “%(target)s” from the recycle bin"),
    "topic_delete_own": gettext_lazy("%(actor)s deleted their own topic “%(target)s”"),
    "topic_move": gettext_lazy("%(actor)s moved the topic “%(target)s”"),
    "topic_rename": gettext_lazy("%(actor)s renamed a topic to “%(target)s”"),
    "topic_merge": gettext_lazy("%(actor)s merged a topic into “%(target)s”"),
    "topic_split": gettext_lazy("%(actor)s split posts out of the topic “%(target)s”"),
    "post_hide": gettext_lazy("%(actor)s hid the post “%(target)s”"),
    "post_unhide": gettext_lazy("%(actor)s made the post “%(target)s” visible again"),
    "post_delete": gettext_lazy("%(actor)s moved the post “%(target)s” to the recycle bin"),
    "post_restore": gettext_lazy("%(actor)s restored the post “%(target)s” from the recycle bin"),
    "post_delete_own": gettext_lazy("%(actor)s deleted their own post “%(target)s”"),
    "post_approve": gettext_lazy("%(actor)s approved the post “%(target)s”"),
    "post_reject": gettext_lazy("%(actor)s rejected the post “%(target)s”"),
    "post_edit": gettext_lazy("%(actor)s edited the post “%(target)s”"),
    "post_revision_restore": gettext_lazy("%(actor)s restored an earlier version of the post “%(target)s”"),
    "reports_close": gettext_lazy("%(actor)s closed the reports on the post “%(target)s”"),
    "recommend": gettext_lazy("%(actor)s recommended the post “%(target)s”"),
    "unrecommend": gettext_lazy("%(actor)s took back the recommendation of the post “%(target)s”"),
    "member_warn": gettext_lazy("%(actor)s warned %(target)s"),
    "member_warning_withdraw": gettext_lazy("%(actor)s withdrew a warning given to %(target)s"),
    "member_suspend": gettext_lazy("%(actor)s suspended %(target)s"),
    "member_unsuspend": gettext_lazy("%(actor)s lifted the suspension of %(target)s"),
    "member_ban": gettext_lazy("%(actor)s banned %(target)s"),
    "member_unban": gettext_lazy("%(actor)s lifted the ban on %(target)s"),
    "member_group": gettext_lazy("%(actor)s changed the member group of %(target)s"),
    "ban_member": gettext_lazy("%(actor)s added a ban: %(target)s"),
    "ban_email": gettext_lazy("%(actor)s banned an email address: %(target)s"),
    "ban_ip": gettext_lazy("%(actor)s banned an IP address or range: %(target)s"),
    "unban_member": gettext_lazy("%(actor)s lifted a ban: %(target)s"),
    "unban_email": gettext_lazy("%(actor)s lifted the ban on an email address: %(target)s"),
    "unban_ip": gettext_lazy("%(actor)s lifted the ban on an IP address or range: %(target)s"),
    "forum_permissions": gettext_lazy("%(actor)s changed the permissions of the forum “%(target)s”"),
    "board_settings": gettext_lazy("%(actor)s changed the board settings"),
}


def _bdi(text):
    return format_html("<bdi>{}</bdi>", text)


def sentence(entry, link=None):
    """The entry as one escaped sentence; `link` (a URL or None) makes the target a link."""
    actor = _bdi(entry.actor_name) if entry.actor_name else conditional_escape(_("The board"))
    target = _bdi(entry.target_label) if entry.target_label else conditional_escape(_("(gone)"))
    if link:
        target = format_html('<a href="{}">{}</a>', link, target)
    template = SENTENCES.get(entry.action)
    if template is None:
        return format_html("{}: {} “{}”", actor, entry.action, target)
    return mark_safe(conditional_escape(str(template)) % {"actor": actor, "target": target})


def action_label(action):
    """A short name for the action filter: the sentence without who and what ("pinned the topic “…”")."""
    template = SENTENCES.get(action)
    if template is None:
        return action
    return (str(template) % {"actor": "", "target": "…"}).strip()


def settings_changes(entry):
    """For a board settings entry: [(label, old, new)] from the lines its reason holds ("name: old → new", values
    as JSON), the labels in the reader's language."""
    from boardsettings.models import BoardSettings

    changes = []
    for line in entry.reason.splitlines():
        name, sep, rest = line.partition(": ")
        old, arrow, new = rest.partition(" → ")
        if not (sep and arrow):
            continue
        try:
            label = BoardSettings._meta.get_field(name).verbose_name
        except FieldDoesNotExist:  # a setting removed since: its name as it was
            label = name
        changes.append((label, _shown(old), _shown(new)))
    return changes


def _shown(value):
    try:
        value = json.loads(value)
    except ValueError:
        return value
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dict):
        return ", ".join(f"{key}={seconds}" for key, seconds in value.items()) or "—"
    if isinstance(value, str):
        return ", ".join(value.split("\n")) or "—"
    return str(value)
