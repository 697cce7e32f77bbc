"""The board settings page (/mod/settings/): administrators change approval rules, flood control, guest limits and
the recycle bin's days at run time. Each save is one row of the moderation log listing what changed, from what to
what; every process reads the new values at its next request (boardsettings.store)."""

import json

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import MemberGroup
from boardsettings import store
from boardsettings.models import FIELDS, BoardSettings, split_words
from forum import permissions
from forum.http import client_ip

from .log import log
from .services import ModerationRefused

SECTIONS = [
    (gettext_lazy("Approval"), ["approve_first_posts", "held_words", "hold_links_under_posts",
                                "require_verified_email_to_post"]),
    (gettext_lazy("Flood control"), ["flood_seconds", "flood_seconds_by_group"]),
    (gettext_lazy("Guests"), ["guest_posts_per_hour", "guest_posts_per_email"]),
    (gettext_lazy("Recycle bin"), ["recycle_bin_days"]),
]


class BoardSettingsForm(forms.ModelForm):
    held_words = forms.CharField(
        label=gettext_lazy("Held words"), required=False, max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=BoardSettings._meta.get_field("held_words").help_text)
    flood_seconds_by_group = forms.CharField(
        label=gettext_lazy("Flood control by member group"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("One group a line, as “Group name = seconds” (e.g. “Moderators = 0”). Groups not "
                               "listed wait the board's default."))

    class Meta:
        model = BoardSettings
        fields = FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["held_words"] = "\n".join(self.instance.held_word_list)
            self.initial["flood_seconds_by_group"] = "\n".join(
                f"{name} = {seconds}" for name, seconds in self.instance.flood_seconds_by_group.items())
        for name, field in self.fields.items():
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"id_{name}_help"

    def clean_held_words(self):
        return "\n".join(split_words(self.cleaned_data["held_words"]))

    def clean_flood_seconds_by_group(self):
        names = set(MemberGroup.objects.values_list("name", flat=True))
        seconds_by_group, errors = {}, []
        for line in self.cleaned_data["flood_seconds_by_group"].splitlines():
            if not line.strip():
                continue
            name, sep, seconds = line.rpartition("=")
            name, seconds = name.strip(), seconds.strip()
            if not sep or not seconds.isdigit():
                errors.append(_("“%(line)s”: write a group name, “=”, and a whole number of seconds.")
                              % {"line": line.strip()})
            elif name not in names:
                errors.append(_("“%(name)s” is not a member group.") % {"name": name})
            else:
                seconds_by_group[name] = int(seconds)
        if errors:
            raise forms.ValidationError(errors)
        return seconds_by_group

    def sections(self):
        return [(title, [self[name] for name in names]) for title, names in SECTIONS]


def _shown(value):
    return json.dumps(value, ensure_ascii=False)


@transaction.atomic
def save_board_settings(values, actor, ip_address=None):
    """Administrators only; -> [(field, old, new)]. One log row lists the changes ("field: old → new", values as
    JSON, read back as sentences by log_sentences.settings_changes); nothing changed, nothing logged."""
    if not (actor is not None and permissions.is_board_admin(actor)):
        raise ModerationRefused(_("Only administrators can do that."))
    changes = store.save(values)
    if changes:
        log(actor, "board_settings", BoardSettings(pk=1), ip_address,
            "\n".join(f"{name}: {_shown(old)} → {_shown(new)}" for name, old, new in changes))
    return changes


def board_settings(request):
    if not (request.user.is_authenticated and permissions.is_board_admin(request.user)):
        raise PermissionDenied
    # A copy: the form writes into its instance, and the current settings are shared by this process's requests.
    form = BoardSettingsForm(request.POST or None, instance=BoardSettings(pk=1, **store.current().values()))
    if request.method == "POST" and form.is_valid():
        changes = save_board_settings({name: form.cleaned_data[name] for name in FIELDS}, request.user,
                                      client_ip(request))
        messages.success(request, _("The board settings were saved.") if changes else _("Nothing was changed."))
        return redirect("moderation:board_settings")
    return render(request, "moderation/board_settings.html", {"form": form},
                  status=400 if form.errors else 200)
